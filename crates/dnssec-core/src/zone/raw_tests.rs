//! The raw format through the compact zone: round trips, header fields, and the typed
//! errors of damaged files.

use super::{load_raw_bytes, write_raw, write_text, RawZone, Zone};
use crate::rr::{Class, RrType, Ttl};
use crate::time::{Serial, UnixTime};
use crate::zonefile::raw::*;
use crate::zonefile::raw::{encode_header, encode_rdataset, RawWriteError, RdatasetHead};
use crate::zonefile::Reader;
use crate::Name;

const ZONE: &str = "$TTL 3600
@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ NS ns1
@ NS ns2
ns1 A 192.0.2.1
ns2 A 192.0.2.2
WWW 300 A 192.0.2.3
www 300 A 192.0.2.4
www TXT \"hello world\"
sub NS ns.sub
ns.sub A 192.0.2.9
@ RRSIG SOA 13 2 3600 20270101000000 20260101000000 1234 example.com. AAAA
@ RRSIG NS 13 2 3600 20270101000000 20260101000000 1234 example.com. AAAB
@ RRSIG NS 13 2 3600 20270101000000 20260101000000 4321 example.com. AAAC
";

fn origin() -> Name {
    Name::parse("example.com.", None).unwrap()
}

fn text_zone() -> Zone {
    let reader = Reader::from_str(ZONE, "z.db", Some(origin()));
    Zone::from_reader(reader, &origin(), Class::IN).unwrap()
}

fn dump(zone: &Zone) -> String {
    let mut out = Vec::new();
    write_text(zone, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn raw_of(zone: &Zone, header: &RawHeader) -> Vec<u8> {
    let mut out = Vec::new();
    write_raw(zone, header, &mut out).unwrap();
    out
}

fn load(buf: &[u8]) -> Result<RawZone, RawError> {
    load_raw_bytes(buf, "z.raw", &origin(), Class::IN)
}

fn kind(buf: &[u8]) -> (u64, RawErrorKind) {
    let e = load(buf).err().expect("an error");
    (e.offset, e.kind)
}

fn a_set(owner: &str, ttl: u32, rdatas: &[&[u8]]) -> Vec<u8> {
    let owner = Name::parse(owner, None).unwrap();
    let head = RdatasetHead {
        owner: owner.as_wire(),
        class: Class::IN,
        rtype: RrType::A,
        covers: RrType(0),
        ttl: Ttl(ttl),
    };
    let mut out = Vec::new();
    encode_rdataset(&head, rdatas.iter().copied(), &mut out).unwrap();
    out
}

#[test]
fn a_zone_survives_the_round_trip_in_both_versions() {
    let zone = text_zone();
    for version in [RawVersion::V0, RawVersion::V1] {
        let header = RawHeader::new(version, UnixTime(1_795_504_836));
        let raw = raw_of(&zone, &header);
        assert_eq!(&raw[0..4], &[0, 0, 0, 2]);
        assert_eq!(raw[7] as u32, version.number());
        let back = load(&raw).unwrap();
        assert_eq!(back.header, header);
        assert!(back.warnings.is_empty());
        assert_eq!(dump(&back.zone), dump(&zone));
    }
}

#[test]
fn the_v1_header_carries_the_source_serial_and_its_flag() {
    let mut header = RawHeader::new(RawVersion::V1, UnixTime(0x6b05_3ad0));
    header.source_serial = Some(Serial(42));
    let mut out = Vec::new();
    encode_header(&header, &mut out);
    assert_eq!(
        out,
        [0, 0, 0, 2, 0, 0, 0, 1, 0x6b, 0x05, 0x3a, 0xd0, 0, 0, 0, 2, 0, 0, 0, 42, 0, 0, 0, 0]
    );
    let back = RawReader::new(&out, "h").unwrap();
    assert_eq!(back.header().source_serial, Some(Serial(42)));
    assert_eq!(back.header().last_xfrin, None);
    // Version 0 has no room for it.
    header.version = RawVersion::V0;
    out.clear();
    encode_header(&header, &mut out);
    assert_eq!(out.len(), HEADER_LEN_V0);
}

#[test]
fn an_rdataset_is_laid_out_as_bind_writes_it() {
    // Shape observed in `dnssec-signzone -O raw` output (docs/bind-compat.md,
    // "signzone: output formats and order").
    let set = a_set("a.example.com.", 300, &[&[192, 0, 2, 1], &[192, 0, 2, 2]]);
    let mut want = Vec::new();
    let name = b"\x01a\x07example\x03com\x00";
    let total = 4 + 2 + 2 + 2 + 4 + 4 + 2 + name.len() + 2 * (2 + 4);
    want.extend_from_slice(&(total as u32).to_be_bytes());
    want.extend_from_slice(&[0, 1, 0, 1, 0, 0]);
    want.extend_from_slice(&300u32.to_be_bytes());
    want.extend_from_slice(&2u32.to_be_bytes());
    want.extend_from_slice(&(name.len() as u16).to_be_bytes());
    want.extend_from_slice(name);
    want.extend_from_slice(&[0, 4, 192, 0, 2, 1, 0, 4, 192, 0, 2, 2]);
    assert_eq!(set, want);
}

#[test]
fn the_writer_refuses_what_it_cannot_encode_and_appends_nothing() {
    let owner = origin();
    let mut head = RdatasetHead {
        owner: owner.as_wire(),
        class: Class::IN,
        rtype: RrType::TXT,
        covers: RrType(0),
        ttl: Ttl(1),
    };
    let mut out = vec![7];
    let big = vec![0u8; 70_000];
    let r = encode_rdataset(&head, [big.as_slice()], &mut out);
    assert_eq!(r, Err(RawWriteError::RdataTooLong(70_000)));
    assert_eq!(
        encode_rdataset(&head, [], &mut out),
        Err(RawWriteError::NoRdata)
    );
    head.owner = b"\x03ab";
    let r = encode_rdataset(&head, [&[1u8, b'x'][..]], &mut out);
    assert_eq!(r, Err(RawWriteError::BadOwner));
    assert_eq!(out, [7]);
}

fn v0_with(sets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_header(&RawHeader::new(RawVersion::V0, UnixTime(1)), &mut out);
    let zone = text_zone();
    let body = raw_of(&zone, &RawHeader::new(RawVersion::V0, UnixTime(1)));
    out.extend_from_slice(&body[HEADER_LEN_V0..]);
    for s in sets {
        out.extend_from_slice(s);
    }
    out
}

#[test]
fn header_errors_name_bind_s_result() {
    assert!(matches!(
        kind(b"").1,
        RawErrorKind::ShortHeader {
            needed: 12,
            found: 0
        }
    ));
    let text = ZONE.as_bytes();
    let (off, k) = kind(text);
    assert_eq!(off, 0);
    assert_eq!(k.to_string(), "file format mismatch (not raw)");
    assert_eq!(k.result_text(), "not implemented");
    let mut v2 = v0_with(&[]);
    v2[7] = 2;
    let (off, k) = kind(&v2);
    assert_eq!((off, k.clone()), (4, RawErrorKind::UnsupportedVersion(2)));
    assert_eq!(k.result_text(), "not implemented");
    let mut v1short = v0_with(&[]);
    v1short.truncate(20);
    v1short[7] = 1;
    assert!(matches!(
        kind(&v1short).1,
        RawErrorKind::ShortHeader {
            needed: 24,
            found: 20
        }
    ));
}

#[test]
fn a_header_alone_is_an_empty_zone() {
    let mut out = Vec::new();
    encode_header(&RawHeader::new(RawVersion::V1, UnixTime(5)), &mut out);
    let z = load(&out).unwrap();
    assert!(z.zone.is_empty());
}

#[test]
fn length_errors_give_the_rdataset_offset() {
    let good = v0_with(&[]);
    let at = good.len() as u64;
    let set = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);

    // Truncated inside the rdataset.
    let mut f = v0_with(std::slice::from_ref(&set));
    f.truncate(f.len() - 1);
    let (off, k) = kind(&f);
    assert_eq!(off, at);
    assert!(matches!(k, RawErrorKind::Truncated { .. }), "{k}");
    assert_eq!(k.result_text(), "end of file");

    // Fewer than four octets left: still an error, not silently ignored.
    let mut f = good.clone();
    f.extend_from_slice(&[0, 0, 0]);
    assert!(matches!(kind(&f), (o, RawErrorKind::Truncated { .. }) if o == at));

    // A total length larger than the file, and one smaller than the fixed fields.
    for total in [0x7fff_ffffu32, 5] {
        let mut s = set.clone();
        s[0..4].copy_from_slice(&total.to_be_bytes());
        let (off, k) = kind(&v0_with(&[s]));
        assert_eq!(off, at);
        assert!(
            matches!(
                k,
                RawErrorKind::Truncated { .. } | RawErrorKind::LengthTooSmall(_)
            ),
            "{k}"
        );
    }

    // A total one larger or smaller than the fields use.
    for delta in [1i32, -1] {
        let mut s = set.clone();
        let total = (s.len() as i32 + delta) as u32;
        s[0..4].copy_from_slice(&total.to_be_bytes());
        if delta > 0 {
            s.push(0);
        } else {
            s.pop();
        }
        let (_, k) = kind(&v0_with(&[s]));
        assert!(matches!(k, RawErrorKind::LengthMismatch { .. }), "{k}");
        assert_eq!(k.result_text(), "out of range");
    }
}

#[test]
fn count_errors_are_bounded_by_the_octets_present() {
    let set = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);
    let mut zero = set.clone();
    zero[14..18].copy_from_slice(&0u32.to_be_bytes());
    assert!(matches!(kind(&v0_with(&[zero])).1, RawErrorKind::NoRdata));
    let mut huge = set.clone();
    huge[14..18].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        kind(&v0_with(&[huge])).1,
        RawErrorKind::LengthMismatch { .. }
    ));
}

#[test]
fn content_errors_are_typed() {
    let base = v0_with(&[]).len() as u64;
    // A with five octets of rdata.
    let bad_a = a_set("x.example.com.", 60, &[&[192, 0, 2, 7, 1]]);
    let (off, k) = kind(&v0_with(&[bad_a]));
    assert!(
        matches!(
            k,
            RawErrorKind::BadRdata {
                rtype: RrType::A,
                index: 0,
                ..
            }
        ),
        "{k}"
    );
    assert!(off > base);

    // An owner whose length octet runs past the declared owner length.
    let mut bad_owner = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);
    bad_owner[20] = 0x40;
    assert!(matches!(
        kind(&v0_with(&[bad_owner])).1,
        RawErrorKind::BadOwner(_)
    ));

    // Class CH in an IN zone.
    let mut ch = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);
    ch[4..6].copy_from_slice(&3u16.to_be_bytes());
    let (off, k) = kind(&v0_with(&[ch]));
    assert_eq!(off, base + 4);
    assert_eq!(k.result_text(), "bad class");

    // Type 0 and OPT are no zone data.
    for t in [0u16, 41] {
        let mut s = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);
        s[6..8].copy_from_slice(&t.to_be_bytes());
        assert!(matches!(kind(&v0_with(&[s])).1, RawErrorKind::BadType(_)));
    }
}

#[test]
fn an_rrsig_set_must_cover_what_its_signatures_cover() {
    let zone = text_zone();
    let mut raw = raw_of(&zone, &RawHeader::new(RawVersion::V0, UnixTime(1)));
    // Find the first RRSIG rdataset and change its covers field.
    let mut reader = RawReader::new(&raw, "z").unwrap();
    let off = loop {
        let s = reader.next_rdataset().unwrap().unwrap();
        if s.rtype == RrType::RRSIG {
            break s.offset as usize;
        }
    };
    raw[off + 8..off + 10].copy_from_slice(&RrType::A.0.to_be_bytes());
    assert!(matches!(
        kind(&raw).1,
        RawErrorKind::CoversMismatch {
            rdataset: RrType::A,
            ..
        }
    ));
}

#[test]
fn an_soa_away_from_the_origin_is_another_zone() {
    let raw = raw_of(&text_zone(), &RawHeader::new(RawVersion::V1, UnixTime(1)));
    let other = Name::parse("other.test.", None).unwrap();
    let e = load_raw_bytes(&raw, "z.raw", &other, Class::IN)
        .err()
        .unwrap();
    assert_eq!(e.kind, RawErrorKind::NotAtTop("example.com".into()));
    assert_eq!(e.kind.result_text(), "not at top of zone");
}

#[test]
fn out_of_zone_data_is_skipped_with_a_warning() {
    let outside = a_set("x.example.org.", 60, &[&[192, 0, 2, 7]]);
    let z = load(&v0_with(&[outside])).unwrap();
    assert_eq!(z.warnings.len(), 1);
    assert!(z.warnings[0]
        .message
        .contains("ignoring out-of-zone data (x.example.org.)"));
    assert_eq!(dump(&z.zone), dump(&text_zone()));
}

#[test]
fn sets_split_over_several_rdatasets_merge() {
    let a = a_set("x.example.com.", 60, &[&[192, 0, 2, 7]]);
    let b = a_set("X.example.com.", 60, &[&[192, 0, 2, 8], &[192, 0, 2, 7]]);
    let z = load(&v0_with(&[a, b])).unwrap();
    let x = z
        .zone
        .find(&Name::parse("x.example.com.", None).unwrap())
        .unwrap();
    assert_eq!(x.rrset(RrType::A).unwrap().len(), 2);
}

/// Every prefix and every one-octet change of a valid file gives a zone or an error.
#[test]
fn damaged_files_never_panic() {
    let raw = raw_of(&text_zone(), &RawHeader::new(RawVersion::V1, UnixTime(1)));
    for n in 0..raw.len() {
        let _ = load(&raw[..n]);
    }
    for i in 0..raw.len() {
        for v in [0u8, 1, 0x3f, 0x40, 0x7f, 0xff] {
            let mut m = raw.clone();
            m[i] = v;
            let _ = load(&m);
        }
    }
}
