//! `keymgr -checkds auto` against a parent zone `test.` served by three `named` on
//! 127.0.0.1 (each its own free port), each delegating `child.test.` with a DS set of its
//! own: the DS (made by BIND's dnssec-dsfromkey) counts in any digest type, a stale extra DS
//! does not block, one lagging or dead server makes the run wait and write nothing, and once
//! every server has agreed for the DS TTL the key files end as `-checkds published` (then
//! `withdrawn`) with `-when` at the first agreement leaves them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::keys::snapshot;
use crate::support::{free_port, ours, run_in, tool, tools, Run};

const CHILD: &str = "child.test";
/// The TTL of the parent zone's records, so of its DS set and its negative answers.
const TTL: i64 = 300;

/// A `named` serving `test.` on 127.0.0.1 and its own port; killed when dropped.
struct Named {
    child: std::process::Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

impl Named {
    fn start(named: &Path, top: &Path, name: &str, ds: &[&str]) -> Named {
        Named::start_zone(named, top, name, &parent_zone(1, ds))
    }

    fn start_zone(named: &Path, top: &Path, name: &str, zone: &str) -> Named {
        let dir = top.join(format!("named-{name}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("test.db"), zone).unwrap();
        let port = free_port();
        let conf = format!(
            "options {{ directory \"{d}\"; pid-file \"{d}/named.pid\"; listen-on port {port} {{ 127.0.0.1; }};\n\
             listen-on-v6 {{ none; }}; recursion no; dnssec-validation no; notify no; }};\n\
             controls {{ }};\n\
             zone \"test.\" {{ type primary; file \"test.db\"; }};\n",
            d = dir.display()
        );
        fs::write(dir.join("named.conf"), conf).unwrap();
        let log = fs::File::create(dir.join("named.log")).unwrap();
        let child = std::process::Command::new(named)
            .args(["-g", "-n", "1", "-c"])
            .arg(dir.join("named.conf"))
            .current_dir(&dir)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let n = Named { child, port, dir };
        n.wait_for_serial(1);
        n
    }

    fn arg(&self) -> String {
        format!("127.0.0.1#{}", self.port)
    }

    fn wait_for_serial(&self, serial: u32) {
        let dig = tool("dig").unwrap();
        let port = self.port.to_string();
        for _ in 0..100 {
            let args = ["@127.0.0.1", "-p", &port, "+norec", "+time=1", "+tries=1"];
            let mut all = args.to_vec();
            all.extend(["+short", "test.", "SOA"]);
            let soa = run_in(&self.dir, &dig, &all).stdout;
            if soa.split_whitespace().nth(2) == Some(serial.to_string().as_str()) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let log = fs::read_to_string(self.dir.join("named.log")).unwrap_or_default();
        panic!("named did not serve test. serial {serial}\n{log}");
    }

    /// Serves this DS set instead (SOA serial `serial`).
    fn serve(&self, serial: u32, ds: &[&str]) {
        fs::write(self.dir.join("test.db"), parent_zone(serial, ds)).unwrap();
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap();
        self.wait_for_serial(serial);
    }
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

#[test]
fn published_then_withdrawn_when_every_parent_server_agrees() {
    let Some([named, _dig, dsfromkey, keygen]) =
        tools(["named", "dig", "dnssec-dsfromkey", "dnssec-keygen"])
    else {
        return;
    };
    let g = crate::support::scratch();
    let keys = g.path().join("keys");
    let t0 = chrono::Utc::now().timestamp();
    let base = waiting_csk(&keys, CHILD, t0);
    let tag = base.rsplit('+').next().unwrap().trim_start_matches('0');
    // Another key's DS: stale at the parent, it must not block.
    let other = g.path().join("other");
    fs::create_dir_all(&other).unwrap();
    let other_base = crate::support::keys::bind_keygen(
        &keygen,
        &other,
        &["-K", ".", "-a", "ECDSAP256SHA256", "-f", "KSK", CHILD],
    );
    let sha256 = ds_line(&dsfromkey, &keys, "SHA-256", &base);
    let sha384 = ds_line(&dsfromkey, &keys, "SHA-384", &base);
    let stale = ds_line(&dsfromkey, &other, "SHA-256", &other_base);

    // a and b publish the DS, c lags.
    let a = Named::start(&named, g.path(), "a", &[&sha256]);
    let b = Named::start(&named, g.path(), "b", &[&sha256]);
    let c = Named::start(&named, g.path(), "c", &[]);
    let servers = [a.arg(), b.arg(), c.arg()];
    let t1 = t0 + 60;
    let before = snapshot(&keys);
    let r = auto(&keys, "default", t1, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("key {tag}: DS not yet published at {}", c.arg())),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("{}: no DS", c.arg())),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(&keys), before, "a lagging server: nothing written");

    // a adds a stale DS, c serves the key's DS in SHA-384 only, beside the stale one.
    a.serve(2, &[&sha256, &stale]);
    c.serve(2, &[&sha384, &stale]);
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
    a.serve(3, &[&stale]);
    c.serve(3, &[]);
    let before = snapshot(&keys);
    let r = auto(&keys, "insecure", t3, &servers);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("key {tag}: DS not yet withdrawn at {}", b.arg())),
        "{}",
        r.stdout
    );
    assert_eq!(
        snapshot(&keys),
        before,
        "b still serves the DS: nothing written"
    );
    b.serve(3, &[]);
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
    let Some([named, _dig]) = tools(["named", "dig"]) else {
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
    let r = Named::start_zone(&named, g.path(), "resolver", &zone_with(1, more, &[]));
    let before = snapshot(&keys);
    let when = at(t0);
    let resolver = r.arg();
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

const RNDC_KEY: &str = "key \"rndc-key\" { algorithm hmac-sha256; \
    secret \"Y2hlY2tkcy1hdXRvLXRlc3Qta2V5LTAxMjM0NTY3OA==\"; };\n";

/// named itself signing `child.test` with the default policy over a copy of `keys`, asking
/// `agents` (its `parental-agents`) for the DS; rndc on its own control port.
struct Signer {
    named: Named,
    keys: PathBuf,
}

impl Signer {
    fn start(named: &Path, dir: &Path, keys: &Path, agents: &[&Named]) -> Signer {
        fs::create_dir_all(dir).unwrap();
        let own = dir.join("keys");
        copy_dir(keys, &own);
        let _ = fs::remove_file(own.join("keymgr.lock"));
        let port = free_port();
        let control = free_port();
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
            dir.join("child.db"),
            format!("$TTL 300\n@ SOA ns.{CHILD}. root.{CHILD}. 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n"),
        )
        .unwrap();
        let list: String = agents
            .iter()
            .map(|a| format!("127.0.0.1 port {}; ", a.port))
            .collect();
        let conf = format!(
            "include \"{d}/rndc.key\";\n\
             controls {{ inet 127.0.0.1 port {control} allow {{ 127.0.0.1; }} keys {{ \"rndc-key\"; }}; }};\n\
             options {{ directory \"{d}\"; pid-file \"{d}/named.pid\"; listen-on port {port} {{ 127.0.0.1; }};\n\
             listen-on-v6 {{ none; }}; recursion no; notify no; }};\n\
             zone \"{CHILD}\" {{ type primary; file \"child.db\"; dnssec-policy \"default\";\n\
             inline-signing yes; key-directory \"{d}/keys\"; parental-agents {{ {list}}}; }};\n",
            d = dir.display()
        );
        fs::write(dir.join("named.conf"), conf).unwrap();
        let log = fs::File::create(dir.join("named.log")).unwrap();
        let child = std::process::Command::new(named)
            .args(["-g", "-d", "3", "-n", "1", "-c"])
            .arg(dir.join("named.conf"))
            .current_dir(dir)
            .env("TZ", "UTC")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let s = Signer {
            named: Named {
                child,
                port,
                dir: dir.to_path_buf(),
            },
            keys: own,
        };
        s.wait_log("next key event", 1);
        s
    }

    fn log(&self) -> String {
        fs::read_to_string(self.named.dir.join("named.log")).unwrap_or_default()
    }

    fn wait_log(&self, what: &str, count: usize) {
        for _ in 0..200 {
            if self.log().matches(what).count() >= count {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("named did not log '{what}' {count} times\n{}", self.log());
    }

    fn rndc(&self, args: &[&str]) {
        let conf = self.named.dir.join("rndc.conf");
        let mut all = vec!["-c", conf.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(&self.named.dir, tool("rndc").unwrap(), &all).ok();
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
    let Some([named, _dig, _rndc, dsfromkey]) = tools(["named", "dig", "rndc", "dnssec-dsfromkey"])
    else {
        return;
    };
    let g = crate::support::scratch();
    let keys = g.path().join("keys");
    let t0 = chrono::Utc::now().timestamp();
    let base = waiting_csk(&keys, CHILD, t0);
    let sha256 = ds_line(&dsfromkey, &keys, "SHA-256", &base);
    let sha384 = ds_line(&dsfromkey, &keys, "SHA-384", &base);
    let a = Named::start(&named, g.path(), "a", &[&sha256]);
    let b = Named::start(&named, g.path(), "b", &[&sha256]);
    let c = Named::start(&named, g.path(), "c", &[]);
    let signer = Signer::start(&named, &g.path().join("signer"), &keys, &[&a, &b, &c]);
    // c lags: a key manager run asks all three and records nothing.
    let asked = named_answers(&signer);
    signer.rndc(&["loadkeys", CHILD]);
    for _ in 0..300 {
        if named_answers(&signer) >= asked + 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(named_answers(&signer) >= asked + 3, "{}", signer.log());
    assert_eq!(
        state_field(&signer.keys, "DSPublish"),
        None,
        "{}",
        signer.log()
    );
    // c serves the DS (SHA-384 only); a new key manager run asks again.
    c.serve(2, &[&sha384]);
    signer.rndc(&["loadkeys", CHILD]);
    let mut named_ds = None;
    // named asks its agents some time after its key manager's run: give it a while.
    for _ in 0..300 {
        named_ds = state_field(&signer.keys, "DSPublish");
        if named_ds.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let Some(named_ds) = named_ds else {
        panic!("named never recorded the DS\n{}", signer.log());
    };
    let t = chrono::NaiveDateTime::parse_from_str(
        named_ds.split(' ').next().unwrap_or(""),
        "%Y%m%d%H%M%S",
    )
    .unwrap_or_else(|e| panic!("DSPublish '{named_ds}': {e}"))
    .and_utc()
    .timestamp();
    let servers = [a.arg(), b.arg(), c.arg()];
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
