//! multisigner against live servers: each provider's signed zone (ours, and one signed by
//! BIND's dnssec-signzone) served by its own `named` on 127.0.0.1 with a free port; the
//! `@server` sources agree with the files, inconsistencies are named with provider and key,
//! the servers of one provider that disagree are named (two ports on 127.0.0.1: named does
//! not listen on 127.0.0.2 and .3, which no interface has), and `delv` validates answers from
//! every provider with a trust anchor made from the group's CDS set.

use std::fs;
use std::path::Path;

use crate::cli::multisigner::{zone_text, Group, ZONE};
use crate::support::named::{Config, Named, Zone};
use crate::support::{run_in, tool, tools};

/// A `named` serving ms.test from `signed` (a file of the group directory), copied into a
/// directory of its own; killed when dropped.
fn start_provider(g: &Group, name: &str, signed: &str) -> Named {
    let dir = g.path().join(format!("named-{name}"));
    fs::create_dir_all(&dir).unwrap();
    fs::copy(g.path().join(signed), dir.join("zone.signed")).unwrap();
    let n = Named::start(&dir, &Config::new(Zone::primary(ZONE, "zone.signed")));
    n.wait_serial(ZONE, 1);
    n
}

/// A server as multisigner's sources name it: `@127.0.0.1#PORT`.
fn source(n: &Named) -> String {
    format!("@{}", n.addr())
}

/// Makes `n` serve `signed` (with SOA serial `serial`) instead.
fn serve(g: &Group, n: &Named, signed: &str, serial: u32) {
    fs::copy(g.path().join(signed), n.dir().join("zone.signed")).unwrap();
    n.reload();
    n.wait_serial(ZONE, serial);
}

/// delv's trust-anchors clause for the DS set the CDS RRset at `server` describes.
fn anchors_from_cds(server: &Named) -> String {
    let cds = server.dig(&["+short", "+nosplit", ZONE, "CDS"]);
    let mut out = String::from("trust-anchors {\n");
    for l in cds.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        out.push_str(&format!(
            "  {ZONE}. static-ds {} {} {} \"{}\";\n",
            f[0],
            f[1],
            f[2],
            f[3..].concat()
        ));
    }
    out.push_str("};\n");
    out
}

/// Signs provider `p` with BIND's dnssec-signzone instead of ours.
fn bind_sign(g: &Group, signzone: &Path, p: &str) {
    let out = format!("{p}.signed");
    let db = format!("{p}.db");
    run_in(
        g.path(),
        signzone,
        &["-S", "-K", p, "-o", ZONE, "-f", &out, &db],
    )
    .ok();
}

fn set_serial(g: &Group, p: &str, serial: u32) {
    let text = zone_text("").replace(
        " 1 3600 600 86400 300",
        &format!(" {serial} 3600 600 86400 300"),
    );
    g.write(&format!("{p}.db"), &text);
}

#[test]
fn servers_match_files_and_delv_validates_every_provider() {
    let Some([_named, _dig, delv, signzone]) = tools(["named", "dig", "delv", "dnssec-signzone"])
    else {
        return;
    };
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    g.sign("a");
    bind_sign(&g, &signzone, "b");
    g.assert_consistent();
    let na = start_provider(&g, "a", "a.signed");
    let nb = start_provider(&g, "b", "b.signed");
    let (sa, sb) = (source(&na), source(&nb));
    for args in [[sa.as_str(), sb.as_str()], ["a.signed", sb.as_str()]] {
        let r = g.check(&args);
        assert_eq!(r.code, 0, "{args:?}\n{}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains(&format!("{sb}: SOA serial 1, 3 DNSKEYs")),
            "{}",
            r.stdout
        );
    }
    // A resolver trusting the DS set the CDS RRset describes validates at each provider.
    let anchors = anchors_from_cds(&na);
    assert_eq!(anchors.matches("static-ds").count(), 2, "{anchors}");
    g.write("anchors", &anchors);
    for n in [&na, &nb] {
        let at = "@127.0.0.1";
        let port = n.port().to_string();
        for (name, rtype) in [("www.ms.test", "A"), (ZONE, "NS"), (ZONE, "DNSKEY")] {
            let r = run_in(
                g.path(),
                &delv,
                &[
                    at,
                    "-p",
                    &port,
                    "-a",
                    "anchors",
                    "+root=ms.test",
                    name,
                    rtype,
                ],
            );
            assert!(
                r.stdout.starts_with("; fully validated"),
                "{name} {rtype} at {}: {}{}",
                source(n),
                r.stdout,
                r.stderr
            );
        }
    }

    // b (BIND-signed) drops a's ZSK: named with both and the check names b and the key.
    let zsk_a = g.zsk("a");
    for ext in ["key", "private"] {
        fs::remove_file(g.path().join(format!("b/{zsk_a}.{ext}"))).unwrap();
    }
    set_serial(&g, "b", 2);
    bind_sign(&g, &signzone, "b");
    serve(&g, &nb, "b.signed", 2);
    let r = g.check(&["-q", &sa, &sb]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let want = format!(
        "{sb}: DNSKEY RRset lacks {} that signs the data of {sa}",
        g.key_text("a", &zsk_a)
    );
    assert!(r.stdout.lines().any(|l| l == want), "{want}\n{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "{sa}: ms.test NS does not validate with the DNSKEY RRset of {sb}"
        )),
        "{}",
        r.stdout
    );

    // The reconcile output for b, run, re-signed by BIND and served: consistent again.
    let u = format!("{sb}=b");
    let r = g.check(&["-q", "-u", &u, &sa, &sb]);
    assert_eq!(r.code, 1);
    let script: String = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("echo "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(script.lines().count(), 1, "{}", r.stdout);
    assert!(script.contains(" -P now "), "{script}");
    g.sh(&script).ok();
    set_serial(&g, "b", 3);
    bind_sign(&g, &signzone, "b");
    serve(&g, &nb, "b.signed", 3);
    let r = g.check(&[&sa, &sb]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn servers_of_one_provider_that_disagree_are_named() {
    let Some([_named, _dig]) = tools(["named", "dig"]) else {
        return;
    };
    let g = Group::new(&["a", "b"]);
    g.exchange(true);
    g.sign_all();
    // a's second server has an old copy: another NS RRset, the same keys.
    g.write("a.db", &zone_text("@ NS ns2.ms.test.\nns2 A 127.0.0.1\n"));
    g.sign("a");
    fs::rename(g.path().join("a.signed"), g.path().join("a2.signed")).unwrap();
    g.write("a.db", &zone_text(""));
    g.sign("a");
    // named listens only on the addresses of an interface (127.0.0.1 here, not the rest of
    // 127/8), so the provider's two servers differ by port.
    let n1 = start_provider(&g, "a1", "a.signed");
    let n2 = start_provider(&g, "a2", "a2.signed");
    let (p1, p2) = (n1.port(), n2.port());
    let src = format!("@127.0.0.1#{p1},localhost#{p2}");
    let r = g.check(&["-q", "-v", &src, "b.signed"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains("serve different"))
            .collect::<Vec<_>>(),
        [format!(
            "{src}: addresses 127.0.0.1:{p1} and 127.0.0.1:{p2} serve different NS RRsets"
        )]
    );
    // The first server alone agrees with b.
    let r = g.check(&["-q", &format!("@127.0.0.1#{p1}"), "b.signed"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

/// The parent's DS set for the KSKs `bases` (provider, base name), as a `dsset-` file.
fn write_dsset(g: &Group, keys: &[(&str, String)]) {
    let mut text = String::new();
    for (p, base) in keys {
        let file = format!("{p}/{base}.key");
        let out = run_in(g.path(), crate::support::ours("dsfromkey"), &["-2", &file]).ok();
        text.push_str(&out.stdout);
    }
    g.write("dsset-ms.test.", &text);
}

/// The DS set dnssec-cds (ours, checked against BIND's) makes from the parent's current DS
/// set and provider `p`'s signed zone: `tag alg` pairs, sorted.
fn next_ds(g: &Group, bind_cds: &Path, p: &str) -> Vec<String> {
    let file = format!("{p}.signed");
    let args = [
        "-s",
        "-7200",
        "-f",
        file.as_str(),
        "-d",
        "dsset-ms.test.",
        ZONE,
    ];
    let ours = run_in(g.path(), crate::support::ours("cds"), &args).ok();
    let bind = run_in(g.path(), bind_cds, &args).ok();
    assert_eq!(ours.stdout, bind.stdout);
    let mut v: Vec<String> = ours
        .stdout
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let at = f.iter().position(|w| *w == "DS").unwrap();
            format!("{} {}", f[at + 1], f[at + 2])
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `tag 15` for each key, sorted, as [`next_ds`] gives them.
fn tags(keys: &[(&str, String)]) -> Vec<String> {
    let mut v: Vec<String> = keys
        .iter()
        .map(|(_, b)| format!("{} 15", Group::tag(b)))
        .collect();
    v.sort();
    v
}

/// RFC 8901 workflows on zone files, the check green at every step: c joins a and b (ZSKs
/// first, then the CDS union, then the parent's DS through dnssec-cds, ours and BIND's
/// agreeing), b leaves, then a and c roll their ZSKs on their own schedules (pre-publish,
/// reconcile, activate, retire, delete; by settime, keymgr being written in parallel).
#[test]
fn join_leave_and_independent_zsk_rolls_stay_green() {
    let Some(bind_cds) = tool("dnssec-cds") else {
        return;
    };
    let g = Group::new(&["a", "b", "c"]);
    let (ksk_a, ksk_b, ksk_c) = (g.ksk("a"), g.ksk("b"), g.ksk("c"));
    g.exchange_between(&["a", "b"], &["a", "b"], true, true);
    g.sign_all();
    g.assert_consistent_among(&["a", "b"]);
    write_dsset(&g, &[("a", ksk_a.clone()), ("b", ksk_b.clone())]);
    assert_eq!(
        next_ds(&g, &bind_cds, "a"),
        tags(&[("a", ksk_a.clone()), ("b", ksk_b.clone())])
    );

    // Join, step 1: the zone keys everywhere; c does not serve yet.
    g.exchange_between(&["c"], &["a", "b"], false, true);
    g.exchange_between(&["a", "b"], &["c"], false, true);
    g.sign_all();
    g.assert_consistent_among(&["a", "b"]);
    let r = g.check(&["-q", "a.signed", "b.signed", "c.signed"]);
    assert_eq!(r.code, 1, "c's CDS is not the union yet");
    // Step 2: the CDS union; now c is consistent with the group.
    g.exchange_between(&["c"], &["a", "b"], true, false);
    g.exchange_between(&["a", "b"], &["c"], true, false);
    g.sign_all();
    g.assert_consistent_among(&["a", "b", "c"]);
    // Step 3: the parent takes the DS set of the CDS union.
    let all = [
        ("a", ksk_a.clone()),
        ("b", ksk_b.clone()),
        ("c", ksk_c.clone()),
    ];
    assert_eq!(next_ds(&g, &bind_cds, "c"), tags(&all));
    write_dsset(&g, &all);
    g.assert_consistent_among(&["a", "b", "c"]);

    // Leave: b is out of the delegation; a and c drop its keys.
    for p in ["a", "c"] {
        let zsk_b = g.zsk("b");
        for (base, what) in [(&zsk_b, "-D"), (&ksk_b, "-D sync")] {
            let mut args = vec!["-K", p];
            args.extend(what.split(' '));
            args.extend(["now", base.as_str()]);
            run_in(g.path(), crate::support::ours("settime"), &args).ok();
        }
        g.sign(p);
    }
    g.assert_consistent_among(&["a", "c"]);
    assert!(!g
        .read("a.signed")
        .contains(&format!(" {} 15 2 ", Group::tag(&ksk_b))));
    let ac = [("a", ksk_a.clone()), ("c", ksk_c.clone())];
    assert_eq!(next_ds(&g, &bind_cds, "a"), tags(&ac));
    write_dsset(&g, &ac);

    // ZSK rolls: a pre-publishes, then c; each reconcile publishes the new key at the other.
    let settime = |p: &str, args: &[&str]| {
        let mut all = vec!["-K", p];
        all.extend_from_slice(args);
        run_in(g.path(), crate::support::ours("settime"), &all).ok();
    };
    let old = [("a", g.zsk("a")), ("c", g.zsk("c"))];
    let mut new = Vec::new();
    for p in ["a", "c"] {
        let args = [
            "-q", "-K", p, "-a", "ED25519", "-P", "now", "-A", "now+1d", ZONE,
        ];
        let base = run_in(g.path(), crate::support::ours("keygen"), &args)
            .ok()
            .stdout
            .trim()
            .to_string();
        g.sign(p);
        g.assert_consistent_among(&["a", "c"]);
        let script = g.reconcile_among(&["a", "c"]);
        assert!(
            script.contains(&format!("ZSK {}/15/256", Group::tag(&base))),
            "{script}"
        );
        g.assert_consistent_among(&["a", "c"]);
        new.push((p, base));
    }
    // a switches now, c a step later; each old key goes only when no one signs with it.
    for ((p, old), (_, new)) in old.iter().zip(&new) {
        settime(p, &["-A", "now", new]);
        settime(p, &["-I", "now", old]);
        g.sign(p);
        g.assert_consistent_among(&["a", "c"]);
        for q in ["a", "c"] {
            settime(q, &["-D", "now", old]);
            g.sign(q);
        }
        g.assert_consistent_among(&["a", "c"]);
        assert!(!g
            .read("a.signed")
            .contains(&format!(" {} ms.test.", Group::tag(old))));
    }
}

/// A provider whose signer takes DNS UPDATE: `named` signing `b`'s zone itself (dynamic,
/// `auto-dnssec maintain`, keys in `b/`). The `-u 2=nsupdate` script, fed to nsupdate,
/// adds the other provider's ZSK and the CDS/CDNSKEY of its KSK; named signs them in; with
/// the file provider reconciled by importkey, the group is consistent.
#[test]
fn reconcile_by_nsupdate_against_a_signing_named() {
    let Some([_named, _dig, nsupdate]) = tools(["named", "dig", "nsupdate"]) else {
        return;
    };
    let g = Group::new(&["a", "b"]);
    g.sign("a");
    let dir = g.path().join("named-b");
    fs::create_dir(&dir).unwrap();
    fs::copy(g.path().join("b.db"), dir.join("zone.db")).unwrap();
    let zone = Zone::primary(ZONE, "zone.db").with(&format!(
        "allow-update {{ 127.0.0.1; }}; auto-dnssec maintain; key-directory \"{}\";",
        g.path().join("b").display()
    ));
    let nb = Named::start(&dir, &Config::new(zone));
    let port = nb.port();
    // named signs on load: wait until the CDS of b's KSK is there (the check below says
    // whether the group came out right).
    nb.poll(|n| !n.dig(&["+short", ZONE, "CDS"]).is_empty());
    let sb = source(&nb);
    let r = g.check(&["-q", "-u", "1=a", "-u", "2=nsupdate", "a.signed", &sb]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let update: String = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("; "))
        .take_while(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        update.contains(&format!("server 127.0.0.1 {port}\n")),
        "{update}"
    );
    assert_eq!(update.matches("update add").count(), 3, "{update}");
    g.write("update.txt", &update);
    run_in(g.path(), &nsupdate, &["update.txt"]).ok();
    let imports: String = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("echo "))
        .map(|l| format!("{l}\n"))
        .collect();
    g.sh(&imports).ok();
    g.sign("a");
    // named re-signs after the update in the background, at its own pace: on a loaded
    // machine that took over 10 s, so wait for a consistent group for up to a minute; a
    // failure shows the last check's report and named's log.
    let patience = std::time::Duration::from_secs(60);
    let last = std::cell::RefCell::new(String::new());
    let consistent = nb.poll_within(patience, |_| {
        let r = g.check(&["-q", "a.signed", &sb]);
        *last.borrow_mut() = format!("exit {}\n{}{}", r.code, r.stdout, r.stderr);
        r.code == 0
    });
    assert!(
        consistent,
        "not consistent within {patience:?} after the nsupdate script; last check: {}\n\
         named's log:\n{}",
        last.borrow(),
        nb.log()
    );
}

/// A DNSKEY RRset too big for 1232 octets of UDP (RSA keys and signatures): named truncates
/// it (dig sees `tc`), and the client takes it over TCP, so the server agrees with the file.
#[test]
fn big_dnskey_rrset_comes_over_tcp() {
    let Some([_named, _dig]) = tools(["named", "dig"]) else {
        return;
    };
    let g = Group::new(&["a"]);
    for _ in 0..3 {
        let args = ["-q", "-K", "a", "-a", "RSASHA256", "-b", "2048", ZONE];
        run_in(g.path(), crate::support::ours("keygen"), &args).ok();
    }
    g.sign("a");
    let na = start_provider(&g, "a", "a.signed");
    let udp = na.dig(&["+dnssec", "+bufsize=1232", "+ignore", ZONE, "DNSKEY"]);
    let flags = udp.lines().find(|l| l.contains(";; flags:")).unwrap_or("");
    assert!(flags.contains(" tc"), "not truncated over UDP:\n{udp}");
    let r = g.check(&["-v", "a.signed", &source(&na)]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("{}: SOA serial 1, 5 DNSKEYs", source(&na))),
        "{}",
        r.stdout
    );
}
