//! The whole offline pipeline at every step of a policy's life (issue 13, "done when";
//! docs/bind-compat.md, "keymgr: the pipeline"): `keymgr -l named.conf -t T`, then
//! `signzone -S`, then named (on 127.0.0.1 and a port of its own) serving the signed zone, and
//! delv validating its SOA and DNSKEY with a trust anchor made by `dsfromkey` from the KSKs
//! whose DS the parent has at that step. At each step the signed zone must also publish and
//! sign exactly what the key states say.
//!
//! **Time.** delv checks signatures against the real clock, while keymgr's steps are what
//! make the scenario. So the whole scenario is shifted into the past: it starts months ago,
//! keymgr runs at each time it asked for (`next run`), and stops at the first time after
//! now minus a margin. Each step is signed with inception T (`-s`) and an expiration a month
//! after the real now (`-e`): every window contains the real now, so delv validates at
//! every step, and what is published and signed comes from the `.state` files keymgr wrote
//! at T (signzone -S follows the states; without them it would read the times against the
//! real clock).
//!
//! **The parent.** A set of KSK tags. When keymgr exits 2 (a DS waits for the parent), the
//! test plays a prompt parent: it publishes or withdraws the DS at T and tells keymgr with
//! `-checkds published|withdrawn -key TAG`. Before the first DS is published the zone is an
//! insecure delegation: those steps check the states and that named serves the zone, and
//! delv is not asked (no anchor exists yet).

use crate::support::named::{Config, Named, Zone};
use crate::support::{self, run_in};
use dnssec_core::time::{format_timestamp, UnixTime};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ZONE: &str = "$TTL 300\n@ SOA ns.example. root.example. 1 3600 600 86400 300\n\
                    @ NS ns\nns A 127.0.0.1\nwww A 127.0.0.2\n";

/// The states keymgr wrote for one key.
#[derive(Debug, Default)]
struct States {
    ksk: bool,
    dnskey: String,
    zrrsig: String,
    krrsig: String,
    ds: String,
}

fn live(s: &str) -> bool {
    matches!(s, "rumoured" | "omnipresent")
}

fn states(keys: &Path) -> BTreeMap<u16, States> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(keys).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let Some(base) = name.strip_suffix(".state") else {
            continue;
        };
        let tag: u16 = base.rsplit('+').next().unwrap().parse().unwrap();
        let mut st = States::default();
        for line in fs::read_to_string(keys.join(&name)).unwrap().lines() {
            let Some((k, v)) = line.split_once(": ") else {
                continue;
            };
            let v = v.to_string();
            match k {
                "KSK" => st.ksk = v == "yes",
                "DNSKEYState" => st.dnskey = v,
                "ZRRSIGState" => st.zrrsig = v,
                "KRRSIGState" => st.krrsig = v,
                "DSState" => st.ds = v,
                _ => {}
            }
        }
        out.insert(tag, st);
    }
    out
}

/// What the signed zone holds, from named-checkzone's one-record-a-line dump: DNSKEY tags
/// (computed by our dsfromkey from the zone), signers of the SOA and of the DNSKEY RRset, and
/// CDS tags.
#[derive(Debug, PartialEq, Eq)]
struct Published {
    dnskeys: BTreeSet<u16>,
    soa_signers: BTreeSet<u16>,
    dnskey_signers: BTreeSet<u16>,
    cds: BTreeSet<u16>,
}

fn published(dir: &Path, checkzone: &Path) -> Published {
    let dump = run_in(
        dir,
        checkzone,
        &["-q", "-D", "-o", "dump.db", "example", "example.signed"],
    );
    assert_eq!(dump.code, 0, "{dump:?}");
    let text = fs::read_to_string(dir.join("dump.db")).unwrap();
    let ds = run_in(
        dir,
        support::ours("dsfromkey"),
        &["-A", "-f", "dump.db", "example"],
    )
    .ok();
    let field = |l: &str, i: usize| l.split_whitespace().nth(i).unwrap().parse::<u16>().unwrap();
    let mut p = Published {
        dnskeys: ds.stdout.lines().map(|l| field(l, 3)).collect(),
        soa_signers: BTreeSet::new(),
        dnskey_signers: BTreeSet::new(),
        cds: BTreeSet::new(),
    };
    for l in text.lines() {
        let w: Vec<&str> = l.split_whitespace().collect();
        if w.len() < 5 || w[0] != "example." {
            continue;
        }
        match (w[3], w[4]) {
            ("RRSIG", "SOA") => {
                p.soa_signers.insert(field(l, 10));
            }
            ("RRSIG", "DNSKEY") => {
                p.dnskey_signers.insert(field(l, 10));
            }
            ("CDS", _) => {
                p.cds.insert(field(l, 4));
            }
            _ => {}
        }
    }
    p
}

/// keymgr's file: the policy `p` and the zone's key directory.
fn write_policy(d: &Path, policy: &str) {
    write_policy_named(d, policy, "p");
}

/// keymgr's file with the zone using policy `name` (`p`, or a built-in one).
fn write_policy_named(d: &Path, policy: &str, name: &str) {
    fs::write(
        d.join("keymgr.conf"),
        format!(
            "options {{ directory \"{dir}\"; }};\n{policy}\n\
             zone \"example\" {{ type primary; file \"example.db\"; inline-signing yes; \
             dnssec-policy \"{name}\"; key-directory \"keys\"; }};\n",
            dir = d.display()
        ),
    )
    .unwrap();
}

/// The public key file of the key with `tag`, whatever its algorithm.
fn key_file(keys: &Path, tag: u16) -> String {
    let suffix = format!("+{tag:05}.key");
    fs::read_dir(keys)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(&suffix))
        .map(|n| format!("keys/{n}"))
        .unwrap_or_else(|| panic!("no key file for tag {tag}"))
}

struct Pipeline {
    tmp: tempfile::TempDir,
    delv: PathBuf,
    checkzone: PathBuf,
    parent: BTreeSet<u16>,
    steps: usize,
    validated: usize,
    /// Steps at which no key was published and the zone was served unsigned.
    unsigned: usize,
    /// The parent's actions in order: ("published" | "withdrawn", tag).
    events: Vec<(&'static str, u16)>,
}

impl Pipeline {
    fn new(policy: &str) -> Option<Pipeline> {
        let [_named, delv, checkzone] = support::tools(["named", "delv", "named-checkzone"])?;
        let tmp = support::scratch();
        let d = tmp.path();
        fs::create_dir_all(d.join("keys")).unwrap();
        fs::write(d.join("example.db"), ZONE).unwrap();
        // One file for keymgr (the policy and the zone's key directory); named's own file
        // (written at each start) serves the zone keymgr and signzone made and has no policy,
        // so named does not sign anything itself.
        write_policy(d, policy);
        Some(Pipeline {
            tmp,
            delv,
            checkzone,
            parent: BTreeSet::new(),
            steps: 0,
            validated: 0,
            unsigned: 0,
            events: Vec::new(),
        })
    }

    fn dir(&self) -> &Path {
        self.tmp.path()
    }

    fn keymgr(&self, args: &[&str]) -> support::Run {
        let mut all = vec!["-l", "keymgr.conf"];
        all.extend_from_slice(args);
        run_in(self.dir(), support::ours("keymgr"), &all)
    }

    /// One step at `t`: keymgr (and the parent's part when it asks), signzone, checks.
    /// Returns the next run keymgr asked for.
    fn step(&mut self, t: i64, expire: i64) -> Option<i64> {
        let at = format_timestamp(UnixTime(t));
        let mut run = self.keymgr(&["-t", &at, "example"]);
        if run.code == 2 {
            // The parent acts at once on what keymgr waits for.
            let status = self.keymgr(&["-t", &at, "-status", "example"]).ok();
            // At a KSK swap keymgr asks for both at once; the parent adds the new DS before it
            // drops the old one.
            let mut lines: Vec<&str> = status.stdout.lines().collect();
            lines.sort_by_key(|l| l.contains("run -checkds withdrawn"));
            for line in lines {
                let Some(rest) = line.trim().strip_prefix("key ") else {
                    continue;
                };
                if !line.contains("run -checkds") {
                    continue;
                }
                let tag: u16 = rest.split_whitespace().next().unwrap().parse().unwrap();
                let word = if line.contains("run -checkds published") {
                    self.parent.insert(tag);
                    "published"
                } else if line.contains("run -checkds withdrawn") {
                    self.parent.remove(&tag);
                    "withdrawn"
                } else {
                    continue;
                };
                self.events.push((word, tag));
                let tag = tag.to_string();
                run = self.keymgr(&[
                    "-t", &at, "-checkds", word, "-key", &tag, "-when", &at, "example",
                ]);
                assert!(matches!(run.code, 0 | 2), "{run:?}");
            }
        }
        assert!(matches!(run.code, 0 | 2), "keymgr at {at}: {run:?}");
        let next = run
            .stdout
            .lines()
            .rev()
            .find_map(|l| {
                l.split_once(": next run ")
                    .map(|(_, s)| s[..14].to_string())
            })
            .map(|s| {
                chrono::NaiveDateTime::parse_from_str(&s, "%Y%m%d%H%M%S")
                    .unwrap()
                    .and_utc()
                    .timestamp()
            });
        self.sign_and_check(&at, expire);
        self.steps += 1;
        next
    }

    fn sign_and_check(&mut self, at: &str, expire: i64) {
        let d = self.dir().to_path_buf();
        if !states(&d.join("keys")).values().any(|s| live(&s.dnskey)) {
            // No key is published (not yet, or no more): the zone is served unsigned, and
            // the parent must have no DS for it.
            assert!(
                self.parent.is_empty(),
                "unsigned at {at} with DS {:?}",
                self.parent
            );
            fs::copy(d.join("example.db"), d.join("example.signed")).unwrap();
            self.unsigned += 1;
            self.serve_and_validate(at);
            return;
        }
        let exp = format_timestamp(UnixTime(expire));
        let signed = run_in(
            &d,
            support::ours("signzone"),
            &[
                "-S",
                "-K",
                "keys",
                "-o",
                "example",
                "-s",
                at,
                "-e",
                &exp,
                "-f",
                "example.signed",
                "example.db",
            ],
        );
        assert_eq!(signed.code, 0, "signzone at {at}: {signed:?}");
        // What signzone published and signed is what the states say.
        let st = states(&d.join("keys"));
        let want = |f: &dyn Fn(&States) -> bool| -> BTreeSet<u16> {
            st.iter().filter(|(_, s)| f(s)).map(|(t, _)| *t).collect()
        };
        let p = published(&d, &self.checkzone);
        let ctx = format!("at {at}: states {st:#?}\nzone {p:#?}");
        assert_eq!(p.dnskeys, want(&|s| live(&s.dnskey)), "DNSKEY: {ctx}");
        assert_eq!(
            p.soa_signers,
            want(&|s| live(&s.zrrsig)),
            "SOA RRSIG: {ctx}"
        );
        let krrsig = want(&|s| s.ksk && live(&s.krrsig));
        // signzone, as BIND's, also signs the DNSKEY RRset with the ZSKs unless -x; named
        // signs it with the KSKs only. Every live KRRSIG must be there.
        assert!(p.dnskey_signers.is_superset(&krrsig), "DNSKEY RRSIG: {ctx}");
        assert!(
            p.dnskey_signers
                .is_subset(&want(&|s| live(&s.krrsig) || live(&s.zrrsig))),
            "DNSKEY RRSIG: {ctx}"
        );
        assert_eq!(p.cds, want(&|s| s.ksk && live(&s.ds)), "CDS: {ctx}");
        // Every key the parent has a DS for is a KSK whose DS state says the parent has it.
        for tag in &self.parent {
            assert!(live(&st[tag].ds), "parent has {tag}: {ctx}");
        }
        self.serve_and_validate(at);
    }

    fn serve_and_validate(&mut self, at: &str) {
        let d = self.dir().to_path_buf();
        let named = Named::start(&d, &Config::new(Zone::primary("example", "example.signed")));
        let tail = || {
            let l = named.log();
            l.lines().rev().take(15).collect::<Vec<_>>().join("\n")
        };
        assert!(
            named.log().contains("zone example/IN: loaded serial"),
            "at {at}: {}",
            tail()
        );
        if self.parent.is_empty() {
            return;
        }
        let mut anchors = String::from("trust-anchors {\n");
        for tag in &self.parent {
            let file = key_file(&d.join("keys"), *tag);
            let ds = run_in(&d, support::ours("dsfromkey"), &["-2", &file]).ok();
            let f: Vec<&str> = ds.stdout.split_whitespace().collect();
            anchors.push_str(&format!(
                "  example. static-ds {} {} {} \"{}\";\n",
                f[3], f[4], f[5], f[6]
            ));
        }
        anchors.push_str("};\n");
        fs::write(d.join("anchors.conf"), anchors).unwrap();
        let port = named.port().to_string();
        for rtype in ["SOA", "DNSKEY"] {
            let r = run_in(
                &d,
                &self.delv,
                &[
                    "@127.0.0.1",
                    "-p",
                    &port,
                    "-a",
                    "anchors.conf",
                    "+root=example",
                    "example",
                    rtype,
                ],
            );
            assert!(
                r.stdout.contains("; fully validated"),
                "delv {rtype} at {at} (parent has {:?}): {}{}\n{}",
                self.parent,
                r.stdout,
                r.stderr,
                fs::read_to_string(d.join("anchors.conf")).unwrap()
            );
        }
        self.validated += 1;
    }

    /// Steps from `start` through every next run up to `end`.
    fn run(&mut self, start: i64, end: i64) {
        let expire = UnixTime::now().0 + 30 * 86_400;
        let mut t = start;
        loop {
            match self.step(t, expire) {
                Some(n) if n <= end => {
                    assert!(n > t, "next run {n} not after {t}");
                    t = n;
                }
                _ => break,
            }
            assert!(self.steps < 200, "too many steps");
        }
        eprintln!(
            "{} steps, {} validated by delv, parent has {:?}, events {:?}",
            self.steps, self.validated, self.parent, self.events
        );
    }

    /// A pipeline for `policy` stepped from `days` ago to an hour ago.
    fn life(policy: &str, days: i64) -> Option<Pipeline> {
        let mut p = Pipeline::new(policy)?;
        let now = UnixTime::now().0;
        p.run(now - days * DAY, now - 3600);
        Some(p)
    }

    /// Asserts that delv validated the zone at more than `steps` steps.
    fn validated_more_than(&self, steps: usize) {
        assert!(
            self.validated > steps,
            "steps {} validated {}",
            self.steps,
            self.validated
        );
    }

    /// Asserts the parent's part of a KSK (or CSK) swap: the first key's DS published, then
    /// its successor's, then the first one's withdrawn.
    fn assert_double_ds_swap(&self) {
        let kinds: Vec<&str> = self.events.iter().map(|e| e.0).collect();
        assert_eq!(
            kinds,
            ["published", "published", "withdrawn"],
            "{:?}",
            self.events
        );
        assert_eq!(self.events[0].1, self.events[2].1, "{:?}", self.events);
        assert_ne!(self.events[0].1, self.events[1].1, "{:?}", self.events);
    }
}

const DAY: i64 = 86_400;

/// The built-in default policy's life: a CSK made, published, signing, its DS submitted and
/// published, then nothing more to do.
#[test]
fn default_csk_validates_at_every_step() {
    let policy = "dnssec-policy \"p\" { keys { csk lifetime unlimited algorithm 13; }; };";
    let Some(p) = Pipeline::life(policy, 20) else {
        return;
    };
    assert_eq!(p.parent.len(), 1, "the CSK's DS was published");
    p.validated_more_than(0);
}

/// KSK + ZSK with a 30-day ZSK: a first ZSK rollover runs to its end (pre-publication, the
/// swap of signatures, the old key's removal), validating at every step.
#[test]
fn zsk_rollover_validates_at_every_step() {
    let policy = "dnssec-policy \"p\" { keys { ksk lifetime unlimited algorithm 13; \
                  zsk lifetime P30D algorithm 13; }; };";
    let Some(p) = Pipeline::life(policy, 50) else {
        return;
    };
    let zsks = fs::read_dir(p.dir().join("keys"))
        .unwrap()
        .filter(|e| {
            let n = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            n.ends_with(".state")
                && fs::read_to_string(p.dir().join("keys").join(&n))
                    .unwrap()
                    .contains("ZSK: yes")
        })
        .count();
    assert!(zsks >= 2, "a successor ZSK was made ({zsks})");
    // The rollover ran to its end: the first ZSK's DNSKEY is gone (hidden) by now.
    let st = states(&p.dir().join("keys"));
    assert!(
        st.values().any(|s| !s.ksk && s.dnskey == "hidden"),
        "the old ZSK was withdrawn: {st:#?}"
    );
    p.validated_more_than(3);
}

/// A KSK rollover (60-day KSK) with the DS checked by hand (`-checkds published` for the
/// new KSK, `withdrawn` for the old), validating at every step.
#[test]
fn ksk_rollover_validates_at_every_step() {
    let policy = "dnssec-policy \"p\" { keys { ksk lifetime P60D algorithm 13; \
                  zsk lifetime unlimited algorithm 13; }; };";
    let Some(p) = Pipeline::life(policy, 100) else {
        return;
    };
    let ksks = states(&p.dir().join("keys"))
        .values()
        .filter(|s| s.ksk)
        .count();
    assert!(ksks >= 2, "a successor KSK was made");
    // The DS of the first KSK was published, then the successor's, then the first one's
    // withdrawn: the whole double-DS swap ran, validating at every step.
    p.assert_double_ds_swap();
    p.validated_more_than(3);
}

/// A CSK rollover (60-day CSK) with the DS checked by hand: the successor CSK is published,
/// takes over the signatures, its DS is published and the old one's withdrawn, validating
/// at every step.
#[test]
fn csk_rollover_validates_at_every_step() {
    let policy = "dnssec-policy \"p\" { keys { csk lifetime P60D algorithm 13; }; };";
    let Some(p) = Pipeline::life(policy, 100) else {
        return;
    };
    let st = states(&p.dir().join("keys"));
    assert!(st.len() >= 2, "a successor CSK was made: {st:#?}");
    p.assert_double_ds_swap();
    // The first CSK is gone from the zone by now: its signatures and DNSKEY are hidden.
    let old = &st[&p.events[0].1];
    assert_eq!(old.zrrsig, "hidden", "{st:#?}");
    p.validated_more_than(3);
}

/// An algorithm rollover: a zone signed with an ECDSAP256SHA256 CSK, then the policy asks
/// for ED25519. The new CSK is published and signs alongside the old one, its DS replaces
/// the old one at the parent, then the old key goes: the zone validates at every step.
#[test]
fn algorithm_rollover_validates_at_every_step() {
    let Some(mut p) = Pipeline::new(
        "dnssec-policy \"p\" { keys { csk lifetime unlimited algorithm ecdsap256sha256; }; };",
    ) else {
        return;
    };
    let now = UnixTime::now().0;
    p.run(now - 100 * DAY, now - 60 * DAY);
    assert_eq!(p.events.len(), 1, "{:?}", p.events);
    write_policy(
        p.dir(),
        "dnssec-policy \"p\" { keys { csk lifetime unlimited algorithm ed25519; }; };",
    );
    p.run(now - 60 * DAY, now - 3600);
    let st = states(&p.dir().join("keys"));
    assert_eq!(st.len(), 2, "{st:#?}");
    // The double-DS swap of the algorithm rollover: old key, new key, old key withdrawn.
    p.assert_double_ds_swap();
    let new = p.events[1].1;
    assert!(
        key_file(&p.dir().join("keys"), new).contains("+015+"),
        "{:?}",
        p.events
    );
    // The old algorithm is gone from the zone by now.
    let old = &st[&p.events[0].1];
    assert_eq!(
        (old.dnskey.as_str(), old.zrrsig.as_str()),
        ("hidden", "hidden"),
        "{st:#?}"
    );
    p.validated_more_than(3);
}

/// Enabling DNSSEC and going insecure again: an unsigned zone gets the default policy (a
/// CSK, its DS published), then the built-in `insecure` policy: the DS is withdrawn first,
/// then the DNSKEY and signatures go, and the zone ends unsigned. It validates while the
/// parent has a DS, and is served at every step.
#[test]
fn enable_then_insecure_at_every_step() {
    let Some(mut p) = Pipeline::new("") else {
        return;
    };
    let d = p.dir().to_path_buf();
    let now = UnixTime::now().0;
    // Unsigned first: no keys, the zone is served as it is.
    let expire = now + 30 * DAY;
    p.sign_and_check(&format_timestamp(UnixTime(now - 100 * DAY)), expire);
    assert!(states(&d.join("keys")).is_empty());
    write_policy_named(&d, "", "default");
    p.run(now - 90 * DAY, now - 50 * DAY);
    assert_eq!(p.parent.len(), 1, "{:?}", p.events);
    let signed_validated = p.validated;
    assert!(signed_validated >= 1);
    write_policy_named(&d, "", "insecure");
    p.run(now - 50 * DAY, now - 3600);
    let kinds: Vec<&str> = p.events.iter().map(|e| e.0).collect();
    assert_eq!(kinds, ["published", "withdrawn"], "{:?}", p.events);
    let st = states(&d.join("keys"));
    assert!(
        st.values()
            .all(|s| s.dnskey == "hidden" && s.zrrsig == "hidden"),
        "{st:#?}"
    );
    assert!(p.unsigned >= 2, "unsigned before and after: {}", p.unsigned);
}
