//! keymgr against named 9.18's own key manager: the same key directory is copied twice,
//! named runs its dnssec-policy on copy A (the key manager runs when the zone loads), our
//! key manager runs at named's run time on copy B, and the key files must agree field by
//! field (states, timing metadata, successor links; new keys matched by role and algorithm).
//! `-status` is compared with `rndc dnssec -status` on the same keys. The differences we make
//! on purpose (later BIND releases' fixes, docs/bind-compat.md, "keymgr: the key manager")
//! are applied to named's values explicitly, each with its reason.

use crate::support::{self, run_in, tool};
use dnssec_core::time::UnixTime;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const RNDC_KEY: &str = "key \"rndc-key\" { algorithm hmac-sha256; \
    secret \"a2V5bWdyLXRlc3Qta2V5LWZvci1ybmRjLTAxMjM0NTY=\"; };\n";

/// A named running one `dnssec-policy` zone `example` with inline signing, its keys in
/// `<dir>/keys`; killed when dropped.
struct Named {
    child: Child,
    dir: PathBuf,
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Named {
    /// Starts named on `dir` with `policies` (dnssec-policy statements) and the zone's
    /// `dnssec-policy <policy>`, and waits until its key manager has run.
    fn start(named: &Path, dir: &Path, policies: &str, policy: &str) -> Named {
        let port = support::free_port();
        let control = support::free_port();
        fs::write(dir.join("rndc.key"), RNDC_KEY).unwrap();
        fs::write(
            dir.join("rndc.conf"),
            format!(
                "include \"{d}/rndc.key\";\noptions {{ default-key \"rndc-key\"; \
                 default-server 127.0.0.1; default-port {control}; }};\n",
                d = dir.display()
            ),
        )
        .unwrap();
        fs::write(
            dir.join("example.db"),
            "$TTL 300\n@ SOA ns.example. root.example. 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n",
        )
        .unwrap();
        let conf = format!(
            "include \"{d}/rndc.key\";\n\
             controls {{ inet 127.0.0.1 port {control} allow {{ 127.0.0.1; }} keys {{ \"rndc-key\"; }}; }};\n\
             options {{ directory \"{d}\"; pid-file \"{d}/named.pid\"; listen-on port {port} {{ 127.0.0.1; }};\n\
             listen-on-v6 {{ none; }}; recursion no; notify no; }};\n\
             {policies}\n\
             zone \"example\" {{ type primary; file \"example.db\"; dnssec-policy \"{policy}\";\n\
             inline-signing yes; key-directory \"{d}/keys\"; }};\n",
            d = dir.display()
        );
        fs::write(dir.join("named.conf"), conf).unwrap();
        let log = fs::File::create(dir.join("named.log")).unwrap();
        let child = Command::new(named)
            .args(["-g", "-n", "1", "-c"])
            .arg(dir.join("named.conf"))
            .current_dir(dir)
            .env("TZ", "UTC")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let n = Named {
            child,
            dir: dir.to_path_buf(),
        };
        // named logs the next key event once its key manager has run and written the keys.
        for _ in 0..200 {
            let log = fs::read_to_string(dir.join("named.log")).unwrap_or_default();
            if log.contains("next key event") {
                return n;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let log = fs::read_to_string(dir.join("named.log")).unwrap_or_default();
        panic!("named's key manager did not run\n{log}");
    }

    /// How many key manager runs named has logged.
    fn runs(&self) -> usize {
        fs::read_to_string(self.dir.join("named.log"))
            .unwrap_or_default()
            .matches("next key event")
            .count()
    }

    /// Runs an rndc command that makes named run its key manager, and waits for that run.
    fn rndc_then_run(&self, args: &[&str]) -> String {
        let before = self.runs();
        let out = self.rndc(args);
        for _ in 0..200 {
            if self.runs() > before {
                return out;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("named did not run its key manager after rndc {args:?}: {out}");
    }

    fn rndc(&self, args: &[&str]) -> String {
        let rndc = tool("rndc").unwrap();
        let conf = self.dir.join("rndc.conf");
        let mut all = vec!["-c", conf.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(&self.dir, rndc, &all).ok().stdout
    }
}

/// One key's `.state` as tag -> value (times as UNIX seconds), plus the `.key` TTL and flags.
#[derive(Clone, Debug)]
struct KeyFile {
    tag: u16,
    fields: BTreeMap<String, String>,
}

impl KeyFile {
    fn role(&self) -> (String, String, String) {
        let f = |k: &str| self.fields.get(k).cloned().unwrap_or_default();
        (f("KSK"), f("ZSK"), f("Algorithm"))
    }

    fn time(&self, tag: &str) -> Option<i64> {
        self.fields.get(tag).map(|v| v.parse().unwrap())
    }
}

const TIME_TAGS: [&str; 16] = [
    "Generated",
    "Published",
    "Active",
    "Retired",
    "Revoked",
    "Removed",
    "DSPublish",
    "DSRemoved",
    "PublishCDS",
    "DeleteCDS",
    "DNSKEYChange",
    "ZRRSIGChange",
    "KRRSIGChange",
    "DSChange",
    "SyncPublish",
    "SyncDelete",
];

/// A `YYYYMMDDHHMMSS` stamp as UNIX seconds.
fn seconds(stamp: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S")
        .unwrap()
        .and_utc()
        .timestamp()
}

fn read_keys(dir: &Path) -> Vec<KeyFile> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".state"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let tag: u16 = n
                .trim_end_matches(".state")
                .rsplit('+')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let mut fields = BTreeMap::new();
            for line in fs::read_to_string(dir.join(n)).unwrap().lines().skip(1) {
                let (k, v) = line.split_once(": ").unwrap();
                let v = v.split(" (").next().unwrap();
                let v = if TIME_TAGS.contains(&k) {
                    seconds(v).to_string()
                } else {
                    v.to_string()
                };
                fields.insert(k.to_string(), v);
            }
            let key = fs::read_to_string(dir.join(n.replace(".state", ".key"))).unwrap();
            let record = key.lines().find(|l| !l.starts_with(';')).unwrap();
            let words: Vec<&str> = record.split_whitespace().collect();
            fields.insert("(key TTL)".into(), words[1].to_string());
            fields.insert("(key flags)".into(), words[4].to_string());
            KeyFile { tag, fields }
        })
        .collect()
}

/// named's run time: the newest state stamp or creation time it wrote.
fn run_time(keys: &[KeyFile]) -> i64 {
    keys.iter()
        .flat_map(|k| {
            [
                "Generated",
                "DNSKEYChange",
                "ZRRSIGChange",
                "KRRSIGChange",
                "DSChange",
            ]
            .iter()
            .filter_map(|t| k.time(t))
        })
        .max()
        .unwrap()
}

/// A difference we make on purpose: `field` of keys matching `applies` is named's value plus
/// `delta` seconds.
struct Expected<'a> {
    field: &'static str,
    applies: &'a dyn Fn(&KeyFile) -> bool,
    delta: i64,
    why: &'static str,
}

/// Compares named's keys (A) with ours (B) field by field: keys present before the run by
/// tag, new keys by role and algorithm; Predecessor/Successor through that matching; times
/// within 2 seconds.
fn compare(a: &[KeyFile], b: &[KeyFile], expected: &[Expected<'_>]) {
    assert_eq!(a.len(), b.len(), "key count: named {a:#?}\nours {b:#?}");
    let mut map: BTreeMap<u16, u16> = BTreeMap::new();
    let mut used = Vec::new();
    for ka in a {
        if b.iter().any(|kb| kb.tag == ka.tag) {
            map.insert(ka.tag, ka.tag);
            used.push(ka.tag);
        }
    }
    let new: Vec<&KeyFile> = a.iter().filter(|k| !map.contains_key(&k.tag)).collect();
    for ka in new {
        let kb = b
            .iter()
            .find(|kb| !used.contains(&kb.tag) && kb.role() == ka.role())
            .unwrap_or_else(|| {
                panic!("no key of ours matches named's new key {ka:#?}\nours {b:#?}")
            });
        map.insert(ka.tag, kb.tag);
        used.push(kb.tag);
    }
    for ka in a {
        let kb = b.iter().find(|k| k.tag == map[&ka.tag]).unwrap();
        let keys: std::collections::BTreeSet<&String> =
            ka.fields.keys().chain(kb.fields.keys()).collect();
        for field in keys {
            let (va, vb) = (ka.fields.get(field), kb.fields.get(field));
            let ctx = format!(
                "key {} (ours {}), {field}: named {va:?}, ours {vb:?}\nnamed: {ka:#?}\nours: {kb:#?}",
                ka.tag, kb.tag
            );
            match field.as_str() {
                "Predecessor" | "Successor" => {
                    let va = va.map(|v| map[&v.parse::<u16>().unwrap()].to_string());
                    assert_eq!(va.as_ref(), vb, "{ctx}");
                }
                f if TIME_TAGS.contains(&f) => {
                    let adjust = expected
                        .iter()
                        .find(|e| e.field == f && (e.applies)(ka))
                        .map_or(0, |e| {
                            eprintln!(
                                "key {} {f}: expected difference {}s ({})",
                                ka.tag, e.delta, e.why
                            );
                            e.delta
                        });
                    let va = va.map(|v| v.parse::<i64>().unwrap() + adjust);
                    let vb = vb.map(|v| v.parse::<i64>().unwrap());
                    match (va, vb) {
                        (Some(x), Some(y)) => assert!((x - y).abs() <= 2, "{ctx}"),
                        (None, None) => {}
                        _ => panic!("{ctx}"),
                    }
                }
                _ => assert_eq!(va, vb, "{ctx}"),
            }
        }
    }
}

/// BIND 9.18 adds publish-safety to a first KSK's PublishCDS; the DS waits only for the
/// signatures (later releases dropped it, as we do). It applies where named computed the time
/// with the default policy's values: Published + max zone TTL 86400 + propagation 300 +
/// publish-safety 3600 (a time given beforehand is kept by both).
fn first_ksk_sync() -> Expected<'static> {
    Expected {
        field: "PublishCDS",
        applies: &|k: &KeyFile| {
            k.fields.get("KSK").map(String::as_str) == Some("yes")
                && !k.fields.contains_key("Predecessor")
                && match (k.time("PublishCDS"), k.time("Published")) {
                    (Some(sync), Some(publish)) => sync - publish == 86_400 + 300 + 3600,
                    _ => false,
                }
        },
        delta: -3600,
        why: "first-key SyncPublish without publish-safety (fixed after 9.18)",
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn stamp(t: i64) -> String {
    dnssec_core::time::format_timestamp(UnixTime(t))
}

/// The status text with the current-time line dropped and key tags mapped, one block per key,
/// sorted.
fn status_blocks(text: &str, map: &BTreeMap<u16, u16>) -> Vec<String> {
    let mut blocks: Vec<String> = text
        .trim_end()
        .split("\nkey: ")
        .skip(1)
        .map(|b| {
            let (tag, rest) = b.split_once(' ').unwrap();
            let tag: u16 = tag.parse().unwrap();
            let rest = rest.trim_end();
            format!("key: {} {rest}", map.get(&tag).copied().unwrap_or(tag))
        })
        .collect();
    blocks.sort();
    blocks
}

struct Scenario {
    a: PathBuf,
    b: PathBuf,
    named: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Scenario {
    fn new() -> Option<Scenario> {
        let [named, _rndc, keygen, settime] =
            support::tools(["named", "rndc", "dnssec-keygen", "dnssec-settime"])?;
        let _ = (keygen, settime);
        let tmp = support::scratch();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        fs::create_dir_all(a.join("keys")).unwrap();
        Some(Scenario {
            a,
            b,
            named,
            _tmp: tmp,
        })
    }

    fn keys_a(&self) -> PathBuf {
        self.a.join("keys")
    }

    /// Copies A's keys to B (before named runs).
    fn copy(&self) {
        copy_dir(&self.keys_a(), &self.b.join("keys"));
    }

    /// A key made by BIND's keygen in A's key directory, its times and states set by BIND's
    /// settime; returns its base name.
    fn bind_key(&self, keygen_args: &[&str], settime_args: &[&str]) -> String {
        let dir = self.keys_a();
        let keygen = tool("dnssec-keygen").unwrap();
        let mut args = vec!["-q", "-K", dir.to_str().unwrap()];
        args.extend_from_slice(keygen_args);
        args.push("example");
        let base = run_in(&dir, keygen, &args).ok().stdout.trim().to_string();
        let settime = tool("dnssec-settime").unwrap();
        let mut args = vec!["-K", dir.to_str().unwrap(), "-s"];
        args.extend_from_slice(settime_args);
        args.push(&base);
        run_in(&dir, settime, &args).ok();
        base
    }
}

/// Our `-status` for B at `t`.
fn our_status(b_keys: &Path, t: i64) -> String {
    our_status_with(b_keys, t, &[])
}

/// Our `-status` for B at `t` with more options (`-k insecure`).
fn our_status_with(b_keys: &Path, t: i64, more: &[&str]) -> String {
    let time = stamp(t);
    let mut args = vec!["-K", b_keys.to_str().unwrap(), "-t", &time];
    args.extend_from_slice(more);
    args.extend(["-status", "example"]);
    let ours = run_in(b_keys, support::ours("keymgr"), &args);
    ours.stdout.split("\npending:").next().unwrap().to_string()
}

/// Our status text (`ours`) vs rndc's for A, key by key.
fn compare_status(named: &Named, ours: &str, a: &[KeyFile], b: &[KeyFile]) {
    let theirs = named.rndc(&["dnssec", "-status", "example"]);
    assert_eq!(
        theirs.lines().next(),
        ours.lines().next(),
        "policy line\nrndc:\n{theirs}\nours:\n{ours}"
    );
    let mut map = BTreeMap::new();
    for ka in a {
        let kb = b
            .iter()
            .find(|kb| kb.tag == ka.tag)
            .or_else(|| {
                b.iter()
                    .find(|kb| kb.role() == ka.role() && !a.iter().any(|x| x.tag == kb.tag))
            })
            .unwrap();
        map.insert(ka.tag, kb.tag);
    }
    assert_eq!(
        status_blocks(&theirs, &map),
        status_blocks(ours, &BTreeMap::new()),
        "rndc:\n{theirs}\nours:\n{ours}"
    );
}

/// A fresh zone under the built-in default policy: named makes one CSK; so does keymgr.
#[test]
fn fresh_zone_default_policy() {
    let Some(sc) = Scenario::new() else { return };
    sc.copy();
    let named = Named::start(&sc.named, &sc.a, "", "default");
    let a = read_keys(&sc.keys_a());
    drop(named);
    let t = run_time(&a);
    let b_keys = sc.b.join("keys");
    let run = run_in(
        &b_keys,
        support::ours("keymgr"),
        &["-K", b_keys.to_str().unwrap(), "-t", &stamp(t), "example"],
    )
    .ok();
    assert!(run.stdout.contains("created (CSK)"), "{}", run.stdout);
    let b = read_keys(&b_keys);
    compare(&a, &b, &[first_ksk_sync()]);
}

/// A CSK made three days ago by BIND's keygen whose records were introduced then (all
/// rumoured, DS hidden): the run moves DNSKEY, KRRSIG and ZRRSIG to omnipresent and the DS to
/// rumoured, and sets PublishCDS. Then `-status` against rndc's.
#[test]
fn csk_midway_default_policy() {
    let Some(sc) = Scenario::new() else { return };
    let past = stamp(UnixTime::now().0 - 3 * 86_400);
    let base = sc.bind_key(
        &["-a", "13", "-f", "KSK", "-P", &past, "-A", &past],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "RUMOURED",
            &past,
            "-r",
            "RUMOURED",
            &past,
            "-z",
            "RUMOURED",
            &past,
            "-d",
            "HIDDEN",
            &past,
        ],
    );
    // The role booleans a policy-made key has (as BIND's kasp tests add them).
    let state = sc.keys_a().join(format!("{base}.state"));
    let mut text = fs::read_to_string(&state).unwrap();
    text.push_str("Lifetime: 0\nKSK: yes\nZSK: yes\n");
    fs::write(&state, text).unwrap();
    sc.copy();
    let named = Named::start(&sc.named, &sc.a, "", "default");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let b_keys = sc.b.join("keys");
    let run = run_in(
        &b_keys,
        support::ours("keymgr"),
        &["-K", b_keys.to_str().unwrap(), "-t", &stamp(t), "example"],
    );
    // The DS is rumoured now and waits for checkds: exit 2.
    assert_eq!(run.code, 2, "{run:?}");
    let b = read_keys(&b_keys);
    assert_eq!(a[0].fields["DSState"], "rumoured");
    compare(&a, &b, &[first_ksk_sync()]);
    compare_status(&named, &our_status(&b_keys, t), &a, &b);

    // The parent publishes the DS: rndc's -checkds and ours set the same fields (DSPublish in
    // .state and .private, DSChange untouched), then a run changes nothing more yet.
    let tag = a[0].tag.to_string();
    let when = stamp(t - 60);
    let said = named.rndc_then_run(&["dnssec", "-checkds", "-when", &when, "published", "example"]);
    assert!(said.starts_with("Marked DS as published since"), "{said}");
    let ours = run_in(
        &b_keys,
        support::ours("keymgr"),
        &[
            "-K",
            b_keys.to_str().unwrap(),
            "-t",
            &stamp(UnixTime::now().0),
            "-checkds",
            "published",
            "-when",
            &when,
            "example",
        ],
    )
    .ok();
    assert!(
        ours.stdout.contains(&format!("DSPublish {when}")),
        "{}",
        ours.stdout
    );
    let a = read_keys(&sc.keys_a());
    assert_eq!(a[0].time("DSPublish"), Some(seconds(&when)), "{a:#?}");
    let private = |dir: &Path| fs::read_to_string(dir.join(format!("{base}.private"))).unwrap();
    assert!(private(&sc.keys_a()).contains(&format!("\nDSPublish: {when}\n")));
    assert!(private(&b_keys).contains(&format!("\nDSPublish: {when}\n")));
    compare(&a, &read_keys(&b_keys), &[first_ksk_sync()]);

    // A rollover a day from now: Inactive = when + Ipub on both sides, Delete recomputed by
    // the run that follows.
    let when = stamp(t + 86_400);
    let said = named.rndc_then_run(&[
        "dnssec",
        "-rollover",
        "-key",
        &tag,
        "-when",
        &when,
        "example",
    ]);
    assert!(
        said.starts_with(&format!("Key {tag}: Rollover scheduled on")),
        "{said}"
    );
    run_in(
        &b_keys,
        support::ours("keymgr"),
        &[
            "-K",
            b_keys.to_str().unwrap(),
            "-t",
            &stamp(UnixTime::now().0),
            "-rollover",
            "-key",
            &tag,
            "-when",
            &when,
            "example",
        ],
    )
    .ok();
    let a = read_keys(&sc.keys_a());
    assert_eq!(a[0].time("Retired"), Some(seconds(&when) + 7500), "{a:#?}");
    compare(&a, &read_keys(&b_keys), &[first_ksk_sync()]);
}

/// KSK + ZSK with a 30-day ZSK lifetime, both keys 60 days old and omnipresent: the ZSK's
/// rollover is overdue, so the run makes its successor (published now, active Ipub later),
/// links the two and sets the old one's goal to hidden. Copy B is stepped by the `keymgr` binary
/// reading the very named.conf named reads (`-l`), its key directory overridden with `-K`.
#[test]
fn zsk_rollover_due() {
    let Some(sc) = Scenario::new() else { return };
    let past = stamp(UnixTime::now().0 - 60 * 86_400);
    sc.bind_key(
        &["-a", "13", "-f", "KSK", "-P", &past, "-A", &past],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &past,
            "-r",
            "OMNIPRESENT",
            &past,
            "-d",
            "OMNIPRESENT",
            &past,
        ],
    );
    sc.bind_key(
        &["-a", "13", "-P", &past, "-A", &past],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &past,
            "-z",
            "OMNIPRESENT",
            &past,
        ],
    );
    sc.copy();
    let conf = "dnssec-policy \"zskroll\" { keys { ksk lifetime unlimited algorithm 13; \
                zsk lifetime P30D algorithm 13; }; };";
    let named = Named::start(&sc.named, &sc.a, conf, "zskroll");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let b_keys = sc.b.join("keys");
    let ours = binary_step(&sc, t);
    let b = read_keys(&b_keys);
    assert_eq!(a.len(), 3, "named made the successor: {a:#?}");
    compare(&a, &b, &[first_ksk_sync()]);
    compare_status(&named, &ours, &a, &b);
}

/// One step of copy B by the `keymgr` binary at `t`, reading the policy and the zone from
/// the named.conf named runs on copy A (`-l`: the same file, so the same policy text), with
/// `-K` pointing it at B's keys; returns the `-status` text after it.
fn binary_step(sc: &Scenario, t: i64) -> String {
    let b_keys = sc.b.join("keys");
    let conf = sc.a.join("named.conf");
    let time = stamp(t);
    let run = run_in(
        &b_keys,
        support::ours("keymgr"),
        &[
            "-l",
            conf.to_str().unwrap(),
            "-K",
            b_keys.to_str().unwrap(),
            "-t",
            &time,
            "example",
        ],
    );
    // 2: a DS waits for the parent; the comparison of the files says whether that is right.
    assert!(matches!(run.code, 0 | 2), "{run:?}");
    our_status_with(&b_keys, t, &["-l", conf.to_str().unwrap()])
}

/// Appends `lines` to the `.state` of `base` in A's key directory (how BIND's kasp tests link
/// a predecessor and its successor).
fn append_state(sc: &Scenario, base: &str, lines: &str) {
    let state = sc.keys_a().join(format!("{base}.state"));
    let mut text = fs::read_to_string(&state).unwrap();
    text.push_str(lines);
    fs::write(&state, text).unwrap();
}

fn tag_of(base: &str) -> u16 {
    base.rsplit('+').next().unwrap().parse().unwrap()
}

/// A KSK rollover at the DS swap: the old KSK (goal hidden, DS unretentive, withdrawn three
/// days ago) and its successor (DS rumoured, published three days ago) with a stable ZSK.
/// The run moves the new DS to omnipresent, the old DS to hidden, and the old DNSKEY and
/// KRRSIG to unretentive.
#[test]
fn ksk_rollover_ds_swap() {
    let Some(sc) = Scenario::new() else { return };
    let now = UnixTime::now().0;
    let p60 = stamp(now - 60 * 86_400);
    let p5 = stamp(now - 5 * 86_400);
    let p4 = stamp(now - 4 * 86_400);
    let p3 = stamp(now - 3 * 86_400);
    let old = sc.bind_key(
        &["-a", "13", "-f", "KSK", "-P", &p60, "-A", &p60],
        &[
            "-g",
            "HIDDEN",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-r",
            "OMNIPRESENT",
            &p60,
            "-d",
            "UNRETENTIVE",
            &p3,
            "-D",
            "ds",
            &p3,
        ],
    );
    let new = sc.bind_key(
        &["-a", "13", "-f", "KSK", "-P", &p5, "-A", &p5],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &p4,
            "-r",
            "OMNIPRESENT",
            &p4,
            "-d",
            "RUMOURED",
            &p4,
            "-P",
            "ds",
            &p3,
        ],
    );
    sc.bind_key(
        &["-a", "13", "-P", &p60, "-A", &p60],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-z",
            "OMNIPRESENT",
            &p60,
        ],
    );
    append_state(&sc, &old, &format!("Successor: {}\n", tag_of(&new)));
    append_state(&sc, &new, &format!("Predecessor: {}\n", tag_of(&old)));
    sc.copy();
    let conf = "dnssec-policy \"kskroll\" { keys { ksk lifetime P60D algorithm 13; \
                zsk lifetime unlimited algorithm 13; }; };";
    let named = Named::start(&sc.named, &sc.a, conf, "kskroll");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let ours = binary_step(&sc, t);
    let b = read_keys(&sc.b.join("keys"));
    let old_a = a.iter().find(|k| k.tag == tag_of(&old)).unwrap();
    let new_a = a.iter().find(|k| k.tag == tag_of(&new)).unwrap();
    assert_eq!(
        (
            old_a.fields["DSState"].as_str(),
            old_a.fields["DNSKEYState"].as_str()
        ),
        ("hidden", "unretentive"),
        "named: {old_a:#?}"
    );
    assert_eq!(new_a.fields["DSState"], "omnipresent", "named: {new_a:#?}");
    compare(&a, &b, &[first_ksk_sync()]);
    compare_status(&named, &ours, &a, &b);
}

/// A ZSK rollover at its swap: the successor was published a day ago and is active since an
/// hour ago. The run makes its DNSKEY omnipresent, starts its signatures and retires the old
/// key's (the predecessor's DNSKEY stays until the new signatures are everywhere).
#[test]
fn zsk_rollover_swap() {
    let Some(sc) = Scenario::new() else { return };
    let now = UnixTime::now().0;
    let p60 = stamp(now - 60 * 86_400);
    let p1 = stamp(now - 86_400);
    let h1 = stamp(now - 3600);
    sc.bind_key(
        &["-a", "13", "-f", "KSK", "-P", &p60, "-A", &p60],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-r",
            "OMNIPRESENT",
            &p60,
            "-d",
            "OMNIPRESENT",
            &p60,
        ],
    );
    // Every time a run would fill in is set already (Delete = Inactive + IretZ 867900): which
    // of two matching keys named takes first depends on directory order, and only the one it
    // takes gets missing times filled in.
    let old_delete = stamp(now - 3600 + 867_900);
    let new_inactive = stamp(now - 3600 + 60 * 86_400);
    let new_delete = stamp(now - 3600 + 60 * 86_400 + 867_900);
    let old = sc.bind_key(
        &[
            "-a",
            "13",
            "-P",
            &p60,
            "-A",
            &p60,
            "-I",
            &h1,
            "-D",
            &old_delete,
        ],
        &[
            "-g",
            "HIDDEN",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-z",
            "OMNIPRESENT",
            &p60,
        ],
    );
    let new = sc.bind_key(
        &[
            "-a",
            "13",
            "-P",
            &p1,
            "-A",
            &h1,
            "-I",
            &new_inactive,
            "-D",
            &new_delete,
        ],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "RUMOURED",
            &p1,
            "-z",
            "HIDDEN",
            &p1,
        ],
    );
    append_state(
        &sc,
        &old,
        &format!("Lifetime: 5184000\nSuccessor: {}\n", tag_of(&new)),
    );
    append_state(
        &sc,
        &new,
        &format!("Lifetime: 5184000\nPredecessor: {}\n", tag_of(&old)),
    );
    sc.copy();
    let conf = "dnssec-policy \"zskroll\" { keys { ksk lifetime unlimited algorithm 13; \
                zsk lifetime P60D algorithm 13; }; };";
    let named = Named::start(&sc.named, &sc.a, conf, "zskroll");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let ours = binary_step(&sc, t);
    let b = read_keys(&sc.b.join("keys"));
    let field = |k: &[KeyFile], tag: u16, f: &str| {
        k.iter().find(|k| k.tag == tag).unwrap().fields[f].clone()
    };
    assert_eq!(
        field(&a, tag_of(&new), "ZRRSIGState"),
        "rumoured",
        "named: {a:#?}"
    );
    assert_eq!(
        field(&a, tag_of(&old), "ZRRSIGState"),
        "unretentive",
        "named: {a:#?}"
    );
    assert_eq!(
        field(&a, tag_of(&old), "DNSKEYState"),
        "omnipresent",
        "named: {a:#?}"
    );
    compare(&a, &b, &[first_ksk_sync()]);
    compare_status(&named, &ours, &a, &b);
}

/// A CSK rollover at its swap: the new CSK's DNSKEY was published a day ago and it is active
/// since an hour ago. The run makes its DNSKEY and KRRSIG omnipresent, starts its signatures
/// and its DS (CDS), and retires the old key's signatures and DS.
#[test]
fn csk_rollover_swap() {
    let Some(sc) = Scenario::new() else { return };
    let now = UnixTime::now().0;
    let p60 = stamp(now - 60 * 86_400);
    let p1 = stamp(now - 86_400);
    let h1 = stamp(now - 3600);
    // Every time a run would fill in is set already (see zsk_rollover_swap): Delete =
    // Inactive + max(IretK, IretZ) = + 867900; the successor's PublishCDS = Publish + Ipub.
    let old_delete = stamp(now - 3600 + 867_900);
    let new_inactive = stamp(now - 3600 + 60 * 86_400);
    let new_delete = stamp(now - 3600 + 60 * 86_400 + 867_900);
    let old_sync = stamp(now - 60 * 86_400 + 90_300);
    let new_sync = stamp(now - 86_400 + 7500);
    let old = sc.bind_key(
        &[
            "-a",
            "13",
            "-f",
            "KSK",
            "-P",
            &p60,
            "-A",
            &p60,
            "-I",
            &h1,
            "-D",
            &old_delete,
            "-P",
            "sync",
            &old_sync,
        ],
        &[
            "-g",
            "HIDDEN",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-r",
            "OMNIPRESENT",
            &p60,
            "-z",
            "OMNIPRESENT",
            &p60,
            "-d",
            "OMNIPRESENT",
            &p60,
        ],
    );
    let new = sc.bind_key(
        &[
            "-a",
            "13",
            "-f",
            "KSK",
            "-P",
            &p1,
            "-A",
            &h1,
            "-I",
            &new_inactive,
            "-D",
            &new_delete,
            "-P",
            "sync",
            &new_sync,
        ],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "RUMOURED",
            &p1,
            "-r",
            "RUMOURED",
            &p1,
            "-z",
            "HIDDEN",
            &p1,
            "-d",
            "HIDDEN",
            &p1,
        ],
    );
    let roles = "KSK: yes\nZSK: yes\nLifetime: 5184000\n";
    append_state(&sc, &old, &format!("{roles}Successor: {}\n", tag_of(&new)));
    append_state(
        &sc,
        &new,
        &format!("{roles}Predecessor: {}\n", tag_of(&old)),
    );
    sc.copy();
    let conf = "dnssec-policy \"cskroll\" { keys { csk lifetime P60D algorithm 13; }; };";
    let named = Named::start(&sc.named, &sc.a, conf, "cskroll");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let ours = binary_step(&sc, t);
    let b = read_keys(&sc.b.join("keys"));
    let field = |tag: u16, f: &str| a.iter().find(|k| k.tag == tag).unwrap().fields[f].clone();
    assert_eq!(
        ["DNSKEYState", "ZRRSIGState", "KRRSIGState", "DSState"].map(|f| field(tag_of(&new), f)),
        ["omnipresent", "rumoured", "omnipresent", "rumoured"],
        "named: {a:#?}"
    );
    assert_eq!(
        ["ZRRSIGState", "DSState"].map(|f| field(tag_of(&old), f)),
        ["unretentive", "unretentive"],
        "named: {a:#?}"
    );
    compare(&a, &b, &[]);
    compare_status(&named, &ours, &a, &b);
}

/// Going insecure: a CSK in full use under the built-in `insecure` policy. The run retires
/// it (Inactive now, goal hidden, Delete) and withdraws its DS at once; the rest waits for the
/// parent (exit 2 from keymgr).
#[test]
fn going_insecure() {
    let Some(sc) = Scenario::new() else { return };
    let p60 = stamp(UnixTime::now().0 - 60 * 86_400);
    let base = sc.bind_key(
        &[
            "-a", "13", "-f", "KSK", "-P", &p60, "-A", &p60, "-P", "sync", &p60,
        ],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-r",
            "OMNIPRESENT",
            &p60,
            "-z",
            "OMNIPRESENT",
            &p60,
            "-d",
            "OMNIPRESENT",
            &p60,
        ],
    );
    append_state(&sc, &base, "Lifetime: 0\nKSK: yes\nZSK: yes\n");
    sc.copy();
    let named = Named::start(&sc.named, &sc.a, "", "insecure");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let b_keys = sc.b.join("keys");
    let run = run_in(
        &b_keys,
        support::ours("keymgr"),
        &[
            "-K",
            b_keys.to_str().unwrap(),
            "-k",
            "insecure",
            "-t",
            &stamp(t),
            "example",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        (
            a[0].fields["GoalState"].as_str(),
            a[0].fields["DSState"].as_str()
        ),
        ("hidden", "unretentive"),
        "named: {a:#?}"
    );
    compare(&a, &read_keys(&b_keys), &[]);
    compare_status(
        &named,
        &our_status_with(&b_keys, t, &["-k", "insecure"]),
        &a,
        &read_keys(&b_keys),
    );
    // The parent drops the DS: rndc's -checkds withdrawn and ours set DSRemoved (in .state
    // only), leave DSChange, and the run that follows changes nothing more yet.
    let when = stamp(t - 60);
    let said = named.rndc_then_run(&["dnssec", "-checkds", "-when", &when, "withdrawn", "example"]);
    assert!(said.starts_with("Marked DS as withdrawn since"), "{said}");
    let ours = run_in(
        &b_keys,
        support::ours("keymgr"),
        &[
            "-K",
            b_keys.to_str().unwrap(),
            "-k",
            "insecure",
            "-t",
            &stamp(UnixTime::now().0),
            "-checkds",
            "withdrawn",
            "-when",
            &when,
            "example",
        ],
    )
    .ok();
    assert!(
        ours.stdout.contains(&format!("DSRemoved {when}")),
        "{}",
        ours.stdout
    );
    let a = read_keys(&sc.keys_a());
    assert_eq!(a[0].time("DSRemoved"), Some(seconds(&when)), "{a:#?}");
    let private = |dir: &Path| fs::read_to_string(dir.join(format!("{base}.private"))).unwrap();
    assert!(!private(&sc.keys_a()).contains("DSRemoved"));
    assert!(!private(&b_keys).contains("DSRemoved"));
    compare(&a, &read_keys(&b_keys), &[]);
}

/// An algorithm rollover starts: the policy now asks for an Ed25519 CSK where an ECDSA P-256
/// CSK is in full use. The old key is retired (it matches no entry) but keeps its DS until
/// the new one's is there; the new key is a first key whose signatures may precede its
/// DNSKEY (the algorithm is being introduced).
#[test]
fn algorithm_rollover_start() {
    let Some(sc) = Scenario::new() else { return };
    let p60 = stamp(UnixTime::now().0 - 60 * 86_400);
    let base = sc.bind_key(
        &[
            "-a", "13", "-f", "KSK", "-P", &p60, "-A", &p60, "-P", "sync", &p60,
        ],
        &[
            "-g",
            "OMNIPRESENT",
            "-k",
            "OMNIPRESENT",
            &p60,
            "-r",
            "OMNIPRESENT",
            &p60,
            "-z",
            "OMNIPRESENT",
            &p60,
            "-d",
            "OMNIPRESENT",
            &p60,
        ],
    );
    append_state(&sc, &base, "Lifetime: 0\nKSK: yes\nZSK: yes\n");
    sc.copy();
    let conf = "dnssec-policy \"ed\" { keys { csk lifetime unlimited algorithm ed25519; }; };";
    let named = Named::start(&sc.named, &sc.a, conf, "ed");
    let a = read_keys(&sc.keys_a());
    let t = run_time(&a);
    let ours = binary_step(&sc, t);
    let b = read_keys(&sc.b.join("keys"));
    assert_eq!(a.len(), 2, "named made the new key: {a:#?}");
    let old = a.iter().find(|k| k.tag == tag_of(&base)).unwrap();
    assert_eq!(
        (
            old.fields["GoalState"].as_str(),
            old.fields["DSState"].as_str()
        ),
        ("hidden", "omnipresent"),
        "named: {a:#?}"
    );
    let new = a.iter().find(|k| k.tag != tag_of(&base)).unwrap();
    assert_eq!(new.fields["ZRRSIGState"], "rumoured", "named: {a:#?}");
    compare(&a, &b, &[first_ksk_sync()]);
    compare_status(&named, &ours, &a, &b);
}

/// `-l` alone steps every zone of the file that has a policy, each in its own key directory
/// (the zone's, else the options'), relative key directories under `options { directory }`;
/// a zone with `dnssec-policy none` is left alone. named-checkconf accepts the very file.
/// Then `-k`/`-K` on the command line override the file, and a zone the file does not manage
/// is refused unless `-k` names its policy.
#[test]
fn config_file_steps_every_managed_zone() {
    let Some([checkconf]) = support::tools(["named-checkconf"]) else {
        return;
    };
    let tmp = support::scratch();
    let top = tmp.path();
    for d in ["ka", "kb", "kc", "elsewhere"] {
        fs::create_dir_all(top.join(d)).unwrap();
    }
    let conf = top.join("named.conf");
    fs::write(
        &conf,
        format!(
            "options {{ directory \"{d}\"; dnssec-policy \"zskroll\"; key-directory \"ka\"; }};\n\
             dnssec-policy \"zskroll\" {{ keys {{ ksk lifetime unlimited algorithm 13; \
             zsk lifetime P60D algorithm 13; }}; }};\n\
             zone \"a.example\" {{ type primary; file \"a.db\"; inline-signing yes; }};\n\
             zone \"b.example\" {{ type primary; file \"b.db\"; inline-signing yes; \
             dnssec-policy default; key-directory \"kb\"; }};\n\
             zone \"c.example\" {{ type primary; file \"c.db\"; dnssec-policy none; \
             key-directory \"kc\"; }};\n",
            d = top.display()
        ),
    )
    .unwrap();
    let checked = run_in(top, &checkconf, &[conf.to_str().unwrap()]);
    assert_eq!(
        (
            checked.code,
            checked.stdout.as_str(),
            checked.stderr.as_str()
        ),
        (0, "", "")
    );
    let t = "20300101000000";
    let keymgr = support::ours("keymgr");
    // Run from another directory: the key directories are found under `directory`.
    let run = run_in(
        &top.join("elsewhere"),
        &keymgr,
        &["-l", conf.to_str().unwrap(), "-t", t],
    )
    .ok();
    let created: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(": created ("))
        .map(|l| l.split('/').next().unwrap())
        .collect();
    assert_eq!(
        created,
        ["a.example", "a.example", "b.example"],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("a.example: next run"), "{}", run.stdout);
    assert!(run.stdout.contains("b.example: next run"), "{}", run.stdout);
    let files = |d: &str| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(top.join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let states = |d: &str, zone: &str| {
        files(d)
            .iter()
            .filter(|f| f.starts_with(&format!("K{zone}.+013+")) && f.ends_with(".state"))
            .count()
    };
    assert_eq!(states("ka", "a.example"), 2, "{:?}", files("ka"));
    assert_eq!(states("kb", "b.example"), 1, "{:?}", files("kb"));
    assert!(files("ka").contains(&"keymgr.lock".to_string()));
    assert!(files("kb").contains(&"keymgr.lock".to_string()));
    assert!(files("kc").is_empty(), "{:?}", files("kc"));
    assert!(files("elsewhere").is_empty(), "{:?}", files("elsewhere"));

    // A second run at the same time: nothing to do for either zone (and c.example, with
    // `dnssec-policy none`, says so each time).
    let again = run_in(top, &keymgr, &["-l", conf.to_str().unwrap(), "-t", t]).ok();
    assert_eq!(
        again
            .stdout
            .lines()
            .filter(|l| !l.contains(": next run "))
            .collect::<Vec<_>>(),
        ["c.example: dnssec-policy none, nothing to do"],
        "{}",
        again.stdout
    );

    // One zone named: only that one. -K and -k override the file.
    let one = run_in(
        top,
        &keymgr,
        &[
            "-l",
            conf.to_str().unwrap(),
            "-K",
            "kc",
            "-k",
            "zskroll",
            "-t",
            t,
            "c.example",
        ],
    )
    .ok();
    assert_eq!(
        one.stdout.matches(": created (").count(),
        2,
        "{}",
        one.stdout
    );
    assert_eq!(states("kc", "c.example"), 2, "{:?}", files("kc"));

    // Refusals name the zone and the file.
    let refused = |args: &[&str], message: &str| {
        let run = run_in(top, &keymgr, args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    };
    let c = conf.to_str().unwrap();
    // Not a refusal: named leaves a `dnssec-policy none` zone alone, and so does keymgr.
    let kc = support::keys::snapshot(&top.join("kc"));
    let none = run_in(top, &keymgr, &["-l", c, "c.example"]).ok();
    assert_eq!(
        none.stdout,
        "c.example: dnssec-policy none, nothing to do\n"
    );
    assert_eq!(support::keys::snapshot(&top.join("kc")), kc);
    refused(&["-l", c, "d.example"], "zone 'd.example' is not in");
    refused(
        &["-l", c, "-k", "nosuch", "a.example"],
        "dnssec-policy 'nosuch' not found in",
    );
    refused(
        &["-l", "missing.conf", "a.example"],
        "open: missing.conf: file not found",
    );
}

/// A file named-checkconf refuses is refused by `keymgr -l` with named-checkconf's lines
/// (`FILE:LINE: message`, warnings too), exit 1, and no key written; a file it accepts with
/// warnings gives the same warnings and the run goes on.
#[test]
fn config_errors_as_named_checkconf() {
    let Some([checkconf]) = support::tools(["named-checkconf"]) else {
        return;
    };
    let tmp = support::scratch();
    let dir = tmp.path();
    let cases: [(&str, &str, bool); 4] = [
        (
            "short lifetime",
            "dnssec-policy p { keys { csk lifetime P1D algorithm 13; }; };\n\
             zone \"example\" { type primary; file \"x\"; inline-signing yes; dnssec-policy p; };\n",
            false,
        ),
        (
            "undefined policy",
            "zone \"example\" { type primary; file \"x\"; inline-signing yes; dnssec-policy q; };\n",
            false,
        ),
        (
            "syntax",
            "dnssec-policy p { keys { csk lifetime unlimited algorithm 13; } };\n",
            false,
        ),
        (
            "warning only",
            "dnssec-policy p { keys { csk lifetime P20D algorithm 13; }; };\n\
             zone \"example\" { type primary; file \"x\"; inline-signing yes; dnssec-policy p; };\n",
            true,
        ),
    ];
    for (case, text, accepted) in cases {
        fs::write(dir.join("named.conf"), text).unwrap();
        let theirs = run_in(dir, &checkconf, &["named.conf"]);
        let ours = run_in(
            dir,
            support::ours("keymgr"),
            &["-l", "named.conf", "-t", "20300101000000"],
        );
        let lines = |s: &str| -> Vec<String> {
            let mut v: Vec<String> = s.lines().map(str::to_string).collect();
            v.sort();
            v
        };
        assert_eq!(theirs.code != 0, !accepted, "{case}: {theirs:?}");
        assert_eq!(ours.code, if accepted { 0 } else { 1 }, "{case}: {ours:?}");
        // named-checkconf goes on after a syntax error with a recovery we do not copy: its
        // first line is the one that matters.
        let theirs_lines = lines(&theirs.stdout);
        if case == "syntax" {
            assert_eq!(
                ours.stderr.lines().next(),
                theirs.stdout.lines().next(),
                "{case}"
            );
        } else {
            assert_eq!(lines(&ours.stderr), theirs_lines, "{case}: ours {ours:?}");
        }
        let written = fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("Kexample.")
            })
            .count();
        assert_eq!(written > 0, accepted, "{case}");
    }
}
