//! Text -> wire -> text round trips for every type in the table, and the error cases.

use super::*;
use crate::name::Name;
use crate::test_util::parse_text;

fn rt(ty: &str, text: &str) -> String {
    let t = RrType::from_mnemonic(ty).unwrap();
    let origin = Name::parse("example.", None).unwrap();
    let wire = parse_text(t, text, Some(&origin)).unwrap_or_else(|e| panic!("{ty} {text}: {e}"));
    validate(t, &wire).unwrap();
    let mut out = String::new();
    try_to_text(t, &wire, &mut out).unwrap();
    // Printing must read back to the same wire.
    assert_eq!(
        parse_text(t, &out, Some(&origin)).unwrap(),
        wire,
        "{ty} {out}"
    );
    out
}

#[test]
fn bind_presentation_forms() {
    let cases: &[(&str, &str, &str)] = &[
        ("A", "192.0.2.1", "192.0.2.1"),
        ("AAAA", "2001:DB8:0::1", "2001:db8::1"),
        ("SOA", "ns1 host ( 1 2h 1h 1w 1d )", "ns1.example. host.example. 1 7200 3600 604800 86400"),
        ("MX", "10 @", "10 example."),
        ("TXT", "\"a b\" \"c\\\"d\\\\e\" \"x;y\" \"\\255\\009\" plain", "\"a b\" \"c\\\"d\\\\e\" \"x;y\" \"\\255\\009\" \"plain\""),
        ("LOC", "42 21 54 N 71 06 18 W -24m 30m", "42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m"),
        ("LOC", "42 N 71 W 0m", "42 0 0.000 N 71 0 0.000 W 0.00m 1m 10000m 10m"),
        ("LOC", "0 N 0 E 0 0 0.5 1.5", "0 0 0.000 N 0 0 0.000 E 0.00m 0.00m 0.50m 1m"),
        ("CERT", "PKIX 1 RSASHA256 AAECAwQ=", "PKIX 1 RSASHA256 AAECAwQ="),
        ("CERT", "9 1 8 AAECAwQ=", "9 1 RSASHA256 AAECAwQ="),
        ("DS", "12345 13 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5",
         "12345 13 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32 F24E8FB5"),
        ("TYPE65000", "\\# 4 0a000001", "\\# 4 0A000001"),
        ("TYPE65001", "\\# 0", "\\# 0"),
        ("A", "\\# 4 0a000001", "10.0.0.1"),
        ("RRSIG", "A 13 2 3600 20361124020834 20260101000000 12345 Example. AAAA",
         "A 13 2 3600 20361124020834 20260101000000 12345 Example. AAAA"),
        ("NSEC3", "1 1 10 AABB 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG", "1 1 10 AABB 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG"),
        ("NSEC3PARAM", "1 0 0 -", "1 0 0 -"),
        ("APL", "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32", "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32"),
        ("CAA", "0 issue \"ca.example.net; account=230123\"", "0 issue \"ca.example.net; account=230123\""),
        ("URI", "10 1 \"ftp://ftp1.example.com/public\"", "10 1 \"ftp://ftp1.example.com/public\""),
        ("SVCB", "1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 mandatory=alpn,port key65000=abc",
         "1 . mandatory=alpn,port alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 key65000=\"abc\""),
        ("HTTPS", "0 foo", "0 foo.example."),
        ("HTTPS", "1 . ohttp", "1 . key8"),
        ("HTTPS", "1 . key9=\"\" key10", "1 . key9 key10"),
        ("SVCB", "3 . alpn=\"a\\\\,b,h3\" dohpath=/q{?dns}", "3 . alpn=\"a\\\\,b,h3\" key7=\"/q{?dns}\""),
        ("HIP", "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNu rvs.example.com. rvs2",
         "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNu rvs.example.com. rvs2.example."),
        ("IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
         "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="),
        ("IPSECKEY", "10 0 2 . AQNRU3mG", "10 0 2 . AQNRU3mG"),
        ("IPSECKEY", "10 3 2 gw AQNRU3mG", "10 3 2 gw.example. AQNRU3mG"),
        ("IPSECKEY", "10 2 2 2001:db8::1 AQNRU3mG", "10 2 2 2001:db8::1 AQNRU3mG"),
        ("EUI48", "00-00-5e-00-53-2A", "00-00-5e-00-53-2a"),
        ("EUI64", "00-00-5e-ef-10-00-00-2a", "00-00-5e-ef-10-00-00-2a"),
        ("L64", "10 2001:0DB8:1140:1000", "10 2001:db8:1140:1000"),
        ("NID", "10 0014:4fff:ff20:ee64", "10 14:4fff:ff20:ee64"),
        ("L32", "10 10.1.2.0", "10 10.1.2.0"),
        ("LP", "10 l64-subnet", "10 l64-subnet.example."),
        ("SSHFP", "4 2 123456789abcdef6123456789abcdef6 123456789abcdef6123456789abcdef6",
         "4 2 123456789ABCDEF6123456789ABCDEF6123456789ABCDEF612345678 9ABCDEF6"),
        ("SSHFP", "4 3 123456789abcdef6", "4 3 123456789ABCDEF6"),
        ("CSYNC", "66 3 A NS AAAA", "66 3 A NS AAAA"),
        ("NSEC", "Next.Example. A NS SOA TYPE1234", "Next.Example. A NS SOA TYPE1234"),
        ("HINFO", "PC Linux", "\"PC\" \"Linux\""),
        ("NAPTR", "100 10 \"\" \"\" \"!^urn:cid:.+@([^\\\\.]+\\\\.)(.*)$!\\\\2!i\" .",
         "100 10 \"\" \"\" \"!^urn:cid:.+@([^\\\\.]+\\\\.)(.*)$!\\\\2!i\" ."),
        ("DNSKEY", "257 3 ECDSAP256SHA256 AAEC AwQ=", "257 3 13 AAECAwQ="),
        ("ZONEMD", "2018031500 1 9 FEBE3D4CFEBE3D4CFEBE3D4C", "2018031500 1 9 FEBE3D4CFEBE3D4CFEBE3D4C"),
        ("OPENPGPKEY", "AQID", "AQID"),
        ("DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="),
        ("SRV", "1 2 3 t", "1 2 3 t.example."),
        ("RP", "mbox txt", "mbox.example. txt.example."),
    ];
    for (ty, input, want) in cases {
        assert_eq!(rt(ty, input), *want, "{ty} {input}");
    }
}

#[test]
fn errors_name_the_field() {
    let o = Name::root();
    let err = |ty: RrType, t: &str| parse_text(ty, t, Some(&o)).unwrap_err().to_string();
    assert_eq!(err(RrType::A, "1.2.3"), "bad IPv4 address '1.2.3'");
    assert_eq!(err(RrType::DNSKEY, "257 3 13 !!!"), "bad base64 '!!!'");
    assert_eq!(
        err(RrType::MX, "10"),
        "unexpected end of input: missing name"
    );
    assert_eq!(err(RrType::A, "1.2.3.4 5"), "extra input text");
    assert_eq!(err(RrType(65000), "\\# 2 00"), "bad \\# length");
    assert!(err(RrType::NS, &format!("{}.", "a".repeat(64))).contains("label too long"));
    assert!(err(RrType(65000), "abc").starts_with("bad generic rdata"));
}

#[test]
fn keyless_ipseckey_is_read_from_wire_but_refused_as_text() {
    // RFC 4025 section 2.5 allows no key; BIND's text reader does not, so neither do we.
    let o = Name::root();
    assert!(parse_text(RrType::IPSECKEY, "10 1 2 192.0.2.1", Some(&o))
        .unwrap_err()
        .to_string()
        .starts_with("unexpected end of input"));
    let wire = [10, 1, 2, 192, 0, 2, 1];
    validate(RrType::IPSECKEY, &wire).unwrap();
    assert_eq!(to_text(RrType::IPSECKEY, &wire), "10 1 2 192.0.2.1");
}

#[test]
fn canonical_form_lowercases_only_listed_names() {
    let o = Name::root();
    let mut mx = parse_text(RrType::MX, "10 MX.Example.", Some(&o)).unwrap();
    assert!(canonicalize(RrType::MX, &mut mx).unwrap());
    assert_eq!(to_text(RrType::MX, &mx), "10 mx.example.");
    let mut nsec = parse_text(RrType::NSEC, "Next.Example. A", Some(&o)).unwrap();
    assert!(!canonicalize(RrType::NSEC, &mut nsec).unwrap());
    assert_eq!(to_text(RrType::NSEC, &nsec), "Next.Example. A");
    let mut sig = parse_text(
        RrType::RRSIG,
        "A 13 2 3600 20361124020834 20260101000000 1 EXample. AAAA",
        Some(&o),
    )
    .unwrap();
    assert!(canonicalize(RrType::RRSIG, &mut sig).unwrap());
    assert!(to_text(RrType::RRSIG, &sig).contains(" example. "));
}

#[test]
fn bad_wire_falls_back_to_generic_text() {
    assert_eq!(to_text(RrType::A, &[1, 2, 3]), "\\# 3 010203");
    assert!(validate(RrType::MX, &[0, 1, 5, b'a']).is_err());
}

/// The rarer types' forms (docs/bind-compat.md, "zone reader: record types"); the same
/// records are compared with named-checkzone in tests/it (interop::zone).
#[test]
fn rarer_types_print_as_bind_does() {
    let cases: &[(&str, &str, &str)] = &[
        ("NXT", "n.example. A TYPE127", "n.example. A 127"),
        ("A6", "1 ffff::1 x.", "1 7fff::1 x."),
        ("A6", "128 p.", "128  p."),
        ("A6", "0 ::1", "0 ::1"),
        ("ATMA", "39.246F.00", "39246f00"),
        ("ATMA", "+358", "+358"),
        (
            "AMTRELAY",
            "128 1 3 Relay.Example.",
            "128 1 3 Relay.Example.",
        ),
        ("DSYNC", "5 notify 53 x", "CNAME NOTIFY 53 x.example."),
        ("DSYNC", "CDS 2 53 x.", "CDS 2 53 x."),
        ("DOA", "1 2 3 \"t\" -", "1 2 3 \"t\" -"),
        ("SINK", "1 0 0", "1 0 0"),
        ("RKEY", "0 3 5 AwEAAeX7", "0 3 5 AwEAAeX7"),
        ("DNSKEY", "0x101 3 13 AAAA", "257 3 13 AAAA"),
        ("DNSKEY", "z|k| 3 13 AAAA", "257 3 13 AAAA"),
        ("KEY", "|ZONE 3 13 AAAA", "16640 3 13 AAAA"),
        (
            "SVCB",
            "1 . mandatory=port,alpn alpn=h2 port=1",
            "1 . mandatory=alpn,port alpn=\"h2\" port=1",
        ),
    ];
    for (ty, input, want) in cases {
        assert_eq!(rt(ty, input), *want, "{ty} {input}");
    }
    let origin = Name::parse("example.", None).unwrap();
    for (ty, bad) in [
        ("RKEY", "1 3 5 AAAA"),
        ("NXT", "n. TYPE200"),
        ("AMTRELAY", "0 0 4 ."),
        ("DNSKEY", "REVOKE 3 13 AAAA"),
        ("SVCB", "1 . mandatory=alpn"),
        ("SVCB", "1 . port=1 key3=2"),
    ] {
        let t = RrType::from_mnemonic(ty).unwrap();
        assert!(parse_text(t, bad, Some(&origin)).is_err(), "{ty} {bad}");
    }
}
