//! keymgr against named 9.18's own key manager: the same key directory is copied twice,
//! named runs its dnssec-policy on copy A (the key manager runs when the zone loads), our
//! key manager runs at named's run time on copy B, and the key files must agree field by
//! field (states, timing metadata, successor links; new keys matched by role and algorithm).
//! `-status` is compared with `rndc dnssec -status` on the same keys. The differences we make
//! on purpose (later BIND releases' fixes, docs/bind-compat.md, "keymgr: the key manager")
//! are applied to named's values explicitly, each with its reason.

use crate::support::named::{Config, Named, Zone};
use crate::support::{self, run_in, tool};
use dnssec_core::time::UnixTime;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Starts named on `dir` with `policies` (dnssec-policy statements) and the zone `example`
/// under `dnssec-policy <policy>` with inline signing, its keys in `<dir>/keys`, and waits
/// until its key manager has run (it logs the next key event once it has written the keys).
fn start_named(dir: &Path, policies: &str, policy: &str) -> Named {
    fs::write(
        dir.join("example.db"),
        "$TTL 300\n@ SOA ns.example. root.example. 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n",
    )
    .unwrap();
    let zone = Zone::primary("example", "example.db").with(&format!(
        "dnssec-policy \"{policy}\"; inline-signing yes; key-directory \"{}/keys\";",
        dir.display()
    ));
    let n = Named::start(dir, &Config::new(zone).top(policies).rndc());
    n.wait_log("next key event", 1);
    n
}

/// Runs an rndc command that makes named run its key manager, and waits for that run.
fn rndc_then_run(named: &Named, args: &[&str]) -> String {
    let runs = || named.log().matches("next key event").count();
    let before = runs();
    let out = named.rndc(args).ok().stdout;
    named.wait_log("next key event", before + 1);
    out
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

/// Copy A (named's) and copy B (ours) of one scenario's key directory.
struct Dirs {
    a: PathBuf,
    b: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Dirs {
    fn new() -> Option<Dirs> {
        support::tools(["named", "rndc", "dnssec-keygen", "dnssec-settime"])?;
        let tmp = support::scratch();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        fs::create_dir_all(a.join("keys")).unwrap();
        Some(Dirs { a, b, _tmp: tmp })
    }

    fn keys_a(&self) -> PathBuf {
        self.a.join("keys")
    }

    fn keys_b(&self) -> PathBuf {
        self.b.join("keys")
    }

    /// A key made by BIND's keygen in A's key directory, its times and states set by BIND's
    /// settime; returns its base name.
    fn bind_key(&self, keygen_args: &[String], settime_args: &[String]) -> String {
        let dir = self.keys_a();
        let d = dir.to_str().unwrap();
        let keygen = tool("dnssec-keygen").unwrap();
        let mut args = vec!["-q", "-K", d];
        args.extend(keygen_args.iter().map(String::as_str));
        args.push("example");
        let base = run_in(&dir, keygen, &args).ok().stdout.trim().to_string();
        let settime = tool("dnssec-settime").unwrap();
        let mut args = vec!["-K", d, "-s"];
        args.extend(settime_args.iter().map(String::as_str));
        args.push(&base);
        run_in(&dir, settime, &args).ok();
        base
    }

    /// Appends `lines` to the `.state` of `base` in A's key directory (how BIND's kasp tests
    /// add role booleans and link a predecessor and its successor).
    fn append_state(&self, base: &str, lines: &str) {
        let state = self.keys_a().join(format!("{base}.state"));
        let mut text = fs::read_to_string(&state).unwrap();
        text.push_str(lines);
        fs::write(&state, text).unwrap();
    }
}

/// Our `-status` for B at `t` with more options (`-k insecure`, `-l named.conf`).
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
    let theirs = named.rndc(&["dnssec", "-status", "example"]).ok().stdout;
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

fn tag_of(base: &str) -> u16 {
    base.rsplit('+').next().unwrap().parse().unwrap()
}

/// `text` split at spaces, each `{...}` replaced by the stamp of `now` plus its offset
/// (see [`offset`]).
fn args_at(text: &str, now: i64) -> Vec<String> {
    text.split_whitespace()
        .map(
            |w| match w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                Some(expr) => stamp(now + offset(expr)),
                None => w.to_string(),
            },
        )
        .collect()
}

/// An offset written `-60d`, `-1h+867900`: a sum of signed terms, each in days (`d`), hours
/// (`h`) or seconds.
fn offset(expr: &str) -> i64 {
    let mut total = 0;
    let mut rest = expr;
    while let Some(sign) = rest.chars().next() {
        let sign = match sign {
            '+' => 1,
            '-' => -1,
            _ => panic!("offset '{expr}': each term starts with + or -"),
        };
        rest = &rest[1..];
        let end = rest.find(['+', '-']).unwrap_or(rest.len());
        let (term, tail) = rest.split_at(end);
        let (number, unit) = if let Some(n) = term.strip_suffix('d') {
            (n, 86_400)
        } else if let Some(n) = term.strip_suffix('h') {
            (n, 3600)
        } else {
            (term, 1)
        };
        total += sign * unit * number.parse::<i64>().unwrap();
        rest = tail;
    }
    total
}

/// One key a scenario makes with BIND's keygen and settime in A's key directory before named
/// runs. Times are written `{-60d}`: the scenario's start plus an [`offset`].
struct MadeKey {
    keygen: &'static str,
    settime: &'static str,
    /// Lines appended to its `.state`: the role booleans and lifetime a policy-made key has.
    state: &'static str,
    /// The key (its index in the scenario's list) this one succeeds: the two are linked both
    /// ways (Successor, Predecessor) after its state lines.
    succeeds: Option<usize>,
}

/// A key of named's copy after its run.
#[derive(Clone, Copy, Debug)]
enum Which {
    /// The scenario's key of that index.
    Made(usize),
    /// The one key named made.
    New,
}

/// How copy B is stepped at named's run time.
enum Step {
    /// `keymgr -K B -t T <flags> example`, which must exit with this code.
    Flags(&'static [&'static str], i32),
    /// `keymgr -l <A/named.conf> -K B -t T example`: the very file named reads, so the same
    /// policy text; it exits 0, or 2 when a DS waits for the parent (the comparison of the
    /// files says whether that is right).
    Conf,
}

/// One differential scenario: keys made by BIND's tools, copied to A and B; named runs the
/// policy on A (its key manager runs when the zone loads), our keymgr on B at named's run
/// time; then named's states, the key files and `-status` are compared.
struct Case {
    name: &'static str,
    /// The `dnssec-policy` statements of named.conf ("" for a built-in policy).
    policies: &'static str,
    /// The zone's `dnssec-policy`.
    policy: &'static str,
    keys: &'static [MadeKey],
    step: Step,
    /// A line our step must print.
    says: Option<&'static str>,
    /// How many keys named's copy holds after its run.
    count: usize,
    /// Fields of named's keys after its run.
    states: &'static [(Which, &'static str, &'static str)],
    /// Whether named 9.18's first-KSK PublishCDS (`first_ksk_sync`) is expected to differ.
    first_ksk_sync: bool,
    /// What follows, with the same named and copies.
    then: Option<fn(&Ran)>,
}

/// The same CSK of ECDSAP256SHA256 in full use for 60 days (DS and CDS published).
const CSK_IN_USE: MadeKey = MadeKey {
    keygen: "-a 13 -f KSK -P {-60d} -A {-60d} -P sync {-60d}",
    settime: "-g OMNIPRESENT -k OMNIPRESENT {-60d} -r OMNIPRESENT {-60d} \
              -z OMNIPRESENT {-60d} -d OMNIPRESENT {-60d}",
    state: "Lifetime: 0\nKSK: yes\nZSK: yes\n",
    succeeds: None,
};

/// A KSK in full use for 60 days, its DS published.
const KSK_IN_USE: MadeKey = MadeKey {
    keygen: "-a 13 -f KSK -P {-60d} -A {-60d}",
    settime: "-g OMNIPRESENT -k OMNIPRESENT {-60d} -r OMNIPRESENT {-60d} -d OMNIPRESENT {-60d}",
    state: "",
    succeeds: None,
};

/// A ZSK in full use for 60 days.
const ZSK_IN_USE: MadeKey = MadeKey {
    keygen: "-a 13 -P {-60d} -A {-60d}",
    settime: "-g OMNIPRESENT -k OMNIPRESENT {-60d} -z OMNIPRESENT {-60d}",
    state: "",
    succeeds: None,
};

const CASES: &[Case] = &[
    // A fresh zone under the built-in default policy: named makes one CSK; so does keymgr.
    Case {
        name: "fresh_zone_default_policy",
        policies: "",
        policy: "default",
        keys: &[],
        step: Step::Flags(&[], 0),
        says: Some("created (CSK)"),
        count: 1,
        states: &[],
        first_ksk_sync: true,
        then: None,
    },
    // A CSK made three days ago whose records were introduced then (all rumoured, DS
    // hidden): the run moves DNSKEY, KRRSIG and ZRRSIG to omnipresent and the DS to rumoured,
    // and sets PublishCDS; the DS then waits for checkds (exit 2).
    Case {
        name: "csk_midway_default_policy",
        policies: "",
        policy: "default",
        keys: &[MadeKey {
            keygen: "-a 13 -f KSK -P {-3d} -A {-3d}",
            settime: "-g OMNIPRESENT -k RUMOURED {-3d} -r RUMOURED {-3d} -z RUMOURED {-3d} \
                      -d HIDDEN {-3d}",
            state: "Lifetime: 0\nKSK: yes\nZSK: yes\n",
            succeeds: None,
        }],
        step: Step::Flags(&[], 2),
        says: None,
        count: 1,
        states: &[(Which::Made(0), "DSState", "rumoured")],
        first_ksk_sync: true,
        then: Some(csk_midway_then),
    },
    // KSK + ZSK with a 30-day ZSK lifetime, both 60 days old and omnipresent: the ZSK's
    // rollover is overdue, so the run makes its successor (published now, active Ipub later),
    // links the two and sets the old one's goal to hidden.
    Case {
        name: "zsk_rollover_due",
        policies: "dnssec-policy \"zskroll\" { keys { ksk lifetime unlimited algorithm 13; \
                   zsk lifetime P30D algorithm 13; }; };",
        policy: "zskroll",
        keys: &[KSK_IN_USE, ZSK_IN_USE],
        step: Step::Conf,
        says: None,
        count: 3,
        states: &[],
        first_ksk_sync: true,
        then: None,
    },
    // A KSK rollover at the DS swap: the old KSK (goal hidden, DS unretentive, withdrawn
    // three days ago) and its successor (DS rumoured, published three days ago) with a stable
    // ZSK. The run moves the new DS to omnipresent, the old DS to hidden, and the old DNSKEY
    // and KRRSIG to unretentive.
    Case {
        name: "ksk_rollover_ds_swap",
        policies: "dnssec-policy \"kskroll\" { keys { ksk lifetime P60D algorithm 13; \
                   zsk lifetime unlimited algorithm 13; }; };",
        policy: "kskroll",
        keys: &[
            MadeKey {
                keygen: "-a 13 -f KSK -P {-60d} -A {-60d}",
                settime: "-g HIDDEN -k OMNIPRESENT {-60d} -r OMNIPRESENT {-60d} \
                          -d UNRETENTIVE {-3d} -D ds {-3d}",
                state: "",
                succeeds: None,
            },
            MadeKey {
                keygen: "-a 13 -f KSK -P {-5d} -A {-5d}",
                settime: "-g OMNIPRESENT -k OMNIPRESENT {-4d} -r OMNIPRESENT {-4d} \
                          -d RUMOURED {-4d} -P ds {-3d}",
                state: "",
                succeeds: Some(0),
            },
            ZSK_IN_USE,
        ],
        step: Step::Conf,
        says: None,
        count: 3,
        states: &[
            (Which::Made(0), "DSState", "hidden"),
            (Which::Made(0), "DNSKEYState", "unretentive"),
            (Which::Made(1), "DSState", "omnipresent"),
        ],
        first_ksk_sync: true,
        then: None,
    },
    // A ZSK rollover at its swap: the successor was published a day ago and is active since
    // an hour ago. The run makes its DNSKEY omnipresent, starts its signatures and retires the
    // old key's (the predecessor's DNSKEY stays until the new signatures are everywhere).
    // Every time a run would fill in is set already (Delete = Inactive + IretZ 867900): which
    // of two matching keys named takes first depends on directory order, and only the one it
    // takes gets missing times filled in.
    Case {
        name: "zsk_rollover_swap",
        policies: "dnssec-policy \"zskroll\" { keys { ksk lifetime unlimited algorithm 13; \
                   zsk lifetime P60D algorithm 13; }; };",
        policy: "zskroll",
        keys: &[
            KSK_IN_USE,
            MadeKey {
                keygen: "-a 13 -P {-60d} -A {-60d} -I {-1h} -D {-1h+867900}",
                settime: "-g HIDDEN -k OMNIPRESENT {-60d} -z OMNIPRESENT {-60d}",
                state: "Lifetime: 5184000\n",
                succeeds: None,
            },
            MadeKey {
                keygen: "-a 13 -P {-1d} -A {-1h} -I {-1h+60d} -D {-1h+60d+867900}",
                settime: "-g OMNIPRESENT -k RUMOURED {-1d} -z HIDDEN {-1d}",
                state: "Lifetime: 5184000\n",
                succeeds: Some(1),
            },
        ],
        step: Step::Conf,
        says: None,
        count: 3,
        states: &[
            (Which::Made(2), "ZRRSIGState", "rumoured"),
            (Which::Made(1), "ZRRSIGState", "unretentive"),
            (Which::Made(1), "DNSKEYState", "omnipresent"),
        ],
        first_ksk_sync: true,
        then: None,
    },
    // A CSK rollover at its swap: the new CSK's DNSKEY was published a day ago and it is
    // active since an hour ago. The run makes its DNSKEY and KRRSIG omnipresent, starts its
    // signatures and its DS (CDS), and retires the old key's signatures and DS. Every time a
    // run would fill in is set already (see zsk_rollover_swap): Delete = Inactive +
    // max(IretK, IretZ) = + 867900; the successor's PublishCDS = Publish + Ipub.
    Case {
        name: "csk_rollover_swap",
        policies: "dnssec-policy \"cskroll\" { keys { csk lifetime P60D algorithm 13; }; };",
        policy: "cskroll",
        keys: &[
            MadeKey {
                keygen: "-a 13 -f KSK -P {-60d} -A {-60d} -I {-1h} -D {-1h+867900} \
                         -P sync {-60d+90300}",
                settime: "-g HIDDEN -k OMNIPRESENT {-60d} -r OMNIPRESENT {-60d} \
                          -z OMNIPRESENT {-60d} -d OMNIPRESENT {-60d}",
                state: "KSK: yes\nZSK: yes\nLifetime: 5184000\n",
                succeeds: None,
            },
            MadeKey {
                keygen: "-a 13 -f KSK -P {-1d} -A {-1h} -I {-1h+60d} -D {-1h+60d+867900} \
                         -P sync {-1d+7500}",
                settime: "-g OMNIPRESENT -k RUMOURED {-1d} -r RUMOURED {-1d} -z HIDDEN {-1d} \
                          -d HIDDEN {-1d}",
                state: "KSK: yes\nZSK: yes\nLifetime: 5184000\n",
                succeeds: Some(0),
            },
        ],
        step: Step::Conf,
        says: None,
        count: 2,
        states: &[
            (Which::Made(1), "DNSKEYState", "omnipresent"),
            (Which::Made(1), "ZRRSIGState", "rumoured"),
            (Which::Made(1), "KRRSIGState", "omnipresent"),
            (Which::Made(1), "DSState", "rumoured"),
            (Which::Made(0), "ZRRSIGState", "unretentive"),
            (Which::Made(0), "DSState", "unretentive"),
        ],
        first_ksk_sync: false,
        then: None,
    },
    // Going insecure: a CSK in full use under the built-in `insecure` policy. The run retires
    // it (Inactive now, goal hidden, Delete) and withdraws its DS at once; the rest waits for
    // the parent (exit 2).
    Case {
        name: "going_insecure",
        policies: "",
        policy: "insecure",
        keys: &[CSK_IN_USE],
        step: Step::Flags(&["-k", "insecure"], 2),
        says: None,
        count: 1,
        states: &[
            (Which::Made(0), "GoalState", "hidden"),
            (Which::Made(0), "DSState", "unretentive"),
        ],
        first_ksk_sync: false,
        then: Some(going_insecure_then),
    },
    // An algorithm rollover starts: the policy now asks for an Ed25519 CSK where an ECDSA
    // P-256 CSK is in full use. The old key is retired (it matches no entry) but keeps its DS
    // until the new one's is there; the new key is a first key whose signatures may precede
    // its DNSKEY (the algorithm is being introduced).
    Case {
        name: "algorithm_rollover_start",
        policies: "dnssec-policy \"ed\" { keys { csk lifetime unlimited algorithm ed25519; }; };",
        policy: "ed",
        keys: &[CSK_IN_USE],
        step: Step::Conf,
        says: None,
        count: 2,
        states: &[
            (Which::Made(0), "GoalState", "hidden"),
            (Which::Made(0), "DSState", "omnipresent"),
            (Which::New, "ZRRSIGState", "rumoured"),
        ],
        first_ksk_sync: true,
        then: None,
    },
];

/// A scenario after its first comparison, for what follows it.
struct Ran<'a> {
    dirs: &'a Dirs,
    named: &'a Named,
    /// named's run time.
    t: i64,
    /// The base names of the scenario's keys.
    bases: Vec<String>,
    /// The scenario's step options, which the steps that follow keep.
    flags: &'static [&'static str],
}

impl Ran<'_> {
    /// The same action both ways: `rndc dnssec <rndc> example` (waiting for the key manager
    /// run it causes) and `keymgr -K B -t <now> <flags> <ours> example`; rndc's text and our
    /// run.
    fn both(&self, rndc: &[&str], ours: &[&str]) -> (String, support::Run) {
        let mut args = vec!["dnssec"];
        args.extend_from_slice(rndc);
        args.push("example");
        let said = rndc_then_run(self.named, &args);
        let b = self.dirs.keys_b();
        let now = stamp(UnixTime::now().0);
        let mut args = vec!["-K", b.to_str().unwrap(), "-t", &now];
        args.extend_from_slice(self.flags);
        args.extend_from_slice(ours);
        args.push("example");
        (said, run_in(&b, support::ours("keymgr"), &args).ok())
    }

    /// The `.private` file of the scenario's key `i` in `dir`.
    fn private(&self, dir: &Path, i: usize) -> String {
        fs::read_to_string(dir.join(format!("{}.private", self.bases[i]))).unwrap()
    }
}

/// Runs the scenario `name` of [`CASES`].
fn scenario(name: &str) {
    let case = CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no scenario '{name}' in CASES"));
    let Some(dirs) = Dirs::new() else { return };
    let now = UnixTime::now().0;
    let bases: Vec<String> = case
        .keys
        .iter()
        .map(|k| dirs.bind_key(&args_at(k.keygen, now), &args_at(k.settime, now)))
        .collect();
    for (i, key) in case.keys.iter().enumerate() {
        let mut lines = key.state.to_string();
        for (j, other) in case.keys.iter().enumerate() {
            if other.succeeds == Some(i) {
                lines.push_str(&format!("Successor: {}\n", tag_of(&bases[j])));
            }
        }
        if let Some(p) = key.succeeds {
            lines.push_str(&format!("Predecessor: {}\n", tag_of(&bases[p])));
        }
        if !lines.is_empty() {
            dirs.append_state(&bases[i], &lines);
        }
    }
    copy_dir(&dirs.keys_a(), &dirs.keys_b());
    let named = start_named(&dirs.a, case.policies, case.policy);
    let a = read_keys(&dirs.keys_a());
    let t = run_time(&a);

    let b_keys = dirs.keys_b();
    let conf = dirs.a.join("named.conf");
    // The options of the step, which our -status takes too.
    let (flags, codes): (Vec<&str>, &[i32]) = match &case.step {
        Step::Flags(flags, code) => (flags.to_vec(), std::slice::from_ref(code)),
        Step::Conf => (vec!["-l", conf.to_str().unwrap()], &[0, 2]),
    };
    let time = stamp(t);
    let mut args = vec!["-K", b_keys.to_str().unwrap(), "-t", &time];
    args.extend_from_slice(&flags);
    args.push("example");
    let run = run_in(&b_keys, support::ours("keymgr"), &args);
    assert!(codes.contains(&run.code), "{name}: {run:?}");
    if let Some(says) = case.says {
        assert!(run.stdout.contains(says), "{}", run.stdout);
    }

    let b = read_keys(&b_keys);
    assert_eq!(a.len(), case.count, "named's keys: {a:#?}");
    for (which, field, value) in case.states {
        let key = match which {
            Which::Made(i) => a.iter().find(|k| k.tag == tag_of(&bases[*i])),
            Which::New => a
                .iter()
                .find(|k| !bases.iter().any(|base| tag_of(base) == k.tag)),
        }
        .unwrap_or_else(|| panic!("{which:?}: not among named's keys {a:#?}"));
        assert_eq!(
            key.fields.get(*field).map(String::as_str),
            Some(*value),
            "{which:?} {field}: named {a:#?}"
        );
    }
    let expected = if case.first_ksk_sync {
        vec![first_ksk_sync()]
    } else {
        Vec::new()
    };
    compare(&a, &b, &expected);
    compare_status(&named, &our_status_with(&b_keys, t, &flags), &a, &b);
    if let Some(then) = case.then {
        then(&Ran {
            dirs: &dirs,
            named: &named,
            t,
            bases,
            flags: match case.step {
                Step::Flags(flags, _) => flags,
                Step::Conf => &[],
            },
        });
    }
}

/// After csk_midway_default_policy: the parent publishes the DS, so rndc's -checkds and ours
/// set the same fields (DSPublish in .state and .private, DSChange untouched); then a
/// rollover a day from now: Inactive = when + Ipub on both sides, Delete recomputed by the run
/// that follows.
fn csk_midway_then(r: &Ran) {
    let (keys_a, keys_b) = (r.dirs.keys_a(), r.dirs.keys_b());
    let when = stamp(r.t - 60);
    let (said, ours) = r.both(
        &["-checkds", "-when", &when, "published"],
        &["-checkds", "published", "-when", &when],
    );
    assert!(said.starts_with("Marked DS as published since"), "{said}");
    assert!(
        ours.stdout.contains(&format!("DSPublish {when}")),
        "{}",
        ours.stdout
    );
    let a = read_keys(&keys_a);
    assert_eq!(a[0].time("DSPublish"), Some(seconds(&when)), "{a:#?}");
    assert!(r
        .private(&keys_a, 0)
        .contains(&format!("\nDSPublish: {when}\n")));
    assert!(r
        .private(&keys_b, 0)
        .contains(&format!("\nDSPublish: {when}\n")));
    compare(&a, &read_keys(&keys_b), &[first_ksk_sync()]);

    let tag = tag_of(&r.bases[0]).to_string();
    let when = stamp(r.t + 86_400);
    let rollover = ["-rollover", "-key", &tag, "-when", &when];
    let (said, _) = r.both(&rollover, &rollover);
    assert!(
        said.starts_with(&format!("Key {tag}: Rollover scheduled on")),
        "{said}"
    );
    let a = read_keys(&keys_a);
    assert_eq!(a[0].time("Retired"), Some(seconds(&when) + 7500), "{a:#?}");
    compare(&a, &read_keys(&keys_b), &[first_ksk_sync()]);
}

/// After going_insecure: the parent drops the DS, so rndc's -checkds withdrawn and ours set
/// DSRemoved (in .state only), leave DSChange, and the run that follows changes nothing more
/// yet.
fn going_insecure_then(r: &Ran) {
    let (keys_a, keys_b) = (r.dirs.keys_a(), r.dirs.keys_b());
    let when = stamp(r.t - 60);
    let (said, ours) = r.both(
        &["-checkds", "-when", &when, "withdrawn"],
        &["-checkds", "withdrawn", "-when", &when],
    );
    assert!(said.starts_with("Marked DS as withdrawn since"), "{said}");
    assert!(
        ours.stdout.contains(&format!("DSRemoved {when}")),
        "{}",
        ours.stdout
    );
    let a = read_keys(&keys_a);
    assert_eq!(a[0].time("DSRemoved"), Some(seconds(&when)), "{a:#?}");
    assert!(!r.private(&keys_a, 0).contains("DSRemoved"));
    assert!(!r.private(&keys_b, 0).contains("DSRemoved"));
    compare(&a, &read_keys(&keys_b), &[]);
}

#[test]
fn fresh_zone_default_policy() {
    scenario("fresh_zone_default_policy");
}

#[test]
fn csk_midway_default_policy() {
    scenario("csk_midway_default_policy");
}

#[test]
fn zsk_rollover_due() {
    scenario("zsk_rollover_due");
}

#[test]
fn ksk_rollover_ds_swap() {
    scenario("ksk_rollover_ds_swap");
}

#[test]
fn zsk_rollover_swap() {
    scenario("zsk_rollover_swap");
}

#[test]
fn csk_rollover_swap() {
    scenario("csk_rollover_swap");
}

#[test]
fn going_insecure() {
    scenario("going_insecure");
}

#[test]
fn algorithm_rollover_start() {
    scenario("algorithm_rollover_start");
}

/// The offsets of the scenario table, and every scenario there has its test above.
#[test]
fn scenario_table_offsets_and_names() {
    assert_eq!(offset("-60d"), -60 * 86_400);
    assert_eq!(offset("-1h+60d+867900"), -3600 + 60 * 86_400 + 867_900);
    assert_eq!(offset("+7500"), 7500);
    let source = include_str!("keymgr.rs");
    for case in CASES {
        assert!(
            source.contains(&format!(
                "fn {}() {{\n    scenario(\"{}\");",
                case.name, case.name
            )),
            "scenario {} has no test",
            case.name
        );
    }
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
        let written = support::count_files(dir, |n| n.starts_with("Kexample."));
        assert_eq!(written > 0, accepted, "{case}");
    }
}
