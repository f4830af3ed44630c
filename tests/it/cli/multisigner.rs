//! multisigner on zone files alone: a group of providers built with our keygen, importkey
//! and signzone (ED25519, fast); each inconsistency of issue 15 is reported with provider and
//! key; the `-u` output, run and followed by re-signing, turns a failing group into a passing
//! one; errors exit 2. `Group` is shared with `interop::multisigner`.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{ours, run_in, scratch, Run};

/// The zone every provider serves.
pub const ZONE: &str = "ms.test";

/// A multi-signer group under construction: one key directory `P/` and one unsigned zone
/// `P.db` per provider, signed into `P.signed`.
pub struct Group {
    pub dir: tempfile::TempDir,
    pub providers: Vec<&'static str>,
}

/// The zone text every provider starts from.
pub fn zone_text(extra: &str) -> String {
    format!(
        "$TTL 300\n@ SOA ns1.ms.test. host.ms.test. 1 3600 600 86400 300\n@ NS ns1.ms.test.\n\
         ns1 A 127.0.0.1\nwww A 192.0.2.1\nsub NS ns.other.test.\n{extra}"
    )
}

impl Group {
    /// Providers with a KSK (CDS/CDNSKEY published now) and a ZSK each, nothing exchanged.
    pub fn new(providers: &[&'static str]) -> Group {
        let g = Group {
            dir: scratch(),
            providers: providers.to_vec(),
        };
        let bin = g.path().join("bin");
        fs::create_dir(&bin).unwrap();
        // The reconcile output names the importkey beside multisigner (ours, `importkey`);
        // the BIND names stand in for scripts written with them.
        for t in ["importkey", "settime"] {
            symlink(ours(t), bin.join(format!("dnssec-{t}"))).unwrap();
        }
        symlink(ours("importkey"), bin.join("importkey")).unwrap();
        for p in providers {
            fs::create_dir(g.path().join(p)).unwrap();
            g.keygen(p, true);
            g.keygen(p, false);
            g.write(&format!("{p}.db"), &zone_text(""));
        }
        g
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, text: &str) {
        fs::write(self.path().join(name), text).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path().join(name)).unwrap()
    }

    /// A new key for provider `p`; its base name.
    pub fn keygen(&self, p: &str, ksk: bool) -> String {
        let mut args = vec!["-q", "-K", p, "-a", "ED25519"];
        if ksk {
            args.extend(["-f", "KSK", "-P", "sync", "now"]);
        }
        args.push(ZONE);
        run_in(self.path(), ours("keygen"), &args)
            .ok()
            .stdout
            .trim()
            .to_string()
    }

    /// The key files (base names) of provider `p` that hold a private key: its own keys
    /// (importkey writes a `.private` with the times alone).
    pub fn own_keys(&self, p: &str) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.path().join(p))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".private").map(str::to_string))
            .filter(|b| {
                self.read(&format!("{p}/{b}.private"))
                    .contains("PrivateKey:")
            })
            .collect();
        v.sort();
        v
    }

    /// Imports key `base` of provider `from` into `to`'s directory: a ZSK published, a KSK
    /// sync-only (RFC 8901 model 2).
    pub fn import(&self, from: &str, to: &str, base: &str, ksk: bool) {
        let file = format!("{from}/{base}.key");
        let mut args = vec!["-K", to];
        args.extend(if ksk {
            ["-P", "sync"].as_slice()
        } else {
            ["-P"].as_slice()
        });
        args.extend(["now", "-f", file.as_str(), ZONE]);
        run_in(self.path(), ours("importkey"), &args).ok();
    }

    /// Every provider's own ZSKs (and, with `ksks`, KSKs) imported everywhere else.
    pub fn exchange(&self, ksks: bool) {
        self.exchange_between(&self.providers, &self.providers, ksks, true);
    }

    /// The own keys of each provider in `from` imported at each other provider in `to`:
    /// ZSKs with `zsks`, KSKs (sync-only) with `ksks`.
    pub fn exchange_between(&self, from: &[&str], to: &[&str], ksks: bool, zsks: bool) {
        for f in from {
            for base in self.own_keys(f) {
                let ksk = self.read(&format!("{f}/{base}.key")).contains(" 257 3 ");
                if (ksk && !ksks) || (!ksk && !zsks) {
                    continue;
                }
                for t in to.iter().filter(|t| *t != f) {
                    self.import(f, t, &base, ksk);
                }
            }
        }
    }

    /// Signs `P.db` into `P.signed` with `P/`'s keys (smart signing).
    pub fn sign(&self, p: &str) {
        let out = format!("{p}.signed");
        let db = format!("{p}.db");
        run_in(
            self.path(),
            ours("signzone"),
            &["-S", "-K", p, "-o", ZONE, "-f", &out, &db],
        )
        .ok();
    }

    pub fn sign_all(&self) {
        for p in &self.providers {
            self.sign(p);
        }
    }

    /// The signed files, as sources.
    pub fn files(&self) -> Vec<String> {
        self.providers
            .iter()
            .map(|p| format!("{p}.signed"))
            .collect()
    }

    /// The check on the signed files of `ps`; asserts exit 0.
    pub fn assert_consistent_among(&self, ps: &[&str]) {
        let files: Vec<String> = ps.iter().map(|p| format!("{p}.signed")).collect();
        let args: Vec<&str> = files.iter().map(String::as_str).collect();
        let r = self.check(&args);
        assert_eq!(
            r.code, 0,
            "{ps:?}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
    }

    /// multisigner -o ms.test ARGS.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["-o", ZONE];
        all.extend_from_slice(args);
        run_in(self.path(), ours("multisigner"), &all)
    }

    /// The check on the signed files; asserts exit 0 and returns stdout.
    pub fn assert_consistent(&self) -> String {
        let files = self.files();
        let args: Vec<&str> = files.iter().map(String::as_str).collect();
        let r = self.check(&args);
        assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("providers are consistent"),
            "{}",
            r.stdout
        );
        r.stdout
    }

    /// Runs a shell script in the group directory with our tools under BIND's names first on
    /// PATH.
    pub fn sh(&self, script: &str) -> Run {
        let path = format!(
            "{}:{}",
            self.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = std::process::Command::new("sh")
            .args(["-e", "-c", script])
            .current_dir(self.path())
            .env("PATH", path)
            .env("TZ", "UTC")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        Run::from_output(out)
    }

    /// The key tag of base name `K...+alg+tag`.
    pub fn tag(base: &str) -> String {
        base.rsplit('+')
            .next()
            .unwrap()
            .trim_start_matches('0')
            .to_string()
    }

    /// `ZSK tag/15/256` or `KSK tag/15/257` for provider `p`'s own key `base`.
    pub fn key_text(&self, p: &str, base: &str) -> String {
        let ksk = self.read(&format!("{p}/{base}.key")).contains(" 257 3 ");
        let (role, flags) = if ksk { ("KSK", 257) } else { ("ZSK", 256) };
        format!("{role} {}/15/{flags}", Group::tag(base))
    }

    pub fn zsk(&self, p: &str) -> String {
        self.own_keys(p)
            .into_iter()
            .find(|b| !self.read(&format!("{p}/{b}.key")).contains(" 257 3 "))
            .unwrap()
    }

    pub fn ksk(&self, p: &str) -> String {
        self.own_keys(p)
            .into_iter()
            .find(|b| self.read(&format!("{p}/{b}.key")).contains(" 257 3 "))
            .unwrap()
    }

    /// Runs multisigner with `-q -u P=P/` for every provider, then the commands it printed,
    /// then re-signs every provider.
    pub fn reconcile(&self) -> String {
        self.reconcile_among(&self.providers)
    }

    /// As [`Group::reconcile`] for the providers `ps` only.
    pub fn reconcile_among(&self, ps: &[&str]) -> String {
        let files: Vec<String> = ps.iter().map(|p| format!("{p}.signed")).collect();
        let us: Vec<String> = ps.iter().map(|p| format!("{p}.signed={p}")).collect();
        let mut args = vec!["-q"];
        for u in &us {
            args.extend(["-u", u.as_str()]);
        }
        args.extend(files.iter().map(String::as_str));
        let r = self.check(&args);
        // With -u the report goes to stderr: stdout is the script alone, to run as is.
        assert!(
            r.stdout
                .lines()
                .all(|l| l.starts_with('#') || l.starts_with("echo ")),
            "{}",
            r.stdout
        );
        let script = r.stdout.clone();
        self.sh(&script).ok();
        for p in ps {
            self.sign(p);
        }
        script
    }
}

fn lines_with(out: &str, provider: &str, what: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with(&format!("{provider}: ")) && l.contains(what))
        .map(str::to_string)
        .collect()
}

#[test]
fn consistent_group_passes_quietly() {
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    g.sign_all();
    let out = g.assert_consistent();
    assert!(out.contains("a.signed: SOA serial 1, 3 DNSKEYs"), "{out}");
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    // -v lists the keys, each provider's own KSK among them.
    let r = g.check(&["-v", "a.signed", "b.signed"]);
    let ksk = g.key_text("a", &g.ksk("a"));
    assert!(
        r.stdout.contains(&format!("a.signed: DNSKEY {ksk}")),
        "{}",
        r.stdout
    );
}

#[test]
fn missing_zsk_is_named_with_provider_and_key() {
    let g = Group::new(&["a", "b", "c"]);
    g.exchange(true);
    // c forgets b's ZSK.
    let zsk_b = g.zsk("b");
    for ext in ["key", "private", "state"] {
        let _ = fs::remove_file(g.path().join(format!("c/{zsk_b}.{ext}")));
    }
    g.sign_all();
    let r = g.check(&["a.signed", "b.signed", "c.signed"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let want = format!(
        "c.signed: DNSKEY RRset lacks {} that signs the data of b.signed",
        g.key_text("b", &zsk_b)
    );
    assert!(r.stdout.lines().any(|l| l == want), "{}", r.stdout);
    // A resolver with c's DNSKEY RRset and b's data fails; the other pairs do not.
    let cross = lines_with(
        &r.stdout,
        "b.signed",
        "does not validate with the DNSKEY RRset of",
    );
    assert_eq!(cross.len(), 1, "{}", r.stdout);
    assert!(cross[0].contains("of c.signed: RRSIG"), "{}", cross[0]);
    assert!(cross[0].contains(&format!("{}/15: no such key", Group::tag(&zsk_b))));
    assert!(
        r.stdout.ends_with("NOT consistent: 2 problems\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn cds_that_is_not_the_union_is_named() {
    let g = Group::new(&["a", "b"]);
    g.exchange(false);
    g.sign_all();
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert_eq!(r.code, 1);
    let ksk_a = g.key_text("a", &g.ksk("a"));
    let ksk_b = g.key_text("b", &g.ksk("b"));
    for want in [
        "b.signed: CDS RRset differs from a.signed's".to_string(),
        "b.signed: CDNSKEY RRset differs from a.signed's".to_string(),
        format!("a.signed: CDS RRset lacks {ksk_b} of b.signed"),
        format!("b.signed: CDS RRset lacks {ksk_a} of a.signed"),
        format!("a.signed: CDNSKEY RRset lacks {ksk_b} of b.signed"),
    ] {
        assert!(r.stdout.lines().any(|l| l == want), "{want}\n{}", r.stdout);
    }
    // One provider with none at all: b's KSK leaves the sync records.
    let ksk_b = g.ksk("b");
    run_in(
        g.path(),
        ours("settime"),
        &["-K", "b", "-D", "sync", "now", &ksk_b],
    )
    .ok();
    g.sign("b");
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("b.signed: CDS RRset has none, a.signed's has records"),
        "{}",
        r.stdout
    );
}

#[test]
fn different_ns_and_algorithms_are_named() {
    let g = Group::new(&["a", "b"]);
    g.write("b.db", &zone_text("@ NS ns2.ms.test.\n"));
    g.exchange(true);
    g.sign_all();
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "b.signed: NS RRset (ns1.ms.test., ns2.ms.test.) differs from a.signed's (ns1.ms.test.)\n"
    );
    // b adds an ECDSA ZSK of its own: a lacks it, and the algorithm sets differ.
    let args = ["-q", "-K", "b", "-a", "ECDSAP256SHA256", ZONE];
    let ec = run_in(g.path(), ours("keygen"), &args).ok().stdout;
    g.sign("b");
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert!(
        r.stdout
            .contains("b.signed: DNSKEY algorithms 13 15 differ from a.signed's 15"),
        "{}",
        r.stdout
    );
    let tag = Group::tag(ec.trim());
    assert!(r
        .stdout
        .contains(&format!("a.signed: DNSKEY RRset lacks ZSK {tag}/13/256")));
}

#[test]
fn colliding_key_tags_are_named() {
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    // b publishes a key that is not a's ZSK but has its tag: the public key with two
    // 16-bit words swapped (the tag is a sum of 16-bit words, RFC 4034 Appendix B).
    let zsk_a = g.zsk("a");
    let line = g.read(&format!("a/{zsk_a}.key"));
    let line = line.lines().find(|l| l.contains("DNSKEY")).unwrap();
    let b64 = line.split_whitespace().last().unwrap();
    use base64::Engine as _;
    let b64e = base64::engine::general_purpose::STANDARD;
    let mut key = b64e.decode(b64).unwrap();
    let (x, y) = (key[0..2].to_vec(), key[2..4].to_vec());
    assert_ne!(x, y);
    key[0..2].copy_from_slice(&y);
    key[2..4].copy_from_slice(&x);
    let twin = format!("@ DNSKEY 256 3 15 {}\n", b64e.encode(&key));
    g.write("b.db", &zone_text(&twin));
    g.sign_all();
    let r = g.check(&["-q", "a.signed", "b.signed"]);
    assert_eq!(r.code, 1);
    let tag = Group::tag(&zsk_a);
    let want = format!(
        "b.signed: key tag {tag} collides: ZSK {tag}/15/256 (at a.signed, b.signed) and ZSK {tag}/15/256 (at b.signed) are different keys"
    );
    assert!(r.stdout.lines().any(|l| l == want), "{want}\n{}", r.stdout);
}

#[test]
fn reconcile_output_applied_turns_red_to_green() {
    let g = Group::new(&["a", "b", "c"]);
    g.sign_all();
    let r = g.check(&["-q", "a.signed", "b.signed", "c.signed"]);
    assert_eq!(r.code, 1);
    let script = g.reconcile();
    // Two other ZSKs published and two other KSKs sync-only, for each of three providers.
    assert_eq!(script.matches(" -P now ").count(), 6, "{script}");
    assert_eq!(script.matches(" -P sync now ").count(), 6, "{script}");
    g.assert_consistent();
    // Nothing more to do.
    assert_eq!(g.reconcile(), "# a.signed: key directory 'a'\n# b.signed: key directory 'b'\n# c.signed: key directory 'c'\n");
}

#[test]
fn reconcile_as_nsupdate_script() {
    let g = Group::new(&["a", "b"]);
    g.sign_all();
    let r = g.check(&[
        "-q",
        "-T",
        "600",
        "-u",
        "2=nsupdate",
        "a.signed",
        "b.signed",
    ]);
    assert_eq!(r.code, 1);
    let zsk = g.read(&format!("a/{}.key", g.zsk("a")));
    let rdata = zsk.lines().find(|l| l.contains("DNSKEY")).unwrap();
    let rdata = rdata.split("DNSKEY").nth(1).unwrap().trim();
    let script: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with(';'))
        .collect();
    assert_eq!(script[0], "; b.signed: nsupdate");
    assert_eq!(script[1], "zone ms.test.");
    assert_eq!(
        script[2],
        format!("update add ms.test. 600 IN DNSKEY {rdata}")
    );
    assert!(script[3].starts_with("update add ms.test. 600 IN CDNSKEY 257 3 15 "));
    assert!(script[4].starts_with(&format!(
        "update add ms.test. 600 IN CDS {} 15 2 ",
        Group::tag(&g.ksk("a"))
    )));
    assert_eq!(script[5..], ["send"]);
}

#[test]
fn errors_exit_2_naming_the_culprit() {
    let g = Group::new(&["a"]);
    g.sign_all();
    let cases: &[(&[&str], &str)] = &[
        (
            &["missing.signed"],
            "multisigner: fatal: can't load missing.signed",
        ),
        (
            &["-u", "x=dir", "a.signed"],
            "-u 'x=dir': 'x' is not one of the sources",
        ),
        (
            &["-u", "nodir", "a.signed"],
            "-u 'nodir': expected provider=DIR",
        ),
        (&["@127.0.0.1#0"], "'@127.0.0.1#0': bad port '0'"),
        (&["a.signed", "a.signed"], "'a.signed' is given twice"),
        (&["-T", "x", "a.signed"], "-T 'x'"),
    ];
    for (args, want) in cases {
        let r = g.check(args);
        assert_eq!(r.code, 2, "{args:?}\n{}", r.stderr);
        assert!(r.stderr.contains(want), "{args:?}\n{}", r.stderr);
        assert_eq!(r.stdout, "");
    }
    let r = run_in(g.path(), ours("multisigner"), &["a.signed"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no zone given: use -o zone"),
        "{}",
        r.stderr
    );
    // A bad record: file and line.
    g.write(
        "bad.signed",
        &format!("{}www AAAA 1.2.3.4\n", g.read("a.signed")),
    );
    let r = g.check(&["a.signed", "bad.signed"]);
    assert_eq!(r.code, 2);
    let line = g.read("bad.signed").lines().count();
    assert!(
        r.stderr.contains(&format!("bad.signed:{line}:")),
        "{}",
        r.stderr
    );
    // A server that does not answer: the address is named, quickly.
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = sock.local_addr().unwrap().port();
    let src = format!("@127.0.0.1#{port}");
    let start = std::time::Instant::now();
    let r = g.check(&["a.signed", &src]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(&format!("127.0.0.1:{port}: timed out (2 tries)")),
        "{}",
        r.stderr
    );
    assert!(start.elapsed().as_secs() < 8);
}

#[test]
fn a_lone_provider_is_checked_as_a_group_of_one() {
    let g = Group::new(&["a"]);
    g.sign_all();
    let r = g.check(&["a.signed"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("ms.test: the 1 provider is consistent\n"),
        "{}",
        r.stdout
    );
    // Its signatures are checked: a forged one is one problem.
    let text = g.read("a.signed").replacen("192.0.2.1", "192.0.2.9", 1);
    g.write("a.signed", &text);
    let r = g.check(&["a.signed"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "a.signed: www.ms.test A does not validate with the DNSKEY RRset of a.signed: RRSIG "
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with("NOT consistent: 1 problem\n"),
        "{}",
        r.stdout
    );
}

/// `-u`'s script names the importkey installed beside the running multisigner: `importkey`
/// when it is there (with or without the BIND-style name beside it), `dnssec-importkey`
/// when only that is (a `DNSSEC_KIT_SYMLINKS` install reduced to BIND's names), and
/// `importkey` when neither is. Our multisigner is linked into a directory of its own for
/// each case (a hard link: the running binary's path is the link's, not the target's).
#[test]
fn reconcile_names_the_importkey_installed_beside_it() {
    let g = Group::new(&["a", "b"]);
    g.sign_all();
    let prefix = g.path().join("prefix");
    fs::create_dir(&prefix).unwrap();
    let exe = prefix.join("multisigner");
    if fs::hard_link(ours("multisigner"), &exe).is_err() {
        fs::copy(ours("multisigner"), &exe).unwrap();
    }
    let command = |neighbours: &[&str]| -> (String, String) {
        for n in ["importkey", "dnssec-importkey"] {
            let _ = fs::remove_file(prefix.join(n));
        }
        for n in neighbours {
            symlink(ours("importkey"), prefix.join(n)).unwrap();
        }
        let args = ["-q", "-o", ZONE, "-u", "a.signed=a", "a.signed", "b.signed"];
        let r = run_in(g.path(), &exe, &args);
        assert_eq!(r.code, 1, "{r:?}");
        let words: Vec<&str> = r
            .stdout
            .lines()
            .filter(|l| l.starts_with("echo "))
            .map(|l| l.split(" | ").nth(1).unwrap().split(' ').next().unwrap())
            .collect();
        assert_eq!(words.len(), 2, "{}", r.stdout);
        assert!(words.iter().all(|w| *w == words[0]), "{words:?}");
        (words[0].to_string(), r.stdout.clone())
    };
    assert_eq!(command(&["importkey", "dnssec-importkey"]).0, "importkey");
    assert_eq!(command(&["dnssec-importkey"]).0, "dnssec-importkey");
    assert_eq!(command(&[]).0, "importkey");
    let (word, script) = command(&["importkey"]);
    assert_eq!(word, "importkey");
    // The script runs as printed where only our names are installed (and BIND's tools are
    // not on PATH): b's two keys are imported into a.
    let out = std::process::Command::new("sh")
        .args(["-e", "-c", &script])
        .current_dir(g.path())
        .env("PATH", format!("{}:/usr/bin:/bin", prefix.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let external = fs::read_dir(g.path().join("a"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "private"))
        .filter(|p| fs::read_to_string(p).unwrap().contains("External:"))
        .count();
    assert_eq!(external, 2, "b's ZSK and KSK imported into a");
}
