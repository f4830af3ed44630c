//! verify where it goes beyond BIND (issue #11): Knot's `kzonecheck` is the second judge.
//! Each error class has a zone that ours and kzonecheck both refuse and a correct counterpart
//! that both pass; BIND's dnssec-verify verdict on each is recorded in the test
//! (docs/bind-compat.md, "verify: beyond BIND").

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

const TOOLS: [&str; 4] = [
    "dnssec-keygen",
    "dnssec-signzone",
    "dnssec-verify",
    "kzonecheck",
];

/// The three verdicts on one file: ours, BIND's dnssec-verify, Knot's kzonecheck.
struct Verdicts {
    ours: Run,
    bind: Run,
    knot: Run,
}

fn judge(dir: &Path, file: &str) -> Verdicts {
    let args = ["-o", "example.com", file];
    Verdicts {
        ours: run_in(dir, ours("verify"), &args),
        bind: run_in(dir, "dnssec-verify", &args),
        // -d on: DNSSEC checks whatever the zone looks like.
        knot: run_in(dir, "kzonecheck", &["-o", "example.com", "-d", "on", file]),
    }
}

/// Writes `zone` as example.com.db, makes a KSK and a ZSK (P-256) and signs it with BIND
/// into `out` with the extra signzone flags.
fn bind_signed(dir: &Path, zone: &str, out: &str, extra: &[&str]) {
    fs::write(dir.join("example.com.db"), zone).unwrap();
    if !dir.read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".private")
    }) {
        run_in(
            dir,
            "dnssec-keygen",
            &["-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "example.com"],
        )
        .ok();
        run_in(
            dir,
            "dnssec-keygen",
            &["-q", "-a", "ECDSAP256SHA256", "example.com"],
        )
        .ok();
    }
    let mut args = vec!["-S", "-o", "example.com", "-f", out];
    args.extend(extra);
    args.push("example.com.db");
    run_in(dir, "dnssec-signzone", &args).ok();
}

/// All three pass `file` (BIND did when this was written).
fn all_pass(dir: &Path, file: &str) {
    let v = judge(dir, file);
    assert_eq!(v.bind.code, 0, "BIND on {file}: {:?}", v.bind);
    assert_eq!(v.knot.code, 0, "kzonecheck on {file}: {:?}", v.knot);
    assert_eq!(v.ours.code, 0, "ours on {file}: {:?}", v.ours);
    assert!(v.ours.stdout.contains("Zone fully signed:"), "{:?}", v.ours);
}

/// Ours and kzonecheck refuse `file`, BIND passes it (what it did when the test was
/// written); returns our stderr.
fn beyond_bind(dir: &Path, file: &str, knot_says: &str) -> String {
    let v = judge(dir, file);
    assert_eq!(
        v.bind.code, 0,
        "BIND passed {file} when this was written: {:?}",
        v.bind
    );
    assert_ne!(v.knot.code, 0, "kzonecheck on {file}: {:?}", v.knot);
    assert!(
        v.knot.stdout.contains(knot_says) || v.knot.stderr.contains(knot_says),
        "kzonecheck on {file}: {:?}",
        v.knot
    );
    assert_eq!(v.ours.code, 1, "ours on {file}: {:?}", v.ours);
    assert!(
        v.ours
            .stdout
            .ends_with("DNSSEC completeness test failed (failure).\n"),
        "{:?}",
        v.ours
    );
    v.ours.stderr
}

/// The zone's records one per line, for surgical damage (named-checkzone -D).
fn flat(dir: &Path, signed: &str, out: &str) -> String {
    run_in(
        dir,
        "named-checkzone",
        &["-q", "-D", "-o", out, "example.com", signed],
    )
    .ok();
    fs::read_to_string(dir.join(out)).unwrap()
}

#[test]
fn apex_dname_zone_verifies_with_nsec_and_nsec3() {
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    let zone = "$TTL 300
@ IN SOA ns1.other.net. hostmaster.other.net. 1 3600 900 604800 300
@ NS ns1.other.net.
@ DNAME other.net.
";
    bind_signed(dir, zone, "n.signed", &[]);
    bind_signed(dir, zone, "n3.signed", &["-3", "-"]);
    bind_signed(dir, zone, "o3.signed", &["-3", "AABB", "-H", "3", "-A"]);
    // The NSEC3 records are children of the apex, which has the DNAME: they are the zone's
    // own data, not occluded.
    for f in ["n.signed", "n3.signed", "o3.signed"] {
        all_pass(dir, f);
    }
    // The same zone with an NSEC3 record's signature damaged is still refused: the NSEC3
    // RRsets are checked, not skipped.
    let text = flat(dir, "n3.signed", "n3.flat");
    let broken: String = text
        .lines()
        .map(|l| {
            if l.contains("RRSIG\tNSEC3 ") {
                let cut = l.len() - 8;
                format!("{}AAAAAAA=\n", &l[..cut])
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(dir.join("bad3.db"), broken).unwrap();
    let v = judge(dir, "bad3.db");
    assert_eq!(v.bind.code, 1, "{:?}", v.bind);
    assert_ne!(v.knot.code, 0, "{:?}", v.knot);
    assert_eq!(v.ours.code, 1, "{:?}", v.ours);
    assert!(
        v.ours
            .stderr
            .starts_with("No correct ECDSAP256SHA256 signature for ")
            && v.ours.stderr.contains(".example.com NSEC3\n"),
        "{:?}",
        v.ours
    );
}

/// A small zone with a secure delegation, for the error classes below.
const ZONE: &str = "$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 604800 300
@ NS ns1
ns1 A 192.0.2.1
www A 192.0.2.2
sec NS ns1.example.com.
sec DS 12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118F0B7E27E1F8EEF5D0C1F1E10
";

#[test]
fn an_rrsig_covering_rrsig_is_refused() {
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    bind_signed(dir, ZONE, "n.signed", &[]);
    all_pass(dir, "n.signed");
    let text = flat(dir, "n.signed", "n.flat");
    let sig = text
        .lines()
        .find(|l| l.starts_with("www.example.com.") && l.contains("RRSIG\tA "))
        .expect("www's RRSIG");
    fs::write(
        dir.join("rr.db"),
        format!("{text}{}\n", sig.replacen("RRSIG\tA ", "RRSIG\tRRSIG ", 1)),
    )
    .unwrap();
    let stderr = beyond_bind(dir, "rr.db", "record type RRSIG");
    assert_eq!(
        stderr,
        "RRSIG at www.example.com covers type RRSIG, which is never signed\n"
    );
}

/// The KSK's (or, with `dir` another key directory, that directory's key's) CDS (SHA-256)
/// and CDNSKEY lines, made from the key file with BIND's dnssec-dsfromkey.
fn child_records(dir: &Path, key_dir: &str) -> (String, String) {
    let path = dir.join(key_dir);
    let key = fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "key")
                && fs::read_to_string(p).unwrap().contains(" 257 3 ")
        })
        .expect("a KSK file");
    let dnskey = fs::read_to_string(&key)
        .unwrap()
        .lines()
        .find(|l| l.contains(" DNSKEY "))
        .unwrap()
        .to_string();
    let ds = run_in(dir, "dnssec-dsfromkey", &["-2", key.to_str().unwrap()]).ok();
    (
        ds.stdout.trim().replacen(" DS ", " CDS ", 1),
        dnskey.replacen(" DNSKEY ", " CDNSKEY ", 1),
    )
}

#[test]
fn cds_and_cdnskey_must_match_the_keys_and_each_other() {
    if tools(TOOLS).is_none() || tools(["dnssec-dsfromkey"]).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    bind_signed(dir, ZONE, "n.signed", &[]);
    all_pass(dir, "n.signed");
    let (cds, cdnskey) = child_records(dir, ".");
    fs::create_dir(dir.join("other")).unwrap();
    run_in(
        dir,
        "dnssec-keygen",
        &[
            "-q",
            "-K",
            "other",
            "-a",
            "ECDSAP256SHA256",
            "-f",
            "KSK",
            "example.com",
        ],
    )
    .ok();
    let (foreign_cds, foreign_cdnskey) = child_records(dir, "other");
    let cds_delete = "example.com. IN CDS 0 0 0 00";
    let cdnskey_delete = "example.com. IN CDNSKEY 0 3 0 AA==";
    let sign = |file: &str, extra: &[&str]| {
        bind_signed(dir, &format!("{ZONE}{}\n", extra.join("\n")), file, &[]);
    };

    // Correct: both RRsets for the KSK; both delete forms.
    sign("both.signed", &[&cds, &cdnskey]);
    all_pass(dir, "both.signed");
    sign("del.signed", &[cds_delete, cdnskey_delete]);
    all_pass(dir, "del.signed");

    let bogus = "example.com. IN CDS 12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118F0B7E27E1F8EEF5D0C1F1E10";
    sign("bogus.signed", &[bogus, &cdnskey]);
    // Our signzone -a (its structural check) signs such a zone as BIND's signer does; only
    // the verifier judges CDS/CDNSKEY.
    let ours_signed = run_in(
        dir,
        ours("signzone"),
        &[
            "-S",
            "-a",
            "-o",
            "example.com",
            "-f",
            "ours.signed",
            "example.com.db",
        ],
    );
    assert_eq!(ours_signed.code, 0, "{ours_signed:?}");
    let stderr = beyond_bind(dir, "bogus.signed", "CDS not match CDNSKEY");
    assert!(
        stderr.starts_with(
            "CDS at example.com (key tag 12345) is the digest of no key in the DNSKEY RRset\n"
        ),
        "{stderr}"
    );

    sign("foreign.signed", &[&foreign_cds, &foreign_cdnskey]);
    let stderr = beyond_bind(dir, "foreign.signed", "CDNSKEY not match DNSKEY");
    assert!(
        stderr.contains(") is not in the DNSKEY RRset\n")
            && stderr.starts_with("CDS at example.com (key tag "),
        "{stderr}"
    );

    sign(
        "mixed.signed",
        &[cds_delete, &cds, cdnskey_delete, &cdnskey],
    );
    let stderr = beyond_bind(dir, "mixed.signed", "DNSSEC delete algorithm");
    assert_eq!(
        stderr,
        "CDS at example.com mixes the delete form (RFC 8078) with other records\n\
         CDNSKEY at example.com mixes the delete form (RFC 8078) with other records\n"
    );

    sign("onesided.signed", &[cds_delete, &cdnskey]);
    let stderr = beyond_bind(dir, "onesided.signed", "DNSSEC delete algorithm");
    assert_eq!(
        stderr,
        "CDS at example.com is the delete form (RFC 8078) but the other of CDS/CDNSKEY is not\n"
    );

    // Knot also wants CDS and CDNSKEY published together; RFC 7344 section 4 lets a child
    // publish either, and so do we (docs/bind-compat.md, "verify: beyond BIND").
    sign("cdsonly.signed", &[&cds]);
    let v = judge(dir, "cdsonly.signed");
    assert_eq!(
        (v.bind.code, v.ours.code),
        (0, 0),
        "{:?} {:?}",
        v.bind,
        v.ours
    );
    assert_ne!(v.knot.code, 0, "kzonecheck: {:?}", v.knot);
}

/// The RRSIG (one zone-file line) of the RRset `lines` (zone-file lines of one owner and
/// type), made with the zone's ZSK (the key file in `dir` without the KSK flag): a crafted
/// RRset re-signed, so that only what was crafted is wrong.
fn resign(dir: &Path, lines: &[String]) -> String {
    use dnssec_core::dnssec::RrsetId;
    use dnssec_core::key::Key;
    use dnssec_core::rr::SigTime;
    use dnssec_core::sign::{sign_rrset, KeySigner, Validity};
    use dnssec_core::zonefile::{Reader, Record};
    use dnssec_core::{Name, RrType};

    let apex = Name::parse("example.com.", None).unwrap();
    let zsk = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "key")
                && fs::read_to_string(p).unwrap().contains(" 256 3 ")
        })
        .expect("the ZSK file");
    let base = zsk.with_extension("");
    let key = Key::load(base.to_str().unwrap(), None).unwrap();
    let records: Vec<Record> = Reader::from_str(&lines.join("\n"), "crafted", Some(apex.clone()))
        .map(|r| r.unwrap())
        .collect();
    let first = &records[0];
    let mut rdatas: Vec<&[u8]> = records.iter().map(|r| r.rdata.as_slice()).collect();
    let now = SigTime::from(dnssec_core::time::UnixTime::now()).0;
    let rrsig = sign_rrset(
        &KeySigner {
            key: key.signer().unwrap(),
            owner: &apex,
            key_tag: key.dnskey.key_tag(),
        },
        RrsetId {
            owner: &first.owner,
            class: first.class,
            rtype: first.rtype,
            ttl: first.ttl,
        },
        &mut rdatas,
        Validity {
            inception: SigTime(now - 3600),
            expiration: SigTime(now + 30 * 86400),
        },
        &mut Vec::new(),
    )
    .unwrap();
    let mut wire = Vec::new();
    rrsig.to_wire(&mut wire);
    Record {
        owner: first.owner.clone(),
        ttl: first.ttl,
        class: first.class,
        rtype: RrType::RRSIG,
        rdata: wire,
    }
    .to_string()
}

/// `text` (a flat signed zone) with `record` replaced by `crafted` and re-signed
/// ([`resign`]): the RRSIG over `rtype` at the record's owner gives way to a fresh one over the
/// crafted record, so only what was crafted is wrong; every line of the owner `drop` (when
/// given) is left out too.
fn swap_resigned(
    dir: &Path,
    text: &str,
    record: &str,
    crafted: &str,
    rtype: &str,
    drop: Option<&str>,
) -> String {
    assert_ne!(crafted, record, "nothing crafted");
    let owner_of = |l: &str| {
        l.split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let owner = owner_of(record);
    let drop = drop.map(|d| d.to_ascii_lowercase());
    let old_sig = format!("RRSIG\t{rtype} ");
    let sig = resign(dir, &[crafted.to_string()]);
    text.lines()
        .filter(|l| {
            let o = owner_of(l);
            !(Some(&o) == drop.as_ref() || (o == owner && l.contains(&old_sig)))
        })
        .map(|l| {
            if l == record {
                crafted.to_string()
            } else {
                l.to_string()
            }
        })
        .chain([sig])
        .map(|l| l + "\n")
        .collect()
}

#[test]
fn a_delegation_bitmap_with_other_types_is_refused() {
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    // Data at the cut besides NS and DS is not the zone's (RFC 4035 section 2.3, RFC 5155
    // section 7.1): the delegation's NSEC lists NS, DS, RRSIG and NSEC only, its NSEC3 NS, DS
    // and RRSIG.
    let zone = format!("{ZONE}sec A 192.0.2.7\n");
    for (signed, extra, kind, bitmap) in [
        ("n.signed", &[][..], " IN NSEC\t", " NS DS RRSIG NSEC"),
        ("n3.signed", &["-3", "-"][..], " IN NSEC3\t", " NS DS RRSIG"),
    ] {
        bind_signed(dir, &zone, signed, extra);
        all_pass(dir, signed);
        let text = flat(dir, signed, &format!("{signed}.flat"));
        // The delegation's record: at sec for NSEC; for NSEC3 the one record whose bitmap is
        // a secure delegation's (sec is the zone's only one).
        let record = text
            .lines()
            .find(|l| {
                l.contains(kind)
                    && l.ends_with(bitmap)
                    && (kind.contains("NSEC3") || l.starts_with("sec.example.com."))
            })
            .expect("the delegation's record")
            .to_string();
        let rtype = kind.trim().trim_start_matches("IN ");
        let crafted = record.replacen(bitmap, &format!(" A{bitmap}"), 1);
        let broken = swap_resigned(dir, &text, &record, &crafted, rtype, None);
        // One RRSIG out, one in: the old signature is gone.
        assert_eq!(broken.lines().count(), text.lines().count(), "{signed}");
        let file = format!("bm-{signed}");
        fs::write(dir.join(&file), broken).unwrap();
        // All three refuse it: BIND too, so ours says what BIND says.
        let v = judge(dir, &file);
        assert_eq!(v.bind.code, 1, "BIND: {:?}", v.bind);
        assert!(
            v.knot.stdout.contains("wrong NSEC(3) bitmap"),
            "kzonecheck: {:?}",
            v.knot
        );
        assert_ne!(v.knot.code, 0, "kzonecheck: {:?}", v.knot);
        // With NSEC3, BIND goes on to report the chain as a whole (its expected chain
        // differs from the found one by this bitmap); the first line is the same.
        assert_eq!(
            (v.ours.code, &v.ours.stdout, v.ours.stderr.lines().next()),
            (v.bind.code, &v.bind.stdout, v.bind.stderr.lines().next()),
            "{file}"
        );
        let what = if kind.contains("NSEC3") {
            "NSEC3"
        } else {
            "NSEC"
        };
        assert_eq!(
            v.ours.stderr,
            format!("Bad {what} record for sec.example.com, bit map mismatch\n")
        );
    }
}

#[test]
fn opt_out_still_needs_the_nsec3_of_an_empty_non_terminal_above_a_secure_delegation() {
    use dnssec_core::dnssec::{nsec3_hash, nsec3_owner};
    use dnssec_core::Name;
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    // ent and b.ent lead to the secure delegation a.b.ent; ins only to an insecure one.
    let zone = format!(
        "{ZONE}a.b.ent NS ns1.example.com.\na.b.ent DS 12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118F0B7E27E1F8EEF5D0C1F1E10\nx.ins NS ns.other.net.\n"
    );
    bind_signed(dir, &zone, "o3.signed", &["-3", "-", "-A"]);
    all_pass(dir, "o3.signed");
    let text = flat(dir, "o3.signed", "o3.flat");
    let nsec3_lines: Vec<&str> = text.lines().filter(|l| l.contains(" IN NSEC3\t")).collect();
    // (owner label, next hashed owner) of each NSEC3: rdata is flags alg iterations salt next
    // [types].
    let fields = |l: &str| -> (String, String) {
        let owner = l.split('\t').next().unwrap();
        let rdata = l.split(" IN NSEC3\t").nth(1).unwrap();
        (
            owner.split('.').next().unwrap().to_ascii_uppercase(),
            rdata
                .split_whitespace()
                .nth(4)
                .unwrap()
                .to_ascii_uppercase(),
        )
    };
    let salt_and_iterations = nsec3_lines[0]
        .split(" IN NSEC3\t")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>();
    assert_eq!(salt_and_iterations[3], "-", "{}", nsec3_lines[0]);
    let iterations: u16 = salt_and_iterations[2].parse().unwrap();
    let apex = Name::parse("example.com.", None).unwrap();
    let ent = Name::parse("ent.example.com.", None).unwrap();
    let hashed = nsec3_owner(&nsec3_hash(&ent, &[], iterations), &apex).unwrap();
    let label = hashed
        .to_string()
        .split('.')
        .next()
        .unwrap()
        .to_ascii_uppercase();
    let gone = *nsec3_lines
        .iter()
        .find(|l| fields(l).0 == label)
        .expect("BIND gave the empty non-terminal an NSEC3 under opt-out");
    let before = *nsec3_lines.iter().find(|l| fields(l).1 == label).unwrap();
    // The chain closed over the gap: the record before points where the removed one did,
    // and is re-signed, so only the missing NSEC3 is wrong.
    let relinked = before.replacen(&fields(before).1, &fields(gone).1, 1);
    let relinked = if relinked == before {
        before.replacen(&fields(before).1.to_ascii_lowercase(), &fields(gone).1, 1)
    } else {
        relinked
    };
    let gone_owner = gone.split_whitespace().next().unwrap();
    let broken = swap_resigned(dir, &text, before, &relinked, "NSEC3", Some(gone_owner));
    // The NSEC3 and its RRSIG out, the RRSIG before it replaced.
    assert_eq!(broken.lines().count() + 2, text.lines().count());
    fs::write(dir.join("noent.db"), broken).unwrap();
    let stderr = beyond_bind(dir, "noent.db", "missing NSEC(3) record");
    assert_eq!(
        stderr,
        format!(
            "Missing NSEC3 record for ent.example.com ({})\n",
            hashed.bind_text()
        )
    );
}

#[test]
fn an_opt_out_flag_on_one_nsec3_of_a_chain_passes_as_with_bind_and_knot() {
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    // No record flagged, and every record flagged (BIND's -A, even with no insecure
    // delegation to leave out).
    bind_signed(dir, ZONE, "n3.signed", &["-3", "-"]);
    all_pass(dir, "n3.signed");
    bind_signed(dir, ZONE, "o3.signed", &["-3", "-", "-A"]);
    all_pass(dir, "o3.signed");
    // One record of the plain chain (www's or ns1's, which hold A) given the flag and
    // re-signed: RFC 5155 lets the flag vary from record to record, and both judges pass
    // it, so ours must too (docs/bind-compat.md, "verify: beyond BIND").
    let text = flat(dir, "n3.signed", "n3.flat");
    let record = text
        .lines()
        .find(|l| l.contains("IN NSEC3\t") && l.ends_with(" A RRSIG"))
        .unwrap()
        .to_string();
    let crafted = record.replacen("NSEC3\t1 0 ", "NSEC3\t1 1 ", 1);
    let broken = swap_resigned(dir, &text, &record, &crafted, "NSEC3", None);
    assert_eq!(broken.lines().count(), text.lines().count());
    fs::write(dir.join("flag.db"), broken).unwrap();
    all_pass(dir, "flag.db");
}

#[test]
fn an_insecure_delegation_left_out_needs_an_opt_out_record_over_it() {
    use dnssec_core::dnssec::{nsec3_hash, nsec3_owner};
    use dnssec_core::Name;
    if tools(TOOLS).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    let zone = format!("{ZONE}ins NS ns.other.net.\n");
    bind_signed(dir, &zone, "o3.signed", &["-3", "-", "-A"]);
    all_pass(dir, "o3.signed");
    let text = flat(dir, "o3.signed", "o3.flat");
    let apex = Name::parse("example.com.", None).unwrap();
    let ins = Name::parse("ins.example.com.", None).unwrap();
    let hashed = nsec3_owner(&nsec3_hash(&ins, &[], 0), &apex).unwrap();
    let want = hashed
        .to_string()
        .split('.')
        .next()
        .unwrap()
        .to_ascii_uppercase();
    // The record whose span (owner, next) holds the left-out delegation's hash.
    let label = |l: &str| l.split('.').next().unwrap().to_ascii_uppercase();
    let next = |l: &str| {
        l.split("IN NSEC3\t")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .nth(4)
            .unwrap()
            .to_ascii_uppercase()
    };
    let record = text
        .lines()
        .filter(|l| l.contains("IN NSEC3\t"))
        .find(|l| {
            let (o, n) = (label(l), next(l));
            if o < n {
                o < want && want < n
            } else {
                want > o || want < n
            }
        })
        .expect("the record over the left-out delegation")
        .to_string();
    let crafted = record.replacen("NSEC3\t1 1 ", "NSEC3\t1 0 ", 1);
    let owner = record.split_whitespace().next().unwrap().to_string();
    let broken = swap_resigned(dir, &text, &record, &crafted, "NSEC3", None);
    assert_eq!(broken.lines().count(), text.lines().count());
    fs::write(dir.join("noopt.db"), broken).unwrap();
    let stderr = beyond_bind(dir, "noopt.db", "wrong NSEC3 opt-out");
    assert_eq!(
        stderr,
        format!(
            "Missing NSEC3 record for ins.example.com: the NSEC3 that covers it ({}) has no Opt-Out flag\n",
            owner.trim_end_matches('.')
        )
    );
}
