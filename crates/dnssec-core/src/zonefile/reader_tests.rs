//! Reader behaviour on small files: directives, inheritance, TTL rules, errors with lines.

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
