//! BIND's raw zone format (docs/bind-compat.md, "signzone: output formats and order" and
//! "testing against BIND" scenario 18) between our signzone/verify and BIND's dnssec-signzone,
//! dnssec-verify and named-checkzone: our raw output means the same zone as our text output,
//! BIND reads and verifies it, we read BIND's raw files (versions 0 and 1), the header fields
//! match BIND's for the same flags, and the errors give BIND's words and exit codes. The last
//! tests need only our tools: a failed raw run leaves nothing behind.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tool, Run};

const ZONE: &str = r#"$TTL 3600
@	IN SOA ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 300
	NS ns1
	NS ns2
	MX 10 mail
ns1	A 192.0.2.1
ns2	A 192.0.2.2
mail	A 192.0.2.3
www	A 192.0.2.4
	AAAA 2001:db8::4
	TXT "two" "strings"
child	NS ns.child
ns.child A 192.0.2.10
*.wild	TXT "wildcard"
a.b.ent	TXT "below two empty non-terminals"
MiXeD	A 192.0.2.5
esc\.aped TXT "escaped dot"
"#;

const S: &str = "20260101000000";
const E: &str = "20270101000000";

/// A scratch zone with an Ed25519 KSK and ZSK made by BIND's keygen; None when BIND is
/// missing (outside CI).
fn setup() -> Option<tempfile::TempDir> {
    let keygen = tool("dnssec-keygen")?;
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("example.com.db"), ZONE).unwrap();
    run_in(
        d,
        &keygen,
        &["-q", "-a", "ED25519", "-f", "KSK", "example.com"],
    )
    .ok();
    run_in(d, &keygen, &["-q", "-a", "ED25519", "example.com"]).ok();
    Some(dir)
}

fn ourz(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, ours("signzone"), args)
}

fn bind(dir: &Path, args: &[&str]) -> Option<Run> {
    Some(run_in(dir, tool("dnssec-signzone")?, args))
}

/// Deterministic signing flags plus `extra`.
fn flags<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut f = vec!["-S", "-n", "1", "-s", S, "-e", E, "-o", "example.com"];
    f.extend_from_slice(extra);
    f
}

/// named-checkzone's canonical dump of `file` read as `format` (`text` or `raw`), comments
/// dropped (docs/bind-compat.md, "testing against BIND").
fn canon(dir: &Path, format: &str, file: &str) -> Option<String> {
    support::canonical_dump(dir, &["-f", format], "example.com", file)
}

/// The header fields that do not depend on the time: format, version, and for version 1
/// flags, source serial and last transfer-in time (docs/bind-compat.md,
/// "signzone: output formats and order").
fn header_fields(bytes: &[u8]) -> Vec<u32> {
    let word = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    let mut out = vec![word(0), word(4)];
    if word(4) == 1 {
        out.extend([word(12), word(16), word(20)]);
    }
    out
}

fn dump_time(bytes: &[u8]) -> i64 {
    i64::from(u32::from_be_bytes(bytes[8..12].try_into().unwrap()))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn our_raw_output_is_our_text_output_and_bind_verifies_it() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    let Some(verify) = tool("dnssec-verify") else {
        return;
    };
    for chain in [&[][..], &["-3", "-"][..], &["-3", "AABB", "-A"][..]] {
        ourz(
            d,
            &[&flags(chain)[..], &["-f", "o.txt", "example.com.db"]].concat(),
        )
        .ok();
        for version in ["raw", "raw=0", "raw=1"] {
            ourz(
                d,
                &[
                    &flags(chain)[..],
                    &["-O", version, "-f", "o.raw", "example.com.db"],
                ]
                .concat(),
            )
            .ok();
            let (Some(raw), Some(text)) = (canon(d, "raw", "o.raw"), canon(d, "text", "o.txt"))
            else {
                return;
            };
            assert!(raw.lines().count() > 20, "{chain:?} {version}: {raw}");
            assert_eq!(raw, text, "{chain:?} -O {version}");
            let r = run_in(d, &verify, &["-I", "raw", "-o", "example.com", "o.raw"]);
            assert_eq!(r.code, 0, "{chain:?} {version}: {}{}", r.stdout, r.stderr);
            assert!(r.stdout.contains("Zone fully signed:"), "{}", r.stdout);
        }
    }
}

#[test]
fn raw_output_equals_bind_s_after_canonicalisation() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    ourz(
        d,
        &[
            &flags(&[])[..],
            &["-O", "raw", "-f", "o.raw", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let Some(b) = bind(
        d,
        &[
            &flags(&[])[..],
            &["-O", "raw", "-f", "b.raw", "example.com.db"],
        ]
        .concat(),
    ) else {
        return;
    };
    assert_eq!(b.code, 0, "{}", b.stderr);
    let (Some(ours_dump), Some(bind_dump)) = (canon(d, "raw", "o.raw"), canon(d, "raw", "b.raw"))
    else {
        return;
    };
    assert_eq!(ours_dump, bind_dump);
}

#[test]
fn we_read_bind_s_raw_files_of_both_versions() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    for version in ["raw", "raw=0"] {
        let Some(b) = bind(
            d,
            &[
                &flags(&[])[..],
                &["-O", version, "-f", "b.raw", "example.com.db"],
            ]
            .concat(),
        ) else {
            return;
        };
        assert_eq!(b.code, 0, "{}", b.stderr);
        let head = fs::read(d.join("b.raw")).unwrap();
        assert_eq!(header_fields(&head)[1], u32::from(version == "raw"));

        // Our verify accepts BIND's raw file, and refuses it read as text.
        let v = run_in(
            d,
            ours("verify"),
            &["-I", "raw", "-o", "example.com", "b.raw"],
        );
        assert_eq!(v.code, 0, "{version}: {}{}", v.stdout, v.stderr);
        assert!(v.stdout.contains("Zone fully signed:"), "{}", v.stdout);
        let v = run_in(d, ours("verify"), &["-o", "example.com", "b.raw"]);
        assert_eq!(v.code, 1);

        // Both signers re-sign it (forcing new signatures with -i) to the same zone.
        let resign = flags(&["-I", "raw", "-i", "40000000", "-t"]);
        let o = ourz(d, &[&resign[..], &["-f", "o.txt", "b.raw"]].concat()).ok();
        let Some(b) = bind(d, &[&resign[..], &["-f", "b.txt", "b.raw"]].concat()) else {
            return;
        };
        assert_eq!(b.code, 0, "{}", b.stderr);
        let counts = |r: &str| -> Vec<String> {
            r.lines()
                .filter(|l| {
                    l.starts_with("Signatures generated") || l.starts_with("Signatures retained")
                })
                .map(str::to_string)
                .collect()
        };
        assert_eq!(counts(&o.stdout), counts(&b.stdout), "{version}");
        assert_eq!(counts(&o.stdout).len(), 2, "{}", o.stdout);
        let (Some(ours_dump), Some(bind_dump)) =
            (canon(d, "text", "o.txt"), canon(d, "text", "b.txt"))
        else {
            return;
        };
        assert!(ours_dump.contains("RRSIG"));
        assert_eq!(ours_dump, bind_dump, "re-signing BIND's -O {version}");
    }
}

#[test]
fn header_fields_match_bind_for_the_same_flags() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    for extra in [
        &["-O", "raw"][..],
        &["-O", "raw=0"][..],
        &["-O", "raw=1", "-L", "42"][..],
        &["-O", "raw", "-L", "0"][..],
        &["-O", "raw", "-L", "-1"][..],
        &["-O", "raw=0", "-L", "7"][..],
        &["-O", "RAW=+1", "-L", "0x10"][..],
    ] {
        let before = now();
        ourz(
            d,
            &[&flags(extra)[..], &["-f", "o.raw", "example.com.db"]].concat(),
        )
        .ok();
        let after = now();
        let Some(b) = bind(
            d,
            &[&flags(extra)[..], &["-f", "b.raw", "example.com.db"]].concat(),
        ) else {
            return;
        };
        assert_eq!(b.code, 0, "{extra:?}: {}", b.stderr);
        let o = fs::read(d.join("o.raw")).unwrap();
        let b = fs::read(d.join("b.raw")).unwrap();
        assert_eq!(header_fields(&o), header_fields(&b), "{extra:?}");
        let t = dump_time(&o);
        assert!(before <= t && t <= after, "{extra:?}: dump time {t}");
    }
}

/// Runs both signers with the same arguments and compares exit code and stderr (program
/// names stripped); returns our run.
fn same_failure(dir: &Path, args: &[&str]) -> Option<Run> {
    let o = ourz(dir, args);
    let b = bind(dir, args)?;
    let strip = |s: &str| -> String {
        s.replace("dnssec-signzone: ", "")
            .replace("signzone: ", "")
            .lines()
            .filter(|l| !l.contains("TTL set to prior"))
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        o.code, b.code,
        "{args:?}\nours: {}\nbind: {}",
        o.stderr, b.stderr
    );
    assert_eq!(strip(&o.stderr), strip(&b.stderr), "{args:?}");
    Some(o)
}

#[test]
fn option_errors_match_bind() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    for extra in [
        &["-O", "raw=2"][..],
        &["-O", "raw=-1"][..],
        &["-O", "raw="][..],
        &["-O", "raw=1x"][..],
        &["-O", "rawfoo"][..],
        &["-O", "raw", "-L", "abc"][..],
        &["-D", "-O", "raw"][..],
        &["-D", "-O", "raw=0"][..],
        &["-I", "foo", "-O", "raw=3"][..],
        &["-I", "raw=5", "-O", "raw=3"][..],
        &["-I", "raw"][..],
    ] {
        let args = [&flags(extra)[..], &["-f", "x.raw", "example.com.db"]].concat();
        let Some(o) = same_failure(d, &args) else {
            return;
        };
        assert_eq!(o.code, 1, "{extra:?}");
        assert!(!d.join("x.raw").exists(), "{extra:?} wrote output");
    }
    // BIND prints this one without a newline; we end the line (docs/bind-compat.md,
    // "signzone: options" -L).
    let o = ourz(
        d,
        &[
            &flags(&["-L", "5x"])[..],
            &["-f", "x.raw", "example.com.db"],
        ]
        .concat(),
    );
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (1, "source serial number must be numeric\n")
    );
    // -I raw=N is accepted with BIND's bare warning.
    ourz(
        d,
        &[
            &flags(&["-O", "raw"])[..],
            &["-f", "o.raw", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let args = [&flags(&["-I", "raw=7"])[..], &["-f", "y", "o.raw"]].concat();
    let o = ourz(d, &args).ok();
    assert!(
        o.stderr
            .starts_with("WARNING: input format version ignored\n"),
        "{}",
        o.stderr
    );
    let Some(b) = bind(d, &args) else { return };
    assert_eq!(b.code, 0);
    assert!(
        b.stderr
            .starts_with("WARNING: input format version ignored\n"),
        "{}",
        b.stderr
    );
}

#[test]
fn verify_input_errors_match_bind() {
    let Some(dir) = setup() else { return };
    let d = dir.path();
    let Some(verify) = tool("dnssec-verify") else {
        return;
    };
    ourz(
        d,
        &[
            &flags(&["-O", "raw"])[..],
            &["-f", "o.raw", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    fs::write(
        d.join("short.raw"),
        &fs::read(d.join("o.raw")).unwrap()[..100],
    )
    .unwrap();
    for args in [
        &["-I", "raw", "-o", "example.com", "example.com.db"][..],
        &["-I", "raw=1", "-o", "example.com", "o.raw"][..],
        &["-I", "RAW", "-o", "example.com", "o.raw"][..],
        &["-I", "raw", "o.raw"][..],
        &["-I", "raw", "-o", "other.com", "o.raw"][..],
        &["-I", "raw", "-o", "example.com", "nosuch"][..],
        &["-I", "raw", "-o", "example.com", "short.raw"][..],
    ] {
        let o = run_in(d, ours("verify"), args);
        let b = run_in(d, &verify, args);
        assert_eq!(
            o.code, b.code,
            "{args:?}\nours: {}\nbind: {}",
            o.stderr, b.stderr
        );
        // The last line is the fatal one scripts match; BIND's detail line for a short
        // file names its source file and line, ours the offset.
        let fatal = |s: &str| -> String {
            s.lines()
                .rfind(|l| l.contains("fatal:"))
                .map(|l| l.split_once("fatal: ").map_or(l, |x| x.1).to_string())
                .unwrap_or_default()
        };
        assert_eq!(fatal(&o.stderr), fatal(&b.stderr), "{args:?}");
        if !args.contains(&"short.raw") {
            // Our hint when the SOA is not at the origin is ours alone (docs/bind-compat.md,
            // "signzone: operator experience"; tested in interop::signzone_operator).
            let strip = |s: &str| {
                s.lines()
                    .filter(|l| !l.starts_with("verify: hint: "))
                    .map(|l| format!("{l}\n"))
                    .collect::<String>()
                    .replace("dnssec-verify: ", "")
                    .replace("verify: ", "")
            };
            assert_eq!(strip(&o.stderr), strip(&b.stderr), "{args:?}");
        }
    }
}

/// Our own failure modes: a raw run that fails its check writes nothing and keeps the
/// previous output (temporary file, then rename), and a damaged raw input names the offset.
#[test]
fn a_failed_raw_run_leaves_the_old_output_alone() {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("example.com.db"), ZONE).unwrap();
    let keygen = ours("keygen");
    let zsk = run_in(d, &keygen, &["-q", "-a", "ED25519", "example.com"]).ok();
    let zsk = zsk.stdout.trim().to_string();
    fs::write(d.join("out.raw"), b"previous").unwrap();
    let inc = format!("{ZONE}$INCLUDE {zsk}.key\n");
    fs::write(d.join("inc.db"), inc).unwrap();
    // A ZSK alone: the check fails (no self-signed KSK), nothing replaces out.raw.
    let r = ourz(
        d,
        &[
            "-O",
            "raw",
            "-o",
            "example.com",
            "-f",
            "out.raw",
            "inc.db",
            &zsk,
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(fs::read(d.join("out.raw")).unwrap(), b"previous");
    let leftovers: Vec<_> = fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("out.raw-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_damaged_raw_input_names_file_and_offset() {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("example.com.db"), ZONE).unwrap();
    let keygen = ours("keygen");
    run_in(
        d,
        &keygen,
        &["-q", "-a", "ED25519", "-f", "KSK", "example.com"],
    )
    .ok();
    run_in(d, &keygen, &["-q", "-a", "ED25519", "example.com"]).ok();
    ourz(
        d,
        &[
            &flags(&["-O", "raw=0"])[..],
            &["-f", "o.raw", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let mut bytes = fs::read(d.join("o.raw")).unwrap();
    // The first rdataset's length claims more than the file holds.
    bytes[12..16].copy_from_slice(&0x7fff_ffffu32.to_be_bytes());
    fs::write(d.join("bad.raw"), &bytes).unwrap();
    let r = run_in(
        d,
        ours("verify"),
        &["-I", "raw", "-o", "example.com", "bad.raw"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error: dns_master_load: bad.raw: offset 12: ")
            && r.stderr
                .contains("fatal: failed loading zone from 'bad.raw': end of file"),
        "{}",
        r.stderr
    );
    let r = ourz(
        d,
        &[&flags(&["-I", "raw"])[..], &["-f", "x", "bad.raw"]].concat(),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bad.raw: offset 12: "), "{}", r.stderr);
    assert!(!d.join("x").exists());
}

/// A raw file whose rdataset has another class than the zone: both signers and both
/// verifiers refuse it in the same words (BIND names no file or offset for it).
#[test]
fn a_raw_rdataset_of_another_class_is_refused_as_bind_refuses_it() {
    let Some(dir) = setup() else {
        return;
    };
    let Some(verify) = tool("dnssec-verify") else {
        return;
    };
    let d = dir.path();
    ourz(
        d,
        &[
            &flags(&["-O", "raw"])[..],
            &["-f", "o.raw", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let mut bytes = fs::read(d.join("o.raw")).unwrap();
    // The first rdataset: its length (4 octets) after the 24-octet header, then the class.
    assert_eq!(bytes[28..30], [0, 1], "the first rdataset is not class IN");
    for class in [3u16, 0, 255] {
        bytes[28..30].copy_from_slice(&class.to_be_bytes());
        fs::write(d.join("bad.raw"), &bytes).unwrap();
        let r = same_failure(
            d,
            &[&flags(&["-I", "raw"])[..], &["-f", "x", "bad.raw"]].concat(),
        )
        .expect("BIND checked above");
        assert!(
            r.stderr.contains("error: dns_master_load: bad class"),
            "{}",
            r.stderr
        );
        let args = ["-I", "raw", "-o", "example.com", "bad.raw"];
        let ours_v = run_in(d, ours("verify"), &args);
        let bind_v = run_in(d, &verify, &args);
        assert_eq!(ours_v.code, bind_v.code);
        assert_eq!(
            ours_v.stderr.replace("verify: ", ""),
            bind_v.stderr.replace("dnssec-verify: ", ""),
        );
    }
}
