//! The zone reader and writer against BIND's `named-checkzone -D` and ldns's `ldns-read-zone
//! -z`: round trips of real and generated zones, canonical order, and error lines.

use crate::support;

use std::path::Path;

use dnssec_core::zone::write_text;
use dnssec_core::zone::Zone;
use dnssec_core::{Class, Name};

/// BIND's canonical dump of a zone file (`-i none`: no integrity lookups over the network).
fn checkzone(dir: &Path, origin: &str, file: &str) -> support::Run {
    let bin = support::tool("named-checkzone").expect("checked by caller");
    support::run_in(
        dir,
        bin,
        &["-i", "none", "-q", "-D", "-o", "-", origin, file],
    )
}

fn load(dir: &Path, origin: &str, file: &str) -> Zone {
    let origin = Name::parse(origin, Some(&Name::root())).unwrap();
    Zone::from_path(dir.join(file), &origin, Class::IN).unwrap_or_else(|e| panic!("{e}"))
}

fn dump(zone: &Zone, path: &Path) {
    let mut out = Vec::new();
    write_text(zone, &mut out).unwrap();
    std::fs::write(path, out).unwrap();
}

/// Record lines with runs of blanks squeezed and comments dropped, sorted: BIND pads columns
/// and we use tabs, but every field must be written the same.
fn normalised(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    lines.sort();
    lines
}

/// Reads `file`, writes it back, and checks that BIND reads both to the same zone and that
/// each of our record lines is exactly BIND's.
fn assert_round_trip(dir: &Path, origin: &str, file: &str) {
    let zone = load(dir, origin, file);
    dump(&zone, &dir.join("ours.db"));
    let theirs = checkzone(dir, origin, file).ok();
    let again = checkzone(dir, origin, "ours.db").ok();
    assert_eq!(
        again.stdout, theirs.stdout,
        "BIND reads our output of {file} differently"
    );
    let ours_text = std::fs::read_to_string(dir.join("ours.db")).unwrap();
    assert_eq!(
        normalised(&ours_text),
        normalised(&theirs.stdout),
        "record text differs from named-checkzone -D"
    );
}

#[test]
fn root_zone_round_trips_through_bind() {
    if support::tool("named-checkzone").is_none() {
        return;
    }
    let dir = support::scratch();
    std::fs::copy(
        support::shared("data/root-20180312.zone"),
        dir.path().join("root.zone"),
    )
    .unwrap();
    assert_round_trip(dir.path(), ".", "root.zone");
}

/// Records of the DNSSEC types that a signer would replace, added to the shared zone of
/// every type; RRSIG times far ahead so BIND does not refuse them as expired.
const DNSSEC_RECORDS: &str = r#"sig RRSIG A 13 2 3600 20361124020834 20260101000000 12345 Example. AAAA
nsec NSEC Next.Example. A NS SOA TYPE1234
k DNSKEY 257 3 13 nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/ XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==
2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NSEC3 1 1 10 AABB 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG
n3p NSEC3PARAM 1 0 0 -
"#;

#[test]
fn every_type_round_trips_through_bind() {
    if support::tool("named-checkzone").is_none() {
        return;
    }
    let dir = support::scratch();
    let zone = format!("{}{DNSSEC_RECORDS}", support::zones::EVERY_TYPE);
    std::fs::write(dir.path().join("all.db"), zone).unwrap();
    assert_round_trip(dir.path(), "example", "all.db");
}

#[test]
fn directives_and_inheritance_read_as_bind_reads_them() {
    if support::tool("named-checkzone").is_none() {
        return;
    }
    let dir = support::scratch();
    std::fs::write(
        dir.path().join("inc.db"),
        "www 1d A 192.0.2.9\n  TXT \"included\"\n",
    )
    .unwrap();
    // BIND opens relative `$INCLUDE` paths from its working directory, so name it fully.
    let inc = dir.path().join("inc.db");
    let text = format!(
        "$ORIGIN example.\n@ 1h IN SOA ns1 host ( 1 ; serial\n 2h 1h\n 1w 1d )\n IN 1h30m NS ns1\n\
         ns1 A 192.0.2.1\n$INCLUDE {} sub.example.\nback A 192.0.2.3\n\
         $GENERATE 1-20/3 host${{10,4,x}} CNAME ns1\n$GENERATE 0-3 ${{0,3,n}}.rev PTR h$.example.\n\
         $GENERATE 0-2 m${{-2000,0,n}} A 192.0.2.4\n$GENERATE 0-1 o${{-5,4,o}}.${{-5,6,d}}.${{-5,4,X}}.${{-2000,8,N}} TXT x\n\
         $TTL 2w\n$ORIGIN deep.example.\nx CLASS1 TYPE16 \\# 4 03616263\n",
        inc.display()
    );
    std::fs::write(dir.path().join("dir.db"), text).unwrap();
    assert_round_trip(dir.path(), "example", "dir.db");
}

#[test]
fn canonical_order_matches_bind_and_ldns() {
    let Some([_, ldns]) = support::tools(["named-checkzone", "ldns-read-zone"]) else {
        return;
    };
    let dir = support::scratch();
    let text = "$ORIGIN example.\n$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nZz TXT a\nzA TXT a\n\
                a\\.b TXT dot\n\\000 TXT nul\n\\000\\000 TXT nul2\n*.W TXT wild\n\\* TXT star\n10 TXT num\n9 TXT num\n\
                100 TXT num\nAbc.DEF TXT x\nabd.def TXT y\n- TXT dash\n_srv._tcp SRV 1 2 3 ns1\n\\200 TXT high\n\
                a.\\\\ TXT bs\n\\065 TXT A\nb.\\@ TXT at\nsub.*.W TXT below-wild\nX.\\0009 TXT mixed\n";
    std::fs::write(dir.path().join("order.db"), text).unwrap();
    let zone = load(dir.path(), "example", "order.db");
    let ours: Vec<String> = zone
        .names()
        .map(|n| {
            n.name()
                .to_string()
                .to_ascii_lowercase()
                .replace("\\@", "@")
        })
        .collect();
    let owners = |out: &str| {
        let mut v: Vec<String> = out
            .lines()
            .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
            // ldns leaves `@` unescaped inside a name; the order is what is compared.
            .filter_map(|l| {
                l.split_whitespace()
                    .next()
                    .map(|o| o.to_ascii_lowercase().replace("\\@", "@"))
            })
            .collect();
        v.dedup();
        v
    };
    let bind = owners(&checkzone(dir.path(), "example", "order.db").ok().stdout);
    assert_eq!(ours, bind, "order differs from named-checkzone -D");
    let ldns_run = support::run_in(dir.path(), ldns, &["-z", "order.db"]).ok();
    assert_eq!(
        ours,
        owners(&ldns_run.stdout),
        "order differs from ldns-read-zone -z"
    );
}

#[test]
fn bad_input_is_refused_on_the_line_bind_names() {
    if support::tool("named-checkzone").is_none() {
        return;
    }
    let dir = support::scratch();
    let cases = [
        "x here 192.0.2.1",
        "x A ( 192.0.2.1",
        "x A 192.0.2.1 )",
        "x DNSKEY 257 3 13 ***",
        &format!("{} A 1.2.3.4", "a".repeat(64)),
        "$INCLUDE /nonexistent/file.db",
        "x CNAME y\nx A 1.2.3.4",
        "x A 1.2.3",
        "x TXT \"unterminated",
        "x AAAA 1::2::3",
        "x MX 10",
        "x A 1.2.3.4 5",
        "x IN CH A 1.2.3.4",
        "x TYPE65000 \\# 3 0102",
        "x NSEC3PARAM 1 0 0 zz",
        "x RRSIG A 13 2 3600 20361301000000 20260101000000 1 example. AAAA",
    ];
    for (i, body) in cases.iter().enumerate() {
        let file = format!("bad{i}.db");
        let text = format!("$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n{body}\nz A 192.0.2.7\n");
        std::fs::write(dir.path().join(&file), text).unwrap();
        let bin = support::tool("named-checkzone").unwrap();
        let bind = support::run_in(
            dir.path(),
            bin,
            &["-i", "none", "-o", "/dev/null", "example", &file],
        );
        assert_ne!(bind.code, 0, "BIND accepted case {body:?}");
        let prefix = format!("{file}:");
        let bind_line: u32 = bind
            .stderr
            .lines()
            .chain(bind.stdout.lines())
            .find_map(|l| {
                let at = l.find(&prefix)?;
                l[at + prefix.len()..].split(':').next()?.parse().ok()
            })
            .unwrap_or_else(|| {
                panic!(
                    "no line in BIND's output for {body:?}: {}{}",
                    bind.stdout, bind.stderr
                )
            });
        let origin = Name::parse("example.", None).unwrap();
        let err = Zone::from_path(dir.path().join(&file), &origin, Class::IN)
            .err()
            .unwrap_or_else(|| panic!("we accepted {body:?}"));
        let loc = err
            .location
            .clone()
            .unwrap_or_else(|| panic!("no location for {body:?}: {err}"));
        assert!(loc.file.ends_with(&file), "{err}");
        assert_eq!(
            loc.line, bind_line,
            "case {body:?}: ours '{err}', BIND's {}",
            bind.stdout
        );
    }
}

/// The zone of every type, signed by our signzone and by BIND's (NSEC and NSEC3, ECDSA so
/// the signatures differ), verifies with both verifiers: the canonical form of each type
/// (which names are lowercased, RFC 4034 section 6.2) is the one BIND signs and checks.
#[test]
fn every_type_signed_by_either_verifies_with_both() {
    let Some([keygen, signer, verify]) =
        support::tools(["dnssec-keygen", "dnssec-signzone", "dnssec-verify"])
    else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    let mut zone = support::zones::EVERY_TYPE.to_string();
    for role in [&["-f", "KSK"][..], &[]] {
        let args = [&["-q", "-a", "13"][..], role, &["example"]].concat();
        let key = support::run_in(d, &keygen, &args).ok();
        zone.push_str(&format!("$INCLUDE {}.key\n", key.stdout.trim()));
    }
    std::fs::write(d.join("z.db"), zone).unwrap();
    for chain in [&[][..], &["-3", "AB"]] {
        for (who, program) in [
            ("ours", support::ours("signzone")),
            ("BIND", signer.clone()),
        ] {
            let args = [chain, &["-o", "example", "-f", "signed.db", "z.db"]].concat();
            let run = support::run_in(d, &program, &args);
            assert_eq!(run.code, 0, "{who} signzone {chain:?}: {}", run.stderr);
            for (checker, vprog) in [("ours", support::ours("verify")), ("BIND", verify.clone())] {
                let v = support::run_in(d, &vprog, &["-o", "example", "signed.db"]);
                assert_eq!(
                    v.code, 0,
                    "{checker} verify of {who}'s {chain:?} signing: {}",
                    v.stderr
                );
            }
        }
    }
}

/// A `.key` file whose flags are written in hex or as BIND's flag words (`0x101`,
/// `ZONE|KSK`) reads as BIND's key reader reads it: dsfromkey gives BIND's DS line.
#[test]
fn key_files_with_hex_or_word_flags_read_as_bind_reads_them() {
    let Some([keygen, dsfromkey]) = support::tools(["dnssec-keygen", "dnssec-dsfromkey"]) else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    let name = support::run_in(d, &keygen, &["-q", "-a", "13", "-f", "KSK", "example"]).ok();
    let file = format!("{}.key", name.stdout.trim());
    let text = std::fs::read_to_string(d.join(&file)).unwrap();
    assert!(text.contains(" DNSKEY 257 "), "{text}");
    for flags in ["0x101", "0X0101", "ZONE|KSK", "z|k|", "257"] {
        let changed = text.replace(" DNSKEY 257 ", &format!(" DNSKEY {flags} "));
        std::fs::write(d.join(&file), changed).unwrap();
        let bind = support::run_in(d, &dsfromkey, &["-2", &file]).ok();
        let ours = support::run_in(d, support::ours("dsfromkey"), &["-2", &file]);
        assert_eq!(ours.code, 0, "flags {flags}: {}", ours.stderr);
        assert_eq!(ours.stdout, bind.stdout, "flags {flags}");
        assert!(bind.stdout.contains(" IN DS "), "{}", bind.stdout);
    }
}
