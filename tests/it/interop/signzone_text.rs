//! Our `signzone` writes the same text as BIND's dnssec-signzone, byte for byte
//! (docs/bind-compat.md, "signzone: output formats and order"): both sign the same zone with
//! the same Ed25519 keys (deterministic signatures), fixed -s/-e and BIND on one thread, and
//! the outputs are compared after the two `;` header lines (the raw format after its header,
//! the dsset/keyset files whole). Zones: every record type the zone model knows, tricky owners
//! (escapes, wildcards, mixed and inconsistent case, empty non-terminals, occluded data),
//! multi-line corner cases, a name with more RRsets than BIND's dump sorts at once; NSEC and
//! NSEC3, -O full, -f -, -D, -S with CDS/CDNSKEY, -g, re-signing BIND's own output.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tool, tools};

const S: &str = "20260101000000";
const E: &str = "20270101000000";

/// Owners that test the writer's columns, escapes and order, BIND's case rules, and the
/// RRset order at a name.
const TRICKY: &str = r#"$TTL 3600
@	IN SOA ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 300
	NS ns1
	NS NS2
	MX 10 mail
	TXT "v=spf1 -all"
	A 192.0.2.99
	LOC 0 N 0 E 0
ns1	A 192.0.2.1
NS2	A 192.0.2.2
	AAAA 2001:db8::2
mail	A 192.0.2.3
child	NS ns.child
child	DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.child A 192.0.2.10
deep.ns.child TXT "occluded"
insecure NS ns.elsewhere.net.
insecure NS ns.insecure
ns.insecure A 192.0.2.20
*.wild	TXT "wildcard"
*	A 192.0.2.77
a.b.ent	TXT "below two empty non-terminals"
MiXeD	A 192.0.2.5
esc\.aped TXT "escaped dot"
sp\032ace A 192.0.2.6
\$dollar A 192.0.2.7
at\@sign A 192.0.2.8
semi\;colon A 192.0.2.9
paren\(x\) A 192.0.2.11
quote\"q A 192.0.2.12
back\\slash A 192.0.2.13
bin\000\255\127 A 192.0.2.14
UPPER\200CASE A 192.0.2.15
x.y.z.w.v.u.t.s.r.q.p.o.n.m.l.k.j.i.h.g.f.e.d.c.b.a.really.long.name.thats.going.to.exceed.widths A 192.0.2.99
abcdefghijklmnopqrstuv 2147483647 A 192.0.2.1
ttl0 0 A 192.0.2.1
openpgp OPENPGPKEY AA==
mx2 MX 10 MAIL.Example.COM.
mx2 MX 10 mail.example.com.
mx2 MX 5 Zed.example.
p9 TXT "t"
P9 A 192.0.2.9
r9 A 192.0.2.1
other A 192.0.2.1
R9 A 192.0.2.2
s9 A 192.0.2.1
s9 TXT "x"
S9 TXT "y"
S9 LOC 0 N 0 E 0
x.B.ent2 TXT "deep"
b.ENT2 TXT "ent"
n1 CAA 0 issue "x"
n1 HINFO "a" "b"
n1 LOC 0 N 0 E 0
n2 LOC 0 N 0 E 0
n2 A 192.0.2.2
n2 CAA 0 issue "x"
n2 TXT "t"
n5 A 192.0.2.5
n5 TXT "x"
n5 A 192.0.2.55
n5 MX 10 n5
n6 PTR x.
n6 SRV 1 1 1 x.
n6 NAPTR 1 1 "" "" "" .
n6 HTTPS 1 . alpn=h2
n6 DNAME x.
ns1 AAAA ::2
"#;

/// A name with 40 generic types plus A, TXT and LOC: with their signatures and the NSEC,
/// more RRsets than BIND's dump sorts at once.
fn many_types_zone() -> String {
    let mut z = String::from("$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n");
    // A fixed shuffle, so that reading order and type order differ.
    for i in 0..40u32 {
        let t = 1000 + (i * 17) % 40;
        z.push_str(&format!("m TYPE{t} \\# 1 0{}\n", t % 10));
    }
    z.push_str("m A 192.0.2.9\nm TXT \"x\"\nm LOC 0 N 0 E 0\n");
    z
}

/// A zone directory with BIND-made Ed25519 keys for `example` ($INCLUDEd when `include`).
fn zone_dir(text: &str, include: bool) -> Option<tempfile::TempDir> {
    let keygen = tool("dnssec-keygen")?;
    let dir = scratch();
    let d = dir.path();
    let ksk = run_in(d, &keygen, &["-q", "-a", "ED25519", "-f", "KSK", "example"]).ok();
    let zsk = run_in(d, &keygen, &["-q", "-a", "ED25519", "example"]).ok();
    let mut zone = text.to_string();
    if include {
        for k in [&ksk.stdout, &zsk.stdout] {
            zone.push_str(&format!("$INCLUDE {}.key\n", k.trim()));
        }
    }
    fs::write(d.join("z.db"), zone).unwrap();
    Some(dir)
}

/// The output without its two `;` header lines.
fn body(path: &Path) -> Vec<u8> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut newlines = 0;
    let start = bytes
        .iter()
        .position(|&b| {
            if b == b'\n' {
                newlines += 1;
            }
            newlines == 2
        })
        .map_or(bytes.len(), |p| p + 1);
    assert!(
        bytes.starts_with(b"; File written on "),
        "{}",
        path.display()
    );
    bytes[start..].to_vec()
}

/// The first lines where two texts differ, for the failure message.
fn first_difference(ours: &[u8], bind: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(ours), String::from_utf8_lossy(bind));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |v: &[&str]| {
        v.iter()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(|l| format!("{l:?}\n"))
            .collect::<String>()
    };
    format!("line {}:\nours:\n{}BIND:\n{}", at + 1, show(&a), show(&b))
}

/// Signs `z.db` in `dir` with both signers (same flags, BIND on one thread) and asserts the
/// outputs are the same bytes after the header. Returns false when BIND is missing.
fn same_text(dir: &Path, flags: &[&str]) -> bool {
    same_text_for(dir, flags, "example")
}

/// [`same_text`] with `-o origin`.
fn same_text_for(dir: &Path, flags: &[&str], origin: &str) -> bool {
    let Some(signer) = tool("dnssec-signzone") else {
        return false;
    };
    let common = ["-s", S, "-e", E, "-o", origin];
    let mut b = vec!["-n", "1"];
    b.extend_from_slice(flags);
    b.extend(common);
    b.extend(["-f", "bind.out", "z.db"]);
    let bind = run_in(dir, &signer, &b);
    assert_eq!(bind.code, 0, "BIND {flags:?}: {}", bind.stderr);
    let mut o: Vec<&str> = flags.to_vec();
    o.extend(common);
    o.extend(["-f", "ours.out", "z.db"]);
    let ours_run = run_in(dir, ours("signzone"), &o);
    assert_eq!(ours_run.code, 0, "ours {flags:?}: {}", ours_run.stderr);
    let raw = flags.iter().any(|f| f.starts_with("raw"));
    let (a, b) = if raw {
        // The raw header holds the dump time: 12 octets for version 0, else 24.
        let skip = if flags.contains(&"raw=0") { 12 } else { 24 };
        let read = |f: &str| fs::read(dir.join(f)).unwrap()[skip..].to_vec();
        (read("ours.out"), read("bind.out"))
    } else {
        (body(&dir.join("ours.out")), body(&dir.join("bind.out")))
    };
    assert!(a.len() > 200, "{flags:?}: output too short");
    assert!(
        a == b,
        "{flags:?}: not the same as BIND's\n{}",
        first_difference(&a, &b)
    );
    true
}

const STYLES: [&[&str]; 6] = [
    &[],
    &["-O", "full"],
    &["-D"],
    &["-3", "AABB"],
    &["-3", "-", "-A", "-O", "full"],
    &["-D", "-3", "-", "-O", "full"],
];

#[test]
fn every_record_type_is_written_as_bind_writes_it() {
    let Some(dir) = zone_dir(support::zones::EVERY_TYPE, true) else {
        return;
    };
    for flags in STYLES {
        if !same_text(dir.path(), flags) {
            return;
        }
    }
    same_text(dir.path(), &["-O", "raw"]);
}

#[test]
fn tricky_owners_cases_and_orders_are_written_as_bind_writes_them() {
    let Some(dir) = zone_dir(TRICKY, true) else {
        return;
    };
    for flags in STYLES {
        if !same_text(dir.path(), flags) {
            return;
        }
    }
    same_text(dir.path(), &["-O", "raw=0", "-3", "AB"]);
}

/// The RRSIG signer name is written in lower case whatever the case of `-o` and of the key
/// files' owner (RFC 6840 section 5.1), as BIND writes it.
#[test]
fn signer_names_are_lower_case_whatever_the_origin_s_case() {
    let Some(keygen) = tool("dnssec-keygen") else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    let mut zone = "$TTL 300\n@ SOA ns hostmaster 1 3600 900 604800 300\n@ NS ns\nns A 192.0.2.1\nWww A 192.0.2.2\n".to_string();
    for (flags, owner) in [(&["-f", "KSK"][..], "ExAmple"), (&[][..], "EXAMPLE")] {
        let mut args = vec!["-q", "-a", "ED25519"];
        args.extend_from_slice(flags);
        args.push(owner);
        let key = run_in(d, &keygen, &args).ok().stdout;
        zone.push_str(&format!("$INCLUDE {}.key\n", key.trim()));
    }
    fs::write(d.join("z.db"), zone).unwrap();
    for origin in ["eXample", "EXAMPLE."] {
        for flags in [&[][..], &["-3", "-"]] {
            if !same_text_for(d, flags, origin) {
                return;
            }
        }
        let text = fs::read_to_string(d.join("ours.out")).unwrap();
        assert!(
            text.contains(" example.\n"),
            "{origin}: no lower-case signer"
        );
    }
}

#[test]
fn a_name_with_more_rrsets_than_bind_sorts_at_once() {
    let Some(dir) = zone_dir(&many_types_zone(), true) else {
        return;
    };
    for flags in [&[][..], &["-O", "full"], &["-D"], &["-O", "raw"]] {
        if !same_text(dir.path(), flags) {
            return;
        }
    }
}

/// -S takes the keys from the directory: the signer adds the DNSKEY, CDS and CDNSKEY RRsets
/// (the KSK has a sync time) and, with -g, the child's DS; -C writes keyset-; both write
/// dsset-. Their text must match too.
#[test]
fn smart_signing_additions_and_side_files_match_bind() {
    let Some([keygen, signer]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    let zone = format!(
        "{}child NS ns.child\nns.child A 192.0.2.1\n",
        TRICKY
            .lines()
            .take(12)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    fs::write(d.join("z.db"), zone).unwrap();
    let ksk = [
        "-q", "-a", "ED25519", "-f", "KSK", "-P", "now", "-A", "now", "-P", "sync", "now",
    ];
    run_in(d, &keygen, &[&ksk[..], &["example"]].concat()).ok();
    run_in(d, &keygen, &["-q", "-a", "ED25519", "example"]).ok();
    run_in(
        d,
        &keygen,
        &["-q", "-a", "ED25519", "-P", "now", "-A", "+30d", "example"],
    )
    .ok();
    fs::write(
        d.join("dsset-child.example."),
        "child.example. 3600 IN DS 1 15 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n",
    )
    .unwrap();
    for flags in [
        &["-S", "-g"][..],
        &["-S", "-O", "full"],
        &["-S", "-D", "-g"],
        &["-S", "-D", "-3", "-"],
        &["-S", "-x", "-3", "-", "-g"],
    ] {
        same_text(d, flags);
    }
    // The side files: each signer writes its own into a directory of its own.
    let side = |who: &str| {
        let sub = d.join(who);
        fs::create_dir_all(&sub).unwrap();
        let args = [
            "-S", "-C", "-K", "..", "-d", ".", "-s", S, "-e", E, "-o", "example",
        ];
        let zone = d.join("z.db").display().to_string();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["-f", "out", &zone]);
        let run = if who == "bind" {
            run_in(&sub, &signer, &[&["-n", "1"][..], &all].concat())
        } else {
            run_in(&sub, ours("signzone"), &all)
        };
        assert_eq!(run.code, 0, "{who}: {}", run.stderr);
        let read = |f: &str| fs::read_to_string(sub.join(f)).unwrap();
        (read("dsset-example."), read("keyset-example."))
    };
    let (ours_ds, ours_keys) = side("ours");
    let (bind_ds, bind_keys) = side("bind");
    assert_eq!(ours_ds, bind_ds, "dsset-example.");
    assert_eq!(ours_keys, bind_keys, "keyset-example.");
    assert!(ours_keys.lines().count() > 4);
}

/// BIND's own signed output, signed again (signatures kept, NSEC rebuilt, new serial,
/// converted to NSEC3): what is kept keeps its text, what changes is written like BIND.
#[test]
fn re_signing_bind_output_matches_bind() {
    let Some(dir) = zone_dir(TRICKY, true) else {
        return;
    };
    let d = dir.path();
    let Some(signer) = tool("dnssec-signzone") else {
        return;
    };
    for style in [&[][..], &["-O", "full"]] {
        let mut args = vec![
            "-n",
            "1",
            "-s",
            S,
            "-e",
            E,
            "-o",
            "example",
            "-f",
            "in.signed",
        ];
        args.extend_from_slice(style);
        args.push("z.db");
        run_in(d, &signer, &args).ok();
        fs::rename(d.join("in.signed"), d.join("z.db")).unwrap();
        for flags in [
            &[][..],
            &["-N", "increment", "-O", "full"],
            &["-D"],
            &["-3", "-", "-u"],
            &["-e", "20280101000000", "-D", "-O", "full"],
        ] {
            same_text(d, flags);
        }
        // Start again from the unsigned zone for the next style.
        let fresh = zone_dir(TRICKY, true).unwrap();
        for entry in fs::read_dir(fresh.path()).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), d.join(entry.file_name())).unwrap();
        }
    }
}

/// `-f -` writes the full style to stdout; the bytes match BIND's, and our output does not
/// depend on the thread count.
#[test]
fn stdout_and_thread_counts_give_the_same_bytes() {
    let Some(dir) = zone_dir(support::zones::EVERY_TYPE, true) else {
        return;
    };
    let d = dir.path();
    let Some(signer) = tool("dnssec-signzone") else {
        return;
    };
    let args = ["-s", S, "-e", E, "-o", "example", "-f", "-", "z.db"];
    let bind = run_in(d, &signer, &[&["-n", "1"][..], &args].concat()).ok();
    let strip = |s: &str| {
        s.lines()
            .skip(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    let mine: Vec<String> = ["1", "3"]
        .iter()
        .map(|n| {
            strip(
                &run_in(d, ours("signzone"), &[&["-n", n][..], &args].concat())
                    .ok()
                    .stdout,
            )
        })
        .collect();
    assert!(mine[0].contains("; resign="), "-f - is the full style");
    assert_eq!(mine[0], mine[1], "output depends on the thread count");
    assert!(
        mine[0] == strip(&bind.stdout),
        "-f -: {}",
        first_difference(mine[0].as_bytes(), strip(&bind.stdout).as_bytes())
    );
}

/// RFC 5155 gives NSEC3PARAM meaning only at the apex: anywhere else it is ordinary data that
/// BIND keeps and signs. Ours used to drop it as signer-made, losing the operator's record.
#[test]
fn nsec3param_away_from_the_apex_is_kept_and_signed() {
    let zone = "$TTL 300\n@ SOA ns h 1 3600 900 604800 300\n@ NS ns\nns A 192.0.2.1\n\
                x NSEC3PARAM 1 0 0 -\ny A 192.0.2.2\ny NSEC3PARAM 1 0 5 AABB\n";
    let Some(dir) = zone_dir(zone, true) else {
        return;
    };
    for flags in [&[][..], &["-3", "-"][..], &["-O", "full"][..]] {
        if !same_text(dir.path(), flags) {
            return;
        }
        let out = fs::read_to_string(dir.path().join("ours.out")).unwrap();
        assert!(
            out.lines()
                .any(|l| l.contains("NSEC3PARAM") && l.trim_end().ends_with("1 0 0 -")),
            "{flags:?}: x's NSEC3PARAM is missing:\n{out}"
        );
    }
}

/// A CHAOS-class zone: the signed text, dsset- and keyset- carry the zone's class, as
/// BIND writes them.
#[test]
fn a_chaos_zone_and_its_side_files_match_bind() {
    let Some(keygen) = tool("dnssec-keygen") else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    let mut zone = "$TTL 300\n@ CH SOA ns hostmaster 1 3600 900 604800 300\n@ CH NS ns\nns CH TXT \"chaos\"\nwww CH TXT \"x\"\n".to_string();
    for flags in [&["-f", "KSK"][..], &[][..]] {
        let mut args = vec!["-q", "-c", "CH", "-a", "ED25519"];
        args.extend_from_slice(flags);
        args.push("example");
        let key = run_in(d, &keygen, &args).ok().stdout;
        zone.push_str(&format!("$INCLUDE {}/{}.key\n", d.display(), key.trim()));
    }
    fs::write(d.join("z.db"), zone).unwrap();
    if !same_text(d, &["-c", "CH"]) {
        return;
    }
    // Each signer writes its side files into a directory of its own.
    let mut side = Vec::new();
    for who in ["bind", "ours"] {
        let sub = d.join(who);
        fs::create_dir_all(&sub).unwrap();
        let args = [
            "-c", "CH", "-C", "-K", "..", "-d", ".", "-s", S, "-e", E, "-o", "example", "-f",
            "out", "../z.db",
        ];
        let run = if who == "bind" {
            run_in(&sub, tool("dnssec-signzone").unwrap(), &args)
        } else {
            run_in(&sub, ours("signzone"), &args)
        };
        assert_eq!(run.code, 0, "{who}: {}", run.stderr);
        let read = |f: &str| fs::read_to_string(sub.join(f)).unwrap();
        side.push((read("dsset-example."), read("keyset-example.")));
    }
    assert_eq!(side[1], side[0]);
    assert!(side[0].0.contains("\tCH DS "), "{}", side[0].0);
}
