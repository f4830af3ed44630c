//! Reader behaviour on small files: directives, inheritance, TTL rules, errors with lines.

use super::reader::{MAX_RDATASET_OCTETS, MAX_STREAM_ENTRY};
use super::*;
use crate::name::Name;
use crate::rr::{RrType, Ttl};

fn n(s: &str) -> Name {
    Name::parse(s, None).unwrap()
}

fn read(text: &str) -> (Vec<Record>, Vec<String>) {
    let mut r = Reader::from_str(text, "db.test", Some(n("example.")));
    let recs: Vec<Record> = r
        .by_ref()
        .map(|x| x.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    (recs, r.warnings().iter().map(|w| w.to_string()).collect())
}

fn first_error(text: &str) -> String {
    Reader::from_str(text, "db.test", Some(n("example.")))
        .find_map(|r| r.err())
        .expect("an error")
        .to_string()
}

fn lines(recs: &[Record]) -> Vec<String> {
    recs.iter().map(|r| r.to_string()).collect()
}

#[test]
fn inheritance_directives_and_units() {
    let (recs, warns) = read(
        "$TTL 1h30m\n@ IN SOA ns1 host ( 1 2h\n 1h 1w 1d )\n  NS ns1\n$ORIGIN sub.example.\nwww 1d IN A 192.0.2.1\n  IN 2w AAAA ::1\n@ CLASS1 TYPE1 \\# 4 01020304\n",
    );
    assert!(warns.is_empty());
    assert_eq!(
        lines(&recs),
        [
            "example.\t5400\tIN\tSOA\tns1.example. host.example. 1 7200 3600 604800 86400",
            "example.\t5400\tIN\tNS\tns1.example.",
            "www.sub.example.\t86400\tIN\tA\t192.0.2.1",
            "www.sub.example.\t1209600\tIN\tAAAA\t::1",
            "sub.example.\t5400\tIN\tA\t1.2.3.4",
        ]
    );
}

#[test]
fn ttl_defaults_follow_bind() {
    let (recs, warns) =
        read("@ 500 IN SOA ns1 host 1 2 3 4 300\n NS ns1\nns1 600 A 1.2.3.4\nns2 A 1.2.3.5\n");
    assert_eq!(
        recs.iter().map(|r| r.ttl).collect::<Vec<_>>(),
        [Ttl(500), Ttl(500), Ttl(600), Ttl(600)]
    );
    assert_eq!(warns, ["db.test:2: using RFC1035 TTL semantics"]);
    let (recs, warns) = read("@ IN SOA ns1 host 1 2 3 4 300\nns1 600 A 1.2.3.4\nns2 A 1.2.3.5\n");
    assert_eq!(
        recs.iter().map(|r| r.ttl).collect::<Vec<_>>(),
        [Ttl(300), Ttl(600), Ttl(300)]
    );
    assert_eq!(
        warns,
        ["db.test:1: no TTL specified; using SOA MINTTL instead"]
    );
    assert_eq!(first_error("@ IN NS ns1\n"), "db.test:1: no TTL specified");
    let (recs, warns) = read("$TTL 5\na 2147483648 A 1.2.3.4\n");
    assert_eq!(recs[0].ttl, Ttl(0));
    assert_eq!(
        warns,
        ["dns_master_load: db.test:2: $TTL 2147483648 > MAXTTL, setting $TTL to 0"]
    );
}

#[test]
fn errors_carry_file_and_line() {
    assert_eq!(
        first_error("$TTL 1\na A 1.2.3.4\nb x1 A 1.2.3.4\n"),
        "db.test:3: unknown RR type 'x1'"
    );
    // Not a TTL, so BIND tries it as a class and then a type.
    assert_eq!(
        first_error("$TTL 1\na 1x A 1.2.3.4\n"),
        "db.test:2: unknown RR type '1x'"
    );
    assert_eq!(first_error("$TTL 1x\n"), "db.test:1: bad TTL '1x'");
    assert_eq!(
        first_error("$TTL 1\n\na here 1.2.3.4\n"),
        "db.test:3: unknown RR type 'here'"
    );
    assert_eq!(
        first_error("$TTL 1\na A ( 1.2.3.4\n"),
        "db.test:2: A: unbalanced parentheses"
    );
    assert_eq!(
        first_error("$TTL 1\na DNSKEY 257 3 13 ***\n"),
        "db.test:2: DNSKEY: bad base64 '***'"
    );
    assert!(
        first_error(&format!("$TTL 1\n{} A 1.2.3.4\n", "a".repeat(64)))
            .starts_with("db.test:2: bad owner name")
    );
    assert!(first_error(&format!(
        "$TTL 1\n{}. A 1.2.3.4\n",
        ["abcdefghi"; 26].join(".")
    ))
    .contains("name too long"));
    assert_eq!(
        first_error("$TTL 1\n$INCLUDE /nonexistent/x.db\n"),
        "db.test:2: /nonexistent/x.db: file not found"
    );
    assert_eq!(
        first_error("$TTL 1\n$FOO\n"),
        "db.test:2: unknown directive '$FOO'"
    );
    assert_eq!(
        first_error("$TTL 1\na CH A 1.2.3.4\n"),
        "db.test:2: class 'CH' != zone class 'IN'"
    );
}

#[test]
fn include_restores_origin_and_generate_expands() {
    let dir = std::env::temp_dir().join(format!("dnssec-kit-reader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let inc = dir.join("inc.db");
    std::fs::write(&inc, "www A 192.0.2.9\n").unwrap();
    let text = format!(
        "$TTL 60\n$INCLUDE {} other.test.\nwww A 192.0.2.1\n$GENERATE 1-2 h${{0,2}} A 10.0.0.$\n",
        inc.display()
    );
    let (recs, _) = read(&text);
    assert_eq!(
        lines(&recs),
        [
            "www.other.test.\t60\tIN\tA\t192.0.2.9",
            "www.example.\t60\tIN\tA\t192.0.2.1",
            "h01.example.\t60\tIN\tA\t10.0.0.1",
            "h02.example.\t60\tIN\tA\t10.0.0.2",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn key_file_lines_read_as_records() {
    let text = "; This is a key-signing key, keyid 3897, for example.com.\nexample.com. IN DNSKEY 257 3 13 nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/ XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==\n";
    let mut r = Reader::from_str(text, "K.key", None).with_default_ttl(Ttl(0));
    let rec = r.next().unwrap().unwrap();
    assert_eq!(rec.rtype, RrType::DNSKEY);
    assert_eq!(rec.rdata.len(), 4 + 64);
    assert!(r.next().is_none());
}

/// A reader over `text` that hands out at most `step` octets per read, as a pipe may.
struct Trickle {
    text: Vec<u8>,
    at: usize,
    step: usize,
}

impl std::io::Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(self.step).min(self.text.len() - self.at);
        out[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn all(mut r: Reader) -> Vec<String> {
    let mut out = Vec::new();
    for item in r.by_ref() {
        out.push(match item {
            Ok(rec) => rec.to_string(),
            Err(e) => format!("error {e}"),
        });
    }
    out.extend(r.warnings().iter().map(|w| w.to_string()));
    out
}

#[test]
fn a_stream_reads_as_the_same_text_in_memory() {
    // Entries that cross the reader's 64 KiB pieces, parentheses over lines, comments, a
    // directive and an error, and no final newline.
    let mut text = String::from("$TTL 60\n@ SOA ns h ( 1\n 2 3 4 5 )\n");
    for i in 0..6000 {
        text.push_str(&format!(
            "h{i} TXT ( \"{}\" ; c\n \"y\" )\n; comment {i}\n",
            "x".repeat(i % 40)
        ));
        if i == 3000 {
            text.push_str("bad A 10.0.0\n$ORIGIN sub.example.\n");
        }
    }
    text.push_str("last A 10.0.0.1");
    let expected = all(Reader::from_str(&text, "s.db", Some(n("example."))));
    assert_eq!(expected.len(), 6004);
    for step in [1 << 16, 7919, 1 << 20] {
        let input = Trickle {
            text: text.clone().into_bytes(),
            at: 0,
            step,
        };
        let got = all(Reader::from_stream(input, "s.db", Some(n("example."))));
        let first_diff = got.iter().zip(&expected).position(|(a, b)| a != b);
        assert_eq!(
            (got.len(), first_diff.map(|i| (&got[i], &expected[i]))),
            (expected.len(), None),
            "step {step}"
        );
    }
}

#[test]
fn an_endless_stream_is_refused_at_the_entry_limit() {
    let zeros = std::io::repeat(0);
    let mut r = Reader::from_stream(zeros, "/dev/zero", Some(n("example.")));
    let e = r.next().unwrap().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("/dev/zero:1: entry longer than {MAX_STREAM_ENTRY} octets")
    );
    assert!(r.next().is_none());
    // The same through `$INCLUDE` of the device itself, when there is one.
    if std::path::Path::new("/dev/zero").exists() {
        let e = first_error("$TTL 1\n$INCLUDE /dev/zero\n");
        assert_eq!(
            e,
            format!("/dev/zero:1: entry longer than {MAX_STREAM_ENTRY} octets")
        );
    }
}

#[test]
fn generate_limit_refuses_before_any_record() {
    let text = "$TTL 1\n$GENERATE 0-99999999 h$ A 10.0.0.1\nok A 10.0.0.2\n";
    let got = all(Reader::from_str(text, "g.db", Some(n("example."))).with_generate_limit(10));
    assert_eq!(
        got,
        [
            "error g.db:2: $GENERATE: range makes more than 10 records",
            "ok.example.\t1\tIN\tA\t10.0.0.2"
        ]
    );
    let got = all(Reader::from_str(
        "$TTL 1\n$GENERATE 0-9 h$ A 10.0.0.1\n",
        "g.db",
        Some(n("example.")),
    )
    .with_generate_limit(10));
    assert_eq!(got.len(), 10);
}

#[test]
fn generate_errors_stop_the_directive_where_bind_stops() {
    // The sum overflows at the second value: the first record comes, then the refusal,
    // then the lines after the directive.
    let got = all(Reader::from_str(
        "$TTL 1\n$GENERATE 0-5 h${2147483646} A 10.0.0.1\nok A 10.0.0.2\n",
        "g.db",
        Some(n("example.")),
    ));
    assert_eq!(
        got,
        [
            "h2147483646.example.\t1\tIN\tA\t10.0.0.1",
            "h2147483647.example.\t1\tIN\tA\t10.0.0.1",
            "error g.db:2: $GENERATE: out of range",
            "ok.example.\t1\tIN\tA\t10.0.0.2"
        ]
    );
    assert_eq!(
        first_error("$TTL 1\n$GENERATE 0-1 h${0,3,q} A 10.0.0.1\n"),
        "db.test:2: $GENERATE: bad modifier '${0,3,q}'"
    );
    // Many batches: every record comes, in order.
    let mut r = Reader::from_str(
        "$TTL 1\n$GENERATE 0-99999/7 h$ A 10.0.0.1\n",
        "g.db",
        Some(n("example.")),
    );
    let mut count = 0u64;
    while let Some(rec) = r.next_ref() {
        let rec = rec.unwrap();
        assert_eq!(rec.owner.to_string(), format!("h{}.example.", count * 7));
        count += 1;
    }
    assert_eq!(count, 100_000 / 7 + 1);
}

#[test]
fn include_takes_the_name_as_written() {
    let dir = std::env::temp_dir().join(format!("dnssec-kit-incl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("xAy"), "a A 192.0.2.1\n").unwrap();
    std::fs::write(dir.join(r"x\065y"), "b A 192.0.2.2\n").unwrap();
    std::fs::write(dir.join("q\"q"), "c A 192.0.2.3\n").unwrap();
    let d = dir.display();
    let (recs, _) = read(&format!(
        "$TTL 1\n$INCLUDE \"{d}/x\\065y\"\n$INCLUDE {d}/x\\065y\n$INCLUDE \"{d}/q\\\"q\"\n"
    ));
    assert_eq!(
        lines(&recs),
        [
            "b.example.\t1\tIN\tA\t192.0.2.2",
            "b.example.\t1\tIN\tA\t192.0.2.2",
            "c.example.\t1\tIN\tA\t192.0.2.3"
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn messages_quote_a_bounded_escaped_prefix() {
    use crate::error::{message_text, MESSAGE_TEXT_MAX};
    let long = format!("$TTL 1\na A {}\n", "9".repeat(20_000_000));
    let e = first_error(&long);
    assert!(e.len() < MESSAGE_TEXT_MAX + 100, "{}", e.len());
    assert!(
        e.contains(&format!("'{}...'", "9".repeat(MESSAGE_TEXT_MAX))),
        "{e}"
    );
    assert_eq!(
        message_text(b"a\nb\rc\x1b\x7f\xff\xc3\xa9"),
        "a\\010b\\013c\\027\\127\\255\u{e9}"
    );
    let e = first_error("$TTL 1\n$INCLUDE \"/nonexistent/a\rsignzone: fatal: x\"\n");
    assert_eq!(
        e,
        "db.test:2: /nonexistent/a\\013signzone: fatal: x: file not found"
    );
    assert_eq!(e.lines().count(), 1);
}

#[test]
fn rdata_past_bind_s_rdataset_limit_is_refused() {
    let rdata = |len: usize| format!("$TTL 1\na TYPE65400 \\# {len} {}\n", "00".repeat(len));
    assert!(read(&rdata(MAX_RDATASET_OCTETS)).0.len() == 1);
    assert_eq!(
        first_error(&rdata(MAX_RDATASET_OCTETS + 1)),
        "db.test:2: rdata too large"
    );
}
