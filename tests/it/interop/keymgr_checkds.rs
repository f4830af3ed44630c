//! `keymgr -checkds auto` against a parent zone `test.` served by three `named` on
//! 127.0.0.1 (each its own free port), each delegating `child.test.` with a DS set of its
//! own: the DS (made by BIND's dnssec-dsfromkey) counts in any digest type, a stale extra DS
//! does not block, one lagging or dead server makes the run wait and write nothing, and once
//! every server has agreed for the DS TTL the key files end as `-checkds published` (then
//! `withdrawn`) with `-when` at the first agreement leaves them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::keys::snapshot;
use crate::support::named::{Config, Named, Zone};
use crate::support::{free_port, ours, run_in, tools, Run};

const CHILD: &str = "child.test";
/// The TTL of the parent zone's records, so of its DS set and its negative answers.
const TTL: i64 = 300;

fn parent_zone(serial: u32, ds: &[&str]) -> String {
    zone_with(serial, "", ds)
}

/// The parent zone, with `more` records.
fn zone_with(serial: u32, more: &str, ds: &[&str]) -> String {
    let mut z = format!(
        "$TTL {TTL}\n\
         test. IN SOA ns.test. admin.test. {serial} 3600 600 86400 {TTL}\n\
         test. IN NS ns.test.\n\
         ns.test. IN A 127.0.0.1\n\
         {CHILD}. IN NS ns.{CHILD}.\n\
         ns.{CHILD}. IN A 127.0.0.1\n\
         {more}"
    );
    for line in ds {
        z.push_str(line);
        z.push('\n');
    }
    z
}

/// A `named` serving `test.` (with the DS set `ds`) from `top/named-<name>`, on 127.0.0.1 and
/// its own port; killed when dropped.
fn start_parent(top: &Path, name: &str, ds: &[&str]) -> Named {
    start_parent_zone(top, name, &parent_zone(1, ds))
}

fn start_parent_zone(top: &Path, name: &str, zone: &str) -> Named {
    let dir = top.join(format!("named-{name}"));
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("test.db"), zone).unwrap();
    let n = Named::start(&dir, &Config::new(Zone::primary("test.", "test.db")));
    n.wait_serial("test.", 1);
    n
}

/// Makes `parent` serve this DS set instead (SOA serial `serial`).
fn serve(parent: &Named, serial: u32, ds: &[&str]) {
    fs::write(parent.dir().join("test.db"), parent_zone(serial, ds)).unwrap();
    parent.reload();
    parent.wait_serial("test.", serial);
}

/// A time argument for `-t`/`-when`: UTC YYYYMMDDHHMMSS.
fn at(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y%m%d%H%M%S")
        .to_string()
}

fn keymgr(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["-K", "."];
    all.extend_from_slice(args);
    run_in(dir, ours("keymgr"), &all)
}

/// A CSK of `zone` under the default policy in `keys`, stepped until its DS waits for the
/// parent at `t0`; returns its base name.
fn waiting_csk(keys: &Path, zone: &str, t0: i64) -> String {
    fs::create_dir_all(keys).unwrap();
    keymgr(keys, &["-t", &at(t0 - 2 * 86400), zone]).ok();
    keymgr(keys, &["-t", &at(t0 - 86400), zone]).ok();
    let r = keymgr(keys, &["-t", &at(t0), zone]);
    assert_eq!(r.code, 2, "the DS should wait for the parent\n{}", r.stdout);
    snapshot(keys)
        .into_keys()
        .find_map(|n| n.strip_suffix(".key").map(str::to_string))
        .unwrap()
}

/// `-checkds auto` at `t` asking `servers`.
fn auto(dir: &Path, policy: &str, t: i64, servers: &[String]) -> Run {
    let when = at(t);
    let mut args = vec!["-k", policy, "-t", &when, "-checkds", "auto"];
    for s in servers {
        args.extend(["-p", s.as_str()]);
    }
    args.push(CHILD);
    keymgr(dir, &args)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// The key files only (not the lock, not the sightings file).
fn key_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    only_keys(snapshot(dir))
}

fn only_keys(files: std::collections::BTreeMap<String, Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .filter(|(n, _)| n.starts_with('K'))
        .collect()
}

fn ds_line(dsfromkey: &Path, dir: &Path, digest: &str, base: &str) -> String {
    let r = run_in(dir, dsfromkey, &["-a", digest, &format!("{base}.key")]).ok();
    r.stdout.trim().to_string()
}

/// What both agreement tests start from: a CSK of `child.test` whose DS waits for the parent
/// at `t0`, its DS in SHA-256 and SHA-384 (made by BIND's dnssec-dsfromkey), and three parent
/// servers: `a` and `b` serve the SHA-256 DS, `c` lags (no DS).
struct Parents {
    g: tempfile::TempDir,
    keys: PathBuf,
    t0: i64,
    base: String,
    sha256: String,
    sha384: String,
    a: Named,
    b: Named,
    c: Named,
}

impl Parents {
    fn start(dsfromkey: &Path) -> Parents {
        let g = crate::support::scratch();
        let keys = g.path().join("keys");
        let t0 = chrono::Utc::now().timestamp();
        let base = waiting_csk(&keys, CHILD, t0);
        let sha256 = ds_line(dsfromkey, &keys, "SHA-256", &base);
        let sha384 = ds_line(dsfromkey, &keys, "SHA-384", &base);
        let a = start_parent(g.path(), "a", &[&sha256]);
        let b = start_parent(g.path(), "b", &[&sha256]);
        let c = start_parent(g.path(), "c", &[]);
        Parents {
            g,
            keys,
            t0,
            base,
            sha256,
            sha384,
            a,
            b,
            c,
        }
    }
}

#[test]
fn published_then_withdrawn_when_every_parent_server_agrees() {
    let Some([_named, _dig, dsfromkey, keygen]) =
        tools(["named", "dig", "dnssec-dsfromkey", "dnssec-keygen"])
    else {
        return;
    };
    let Parents {
        g,
        keys,
        t0,
        base,
        sha256,
        sha384,
        a,
        b,
        c,
    } = Parents::start(&dsfromkey);
    let tag = base.rsplit('+').next().unwrap().trim_start_matches('0');
    // Another key's DS: stale at the parent, it must not block.
    let other = g.path().join("other");
    fs::create_dir_all(&other).unwrap();
    let other_base = crate::support::keys::bind_keygen(
        &keygen,
        &other,
        &["-K", ".", "-a", "ECDSAP256SHA256", "-f", "KSK", CHILD],
    );
    let stale = ds_line(&dsfromkey, &other, "SHA-256", &other_base);

    // a and b publish the DS, c lags.
    let servers = [a.addr(), b.addr(), c.addr()];
    let t1 = t0 + 60;
    let before = snapshot(&keys);
    let r = auto(&keys, "default", t1, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("key {tag}: DS not yet published at {}", c.addr())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("{}: no DS", c.addr())),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(&keys), before, "a lagging server: nothing written");

    // a adds a stale DS, c serves the key's DS in SHA-384 only, beside the stale one.
    serve(&a, 2, &[&sha256, &stale]);
    serve(&c, 2, &[&sha384, &stale]);
    // A dead server (nothing listens on its port): the run waits, names it, writes nothing.
    let dead = format!("127.0.0.1#{}", free_port());
    let mut with_dead = servers.to_vec();
    with_dead.push(dead.clone());
    let r = auto(&keys, "default", t1, &with_dead);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!("{dead}: ")) && r.stderr.contains("nothing recorded"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&keys), before, "a dead server: nothing written");

    // Every server agrees: remembered, but nothing recorded before the DS TTL has passed.
    let r = auto(&keys, "default", t1, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "key {tag}: DS published at every server; waiting for the TTL"
        )),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(&format!("(TTL {TTL})")), "{}", r.stdout);
    // The next run is when the TTL's wait ends, not the hourly look at the parent.
    assert!(
        r.stdout
            .contains(&format!("{CHILD}: next run {}", at(t1 + TTL))),
        "{}",
        r.stdout
    );
    assert_eq!(key_files(&keys), only_keys(before.clone()));
    assert!(keys.join(format!("checkds-{CHILD}.")).exists());
    let r = auto(&keys, "default", t1 + TTL - 1, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("marked"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("{CHILD}: next run {}", at(t1 + TTL))),
        "{}",
        r.stdout
    );

    // After the TTL: recorded, as `-checkds published -when <first agreement>` records it.
    let manual = g.path().join("manual");
    copy_dir(&keys, &manual);
    let t2 = t1 + TTL;
    let r = auto(&keys, "default", t2, &servers).ok();
    assert!(
        r.stdout
            .contains(&format!("key {tag}: marked DS as published since")),
        "{}",
        r.stdout
    );
    let m = keymgr(
        &manual,
        &[
            "-t",
            &at(t2),
            "-checkds",
            "published",
            "-when",
            &at(t1),
            CHILD,
        ],
    )
    .ok();
    assert!(m.stdout.contains("DSPublish"), "{}", m.stdout);
    assert_eq!(key_files(&keys), key_files(&manual));
    assert!(!keys.join(format!("checkds-{CHILD}.")).exists());

    // Going insecure: the DS must be withdrawn. b still serves it; a serves only the stale
    // DS (which does not count as the key's), c none.
    keymgr(&keys, &["-t", &at(t2 + 3 * 86400), CHILD]).ok();
    let t3 = t2 + 4 * 86400;
    let r = keymgr(&keys, &["-k", "insecure", "-t", &at(t3), CHILD]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    serve(&a, 3, &[&stale]);
    serve(&c, 3, &[]);
    let before = snapshot(&keys);
    let r = auto(&keys, "insecure", t3, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("key {tag}: DS not yet withdrawn at {}", b.addr())),
        "{}",
        r.stdout
    );
    assert_eq!(
        snapshot(&keys),
        before,
        "b still serves the DS: nothing written"
    );
    serve(&b, 3, &[]);
    let r = auto(&keys, "insecure", t3, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("withdrawn at every server"),
        "{}",
        r.stdout
    );
    let manual = g.path().join("manual-withdrawn");
    copy_dir(&keys, &manual);
    let t4 = t3 + TTL;
    let r = auto(&keys, "insecure", t4, &servers);
    assert!(
        r.stdout
            .contains(&format!("key {tag}: marked DS as withdrawn since")),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let m = keymgr(
        &manual,
        &[
            "-k",
            "insecure",
            "-t",
            &at(t4),
            "-checkds",
            "withdrawn",
            "-when",
            &at(t3),
            CHILD,
        ],
    );
    assert_eq!(m.code, r.code, "{}\n{}", m.stdout, r.stdout);
    assert!(m.stdout.contains("DSRemoved"), "{}", m.stdout);
    assert_eq!(key_files(&keys), key_files(&manual));
}

/// Without `-p`: the parent is the closest enclosing zone with an SOA (`absent.test.` has
/// none, `test.` has), its servers are its NS targets' addresses, all found through the
/// resolver `-r` names (named answering for `test.`). Nothing listens on those addresses:
/// the run names each, waits and writes nothing.
#[test]
fn without_servers_the_parent_is_found_through_the_dns() {
    let Some([_named, _dig]) = tools(["named", "dig"]) else {
        return;
    };
    let g = crate::support::scratch();
    let zone = "sub.absent.test";
    let keys = g.path().join("keys");
    let t0 = chrono::Utc::now().timestamp();
    waiting_csk(&keys, zone, t0);
    let more = "test. IN NS ns1.elsewhere.test.\n\
                test. IN NS ns2.elsewhere.test.\n\
                ns1.elsewhere.test. IN A 127.0.0.7\n\
                ns2.elsewhere.test. IN A 127.0.0.8\n";
    let r = start_parent_zone(g.path(), "resolver", &zone_with(1, more, &[]));
    let before = snapshot(&keys);
    let when = at(t0);
    let resolver = r.addr();
    let args = ["-t", &when, "-checkds", "auto", "-r", &resolver, zone];
    let run = keymgr(&keys, &args);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains(&format!("{zone}: parent zone test., 3 server address(es)")),
        "{}",
        run.stdout
    );
    for ns in ["127.0.0.1#53", "127.0.0.7#53", "127.0.0.8#53"] {
        assert!(
            run.stderr.contains(&format!("{zone}: {ns}: ")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        snapshot(&keys),
        before,
        "no server answered: nothing written"
    );
    // -r is for finding servers: with -p it is refused.
    let p = ["-checkds", "auto", "-r", &resolver, "-p", &resolver, zone];
    let run = keymgr(&keys, &p);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("-r finds the parent's servers"),
        "{}",
        run.stderr
    );
    // -p and -r belong to -checkds auto; a bad port is named.
    let step = keymgr(&keys, &["-p", &resolver, zone]);
    assert_eq!(step.code, 1, "{}", step.stderr);
    assert!(
        step.stderr.contains("-p and -r go with -checkds auto"),
        "{}",
        step.stderr
    );
    let bad = keymgr(&keys, &["-checkds", "auto", "-p", "127.0.0.1#x", zone]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("-p '127.0.0.1#x': bad port 'x'"),
        "{}",
        bad.stderr
    );
    let when = keymgr(
        &keys,
        &["-checkds", "auto", "-when", "now", "-r", &resolver, zone],
    );
    assert_eq!(when.code, 1, "{}", when.stderr);
    assert!(when
        .stderr
        .contains("-when goes with -checkds published|withdrawn"));
    assert_eq!(snapshot(&keys), before, "refused: nothing written");
}

/// named itself signing `child.test` with the default policy over a copy of `keys`, asking
/// `agents` (its `parental-agents`) for the DS; rndc on its own control port.
struct Signer {
    named: Named,
    keys: PathBuf,
}

impl Signer {
    fn start(dir: &Path, keys: &Path, agents: &[&Named]) -> Signer {
        fs::create_dir_all(dir).unwrap();
        let own = dir.join("keys");
        copy_dir(keys, &own);
        let _ = fs::remove_file(own.join("keymgr.lock"));
        fs::write(
            dir.join("child.db"),
            format!("$TTL 300\n@ SOA ns.{CHILD}. root.{CHILD}. 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n"),
        )
        .unwrap();
        let list: String = agents
            .iter()
            .map(|a| format!("127.0.0.1 port {}; ", a.port()))
            .collect();
        let zone = Zone::primary(CHILD, "child.db").with(&format!(
            "dnssec-policy \"default\"; inline-signing yes; key-directory \"{}\"; \
             parental-agents {{ {list}}};",
            own.display()
        ));
        let named = Named::start(dir, &Config::new(zone).rndc().debug(3));
        named.wait_log("next key event", 1);
        Signer { named, keys: own }
    }

    fn log(&self) -> String {
        self.named.log()
    }

    fn rndc(&self, args: &[&str]) {
        self.named.rndc(args).ok();
    }
}

/// A field of the one `.state` file in `dir`.
fn state_field(dir: &Path, field: &str) -> Option<String> {
    let (_, text) = snapshot(dir)
        .into_iter()
        .find(|(n, _)| n.ends_with(".state"))?;
    String::from_utf8(text).ok()?.lines().find_map(|l| {
        l.strip_prefix(field)
            .and_then(|r| r.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

/// How many DS answers from its agents named has logged (at debug level 3).
fn named_answers(signer: &Signer) -> usize {
    signer.log().matches("checkds: DS response from").count()
}

/// named's own checkds (`parental-agents`) on the same parent servers: it records nothing
/// while one agent lags, and once every agent serves the key's DS (one of them only in
/// SHA-384) it records DSPublish; `-checkds auto`, its first agreement at that time and its
/// second run a DS TTL later, records the same DSPublish and DS state. No stale DS here:
/// named 9.18 counts an agent that serves one beside the key's DS in some rounds and not in
/// others (docs/bind-compat.md, "keymgr: checkds auto"), which the first test covers for ours.
#[test]
fn named_parental_agents_and_checkds_auto_agree() {
    let Some([_named, _dig, _rndc, dsfromkey]) =
        tools(["named", "dig", "rndc", "dnssec-dsfromkey"])
    else {
        return;
    };
    // The parents a, b and c stay up to the end; the other fields are not needed here.
    let Parents {
        g,
        keys,
        sha384,
        a,
        b,
        c,
        ..
    } = Parents::start(&dsfromkey);
    let signer = Signer::start(&g.path().join("signer"), &keys, &[&a, &b, &c]);
    // c lags: a key manager run asks all three and records nothing.
    let asked = named_answers(&signer);
    signer.rndc(&["loadkeys", CHILD]);
    signer.named.wait_until("log three more DS answers", |_| {
        named_answers(&signer) >= asked + 3
    });
    assert_eq!(
        state_field(&signer.keys, "DSPublish"),
        None,
        "{}",
        signer.log()
    );
    // c serves the DS (SHA-384 only); a new key manager run asks again.
    serve(&c, 2, &[&sha384]);
    signer.rndc(&["loadkeys", CHILD]);
    // named asks its agents some time after its key manager's run: the wait gives it a while.
    signer.named.wait_until("record the DS", |_| {
        state_field(&signer.keys, "DSPublish").is_some()
    });
    let Some(named_ds) = state_field(&signer.keys, "DSPublish") else {
        panic!("named never recorded the DS\n{}", signer.log());
    };
    let t = chrono::NaiveDateTime::parse_from_str(
        named_ds.split(' ').next().unwrap_or(""),
        "%Y%m%d%H%M%S",
    )
    .unwrap_or_else(|e| panic!("DSPublish '{named_ds}': {e}"))
    .and_utc()
    .timestamp();
    let servers = [a.addr(), b.addr(), c.addr()];
    assert_eq!(auto(&keys, "default", t, &servers).code, 2);
    let r = auto(&keys, "default", t + TTL, &servers).ok();
    assert!(r.stdout.contains("marked DS as published"), "{}", r.stdout);
    assert_eq!(state_field(&keys, "DSPublish"), Some(named_ds));
    // named counted its agents in the key's .state; keymgr keeps its sighting apart.
    assert_eq!(
        state_field(&signer.keys, "DSPubCount").as_deref(),
        Some("3")
    );
    assert_eq!(state_field(&keys, "DSPubCount"), None);
    assert_eq!(
        state_field(&keys, "DSState"),
        state_field(&signer.keys, "DSState")
    );
}
