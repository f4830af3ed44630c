//! Loading small zones: canonical order, duplicates, TTL evening, roles, CNAME rule.

use super::*;
use crate::name::Name;
use crate::rr::{Class, RrType, Ttl};
use crate::zonefile::Reader;

fn n(s: &str) -> Name {
    Name::parse(s, None).unwrap()
}

fn load(text: &str) -> Result<Zone, crate::zonefile::ZoneError> {
    let origin = n("example.");
    Zone::from_reader(
        Reader::from_str(text, "db.test", Some(origin.clone())),
        &origin,
        Class::IN,
    )
}

const ZONE: &str = "$TTL 300
@ SOA ns1 host 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.1
Sub NS ns.sub
ns.sub A 192.0.2.2
deep.ns.sub TXT occluded
a.b.c TXT x
Z TXT z
*.w TXT wild
z TXT z
ns1 600 A 192.0.2.3
@ SOA ns1 host 1 2 3 4 5
dn DNAME other.
x.dn A 192.0.2.9
other.net. A 1.1.1.1
";

#[test]
fn canonical_order_roles_and_dedup() {
    let zone = load(ZONE).unwrap();
    // Names carry the case BIND's database gives them: each label as first read ("Sub"
    // comes before "ns.sub"); the records keep the case they were written with.
    let names: Vec<String> = zone.names().map(|v| v.name().to_string()).collect();
    assert_eq!(
        names,
        [
            "example.",
            "a.b.c.example.",
            "dn.example.",
            "x.dn.example.",
            "ns1.example.",
            "Sub.example.",
            "ns.Sub.example.",
            "deep.ns.Sub.example.",
            "*.w.example.",
            "Z.example."
        ]
    );
    let roles: Vec<NameRole> = zone.names().map(|v| v.role()).collect();
    use NameRole::*;
    assert_eq!(
        roles,
        [
            Apex,
            Authoritative,
            Authoritative,
            Occluded,
            Authoritative,
            Delegation,
            Glue,
            Occluded,
            Authoritative,
            Authoritative
        ]
    );
    // The duplicate SOA and the case-different z TXT are one record each.
    assert_eq!(
        zone.find(&n("example."))
            .unwrap()
            .rrset(RrType::SOA)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        zone.find(&n("z.example."))
            .unwrap()
            .rrset(RrType::TXT)
            .unwrap()
            .len(),
        1
    );
    // The second A at ns1 comes in a later run of records at that owner: its TTL replaces
    // the first one without a warning, as in BIND.
    assert_eq!(
        zone.find(&n("ns1.example."))
            .unwrap()
            .rrset(RrType::A)
            .unwrap()
            .ttl(),
        Ttl(600)
    );
    let warnings: Vec<String> = zone.warnings().iter().map(|w| w.to_string()).collect();
    assert!(
        !warnings.iter().any(|w| w.contains("TTL set")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("ignoring out-of-zone data (other.net)")),
        "{warnings:?}"
    );
    assert!(zone.is_delegation(&n("sub.example.")));
    assert!(zone.is_glue(&n("ns.sub.example.")));
    assert!(zone.is_below_cut(&n("nothing.here.sub.example.")));
    assert!(zone.is_below_cut(&n("y.dn.example.")));
    assert!(!zone.is_below_cut(&n("ns1.example.")));
    let ents: Vec<String> = zone
        .empty_non_terminals()
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(ents, ["c.example.", "b.c.example.", "w.example."]);
    assert_eq!(zone.len(), 12);
}

/// BIND's rule for RRsets whose records disagree on the TTL (docs/bind-compat.md,
/// "zone reader: TTLs and warnings", observed with dnssec-signzone 9.18): within a run of
/// consecutive records at one owner the first TTL holds and the others are warned about,
/// duplicates included; a later run (another owner in between, a different case, or another
/// file) replaces the TTL silently.
#[test]
fn ttl_conflicts_are_settled_per_run_of_records() {
    let zone = load(
        "$TTL 3600\n@ SOA ns1 host 1 2 3 4 5\n\
         a 300 A 192.0.2.1\n\
         a 600 A 192.0.2.2\n\
         a TXT t\n\
         a 100 A 192.0.2.3\n\
         c 300 A 192.0.2.1\n\
         c 600 A 192.0.2.1\n\
         d 40 A 192.0.2.1\n\
         e 1 A 192.0.2.1\n\
         d 50 A 192.0.2.2\n\
         f 40 A 192.0.2.1\n\
         F 50 A 192.0.2.2\n",
    )
    .unwrap();
    let ttl = |name: &str| zone.find(&n(name)).unwrap().rrset(RrType::A).unwrap().ttl();
    assert_eq!(ttl("a.example."), Ttl(300));
    assert_eq!(ttl("c.example."), Ttl(300));
    assert_eq!(ttl("d.example."), Ttl(50));
    assert_eq!(ttl("f.example."), Ttl(50));
    let warnings: Vec<String> = zone.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "db.test:4: TTL set to prior TTL (300)",
            "db.test:6: TTL set to prior TTL (300)",
            "db.test:8: TTL set to prior TTL (300)",
        ]
    );
}

#[test]
fn cname_beside_other_data_is_an_error() {
    let err = load("$TTL 1\n@ SOA a b 1 2 3 4 5\nx CNAME y\nx A 1.2.3.4\n")
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "db.test:4: x.example: CNAME and other data"
    );
}

#[test]
fn canonical_rdata_sorting_and_adding_records() {
    let mut zone =
        load("$TTL 1\n@ SOA a b 1 2 3 4 5\n@ NS B.example.\n@ NS a.example.\n@ MX 10 MAIL\n")
            .unwrap();
    let ns = zone
        .find(&n("example."))
        .unwrap()
        .rrset(RrType::NS)
        .unwrap();
    let canon: Vec<&[u8]> = ns.canonical_rdatas().collect();
    assert_eq!(
        canon,
        [&b"\x01a\x07example\x00"[..], &b"\x01b\x07example\x00"[..]]
    );
    let mx = zone
        .find(&n("example."))
        .unwrap()
        .rrset(RrType::MX)
        .unwrap();
    assert_eq!(
        mx.rdatas().next().unwrap(),
        b"\x00\x0a\x04MAIL\x07example\x00"
    );
    assert_eq!(
        mx.canonical_rdatas().next().unwrap(),
        b"\x00\x0a\x04mail\x07example\x00"
    );
    zone.add_parts(&n("a.example."), Ttl(5), RrType::TXT, b"\x01x")
        .unwrap();
    zone.finish().unwrap();
    assert_eq!(zone.names().count(), 2);
    assert_eq!(zone.names().nth(1).unwrap().types(), [RrType::TXT]);
}

#[test]
fn warnings_come_in_input_order_and_survive_a_failed_load() {
    let dir = std::env::temp_dir().join(format!("dnssec-kit-zone-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("z.db");
    let text = "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\nx 300 A 192.0.2.1\nx 600 A 192.0.2.2\n\
                out.of.zone. A 192.0.2.3\ny 2147483648 A 192.0.2.4\n";
    std::fs::write(&file, format!("{text}y A 192.0.2\n")).unwrap();
    let origin = n("example.");
    let Err(failed) = Zone::load_path(&file, &origin, Class::IN) else {
        panic!("a bad address was accepted");
    };
    let lines: Vec<String> = failed.warnings.iter().map(|w| w.to_string()).collect();
    let file_label = file.display().to_string();
    assert_eq!(
        lines,
        [
            format!("{file_label}:4: TTL set to prior TTL (300)"),
            format!("{file_label}:5: ignoring out-of-zone data (out.of.zone)"),
            format!("dns_master_load: {file_label}:6: $TTL 2147483648 > MAXTTL, setting $TTL to 0"),
        ]
    );
    assert_eq!(failed.error.location.map(|l| l.line), Some(7));
    // A rule broken by runs read before the failing entry is what BIND reports first.
    std::fs::write(
        &file,
        format!("{text}c CNAME x\nc A 192.0.2.5\nd A 192.0.2\n"),
    )
    .unwrap();
    let Err(failed) = Zone::load_path(&file, &origin, Class::IN) else {
        panic!("a bad address was accepted");
    };
    assert!(matches!(
        failed.error.kind,
        crate::zonefile::ZoneErrorKind::CnameAndOtherData(_)
    ));
    assert_eq!(failed.error.location.map(|l| l.line), Some(8));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// BIND's database names a node with each label's case as first read at or below it, the
/// origin's labels as the zone was opened with (observed with dnssec-signzone -o); records
/// keep their own case.
#[test]
fn node_names_take_the_case_first_read() {
    let origin = n("eXample.");
    let zone = Zone::from_reader(
        Reader::from_str(
            "$TTL 300\nEXAMPLE. SOA ns1 host 1 2 3 4 5\n@ NS ns1\na.B.ent TXT deep\n\
             b.ENT TXT ent\nP9 TXT x\np9 A 192.0.2.1\n",
            "db.test",
            Some(n("example.")),
        ),
        &origin,
        Class::IN,
    )
    .unwrap();
    let names: Vec<String> = zone.names().map(|v| v.name().to_string()).collect();
    assert_eq!(
        names,
        [
            "eXample.",
            "B.ent.eXample.",
            "a.B.ent.eXample.",
            "P9.eXample."
        ]
    );
    assert!(zone.owners_differ_in_case());
    let node = zone.find(&n("b.ent.example.")).unwrap();
    assert_eq!(
        Name::from_wire(node.written_owner(RrType::TXT).unwrap())
            .unwrap()
            .to_string(),
        "b.ENT.example."
    );
    assert!(!load(ZONE.replace("Sub", "sub").replace('Z', "z").as_str())
        .unwrap()
        .owners_differ_in_case());
}

/// Of records equal but for case, the last of the first run that has one is kept (BIND's
/// loader, observed with named-checkzone -D).
#[test]
fn duplicates_keep_the_last_of_the_first_run() {
    let zone = load(
        "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\n\
         m1 MX 10 AAA.example.\nm1 MX 10 aaa.example.\nm1 MX 10 AaA.example.\n\
         m2 MX 10 BBB.example.\nx A 192.0.2.1\nm2 MX 10 bbb.example.\n",
    )
    .unwrap();
    let mx = |owner: &str| {
        let node = zone.find(&n(owner)).unwrap();
        let set = node.rrset(RrType::MX).unwrap();
        assert_eq!(set.len(), 1);
        crate::rr::rdata::to_text(RrType::MX, set.rdatas().next().unwrap())
    };
    assert_eq!(mx("m1.example."), "10 AaA.example.");
    assert_eq!(mx("m2.example."), "10 BBB.example.");
}

/// BIND's `addnode: NSEC node already exists` (zone/nsec_tree.rs): a name whose first NSEC
/// comes after the NSECs of two names that part right under it, once per name, among the
/// other warnings in input order; never for a file in canonical order.
#[test]
fn an_nsec_after_two_below_it_is_warned_about_as_bind_does() {
    let head = "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";
    let warnings = |body: &str| -> Vec<String> {
        let zone = load(&format!("{head}{body}")).unwrap();
        zone.warnings().iter().map(|w| w.to_string()).collect()
    };
    // As named-checkzone 9.18 orders them.
    let moved = "other.net. A 192.0.2.3\na.x NSEC b.x A\nb.x NSEC x A\nx A 192.0.2.9\n\
                 x NSEC @ A\nx NSEC @ A AAAA\na.x NSEC b.x A\nb.x TXT t\nthird.net. A 192.0.2.3\n";
    assert_eq!(
        warnings(moved),
        [
            "db.test:5: ignoring out-of-zone data (other.net)",
            "addnode: NSEC node already exists",
            "db.test:13: ignoring out-of-zone data (third.net)",
        ]
    );
    // An RRSIG of the NSEC does not count; one name below does not make the node.
    let rrsig = "a.x NSEC b.x A\nb.x NSEC x A\n\
                 x RRSIG NSEC 13 3 300 20270101000000 20260101000000 1 example. AAAA\n\
                 y.z NSEC z A\nz NSEC @ A\n";
    assert!(warnings(rrsig).is_empty(), "{:?}", warnings(rrsig));
    let ordered = "x NSEC a.x A\na.x NSEC b.x A\nb.x NSEC @ A\n";
    assert!(warnings(ordered).is_empty());
}
