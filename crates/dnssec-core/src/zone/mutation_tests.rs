//! A small deterministic fuzzer for CI without cargo-fuzz: thousands of mutated zone files
//! through the reader, the compact zone and the writer. None may panic, and every record we
//! print must read back to the same wire form.

use crate::name::Name;
use crate::rr::{rdata, Class};
use crate::zone::{write_text, Zone};
use crate::zonefile::{writer, Reader};

const SEED: &str = r#"$TTL 1h
$ORIGIN example.
@ IN SOA ns1 hostmaster ( 1 2h 1h 1w 1d )
  NS ns1
ns1 A 192.0.2.1
  AAAA 2001:db8::1
t TXT "a b" "c\"d\\e" plain
loc LOC 42 21 54 N 71 06 18 W -24m 30m
cert CERT PKIX 1 RSASHA256 AAECAwQ=
k DNSKEY 257 3 13 nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/ XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==
ds DS 12345 13 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5
x TYPE65000 \# 4 0a000001
sig RRSIG A 13 2 3600 20361124020834 20260101000000 12345 Example. AAAA
n3 NSEC3 1 1 10 AABB 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG
apl APL 1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32
svc SVCB 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 mandatory=alpn key65000="abc"
hip HIP 2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNu rvs.example.com.
ipk IPSECKEY 10 3 2 gw.example. AQNRU3mG
caa CAA 0 issue "ca.example.net"
nsec NSEC Next.Example. A NS SOA TYPE1234
eui EUI48 00-00-5e-00-53-2a
l64 L64 10 2001:0DB8:1140:1000
$GENERATE 1-3 h${0,2,x} A 10.0.0.$
cn CNAME ns1
sub NS ns.sub
ns.sub A 192.0.2.2
*.w TXT wild
"#;

const SPICE: &[&[u8]] = &[
    b"(",
    b")",
    b"\"",
    b"\\",
    b"\\#",
    b";",
    b"\n",
    b" ",
    b"$",
    b"${",
    b"@",
    b".",
    b"..",
    b"\\000",
    b"\\999",
    b"0",
    b"65535",
    b"4294967296",
    b"-",
    b"=",
    b",",
    b"TYPE0",
    b"CLASS65535",
    b"$INCLUDE",
    b"$GENERATE 1-2",
    b"IN",
    b"1w2d",
    b"\\# 65535",
    b"RRSIG",
    b"NSEC3",
    b"LOC",
    b"SVCB",
    b"APL",
    b"\t",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: fixed seed, so a failure reproduces.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if !input.is_empty() => {
                let i = at.min(input.len() - 1);
                input[i] = rng.next() as u8;
            }
            1 => {
                let s = SPICE[rng.below(SPICE.len())];
                input.splice(at..at, s.iter().copied());
            }
            2 if !input.is_empty() => {
                let end = (at + rng.below(16)).min(input.len());
                input.drain(at.min(end)..end);
            }
            3 => input.truncate(at),
            4 if !input.is_empty() => {
                let from = rng.below(input.len());
                let len = rng.below(40).min(input.len() - from);
                let chunk: Vec<u8> = input[from..from + len].to_vec();
                input.splice(at..at, chunk);
            }
            _ => input.insert(at, rng.below(256) as u8),
        }
    }
}

fn exercise(input: &[u8]) {
    let origin = Name::parse("example.", None).unwrap();
    let reader = Reader::from_bytes(input.to_vec(), "fuzz.db", Some(origin.clone()));
    let mut guard = 0;
    for item in reader {
        guard += 1;
        assert!(guard < 100_000, "reader does not advance");
        if let Ok(record) = item {
            let text = record.rdata_text();
            let again = crate::zonefile::parse_rdata(record.rtype, &text, Some(&origin))
                .unwrap_or_else(|e| panic!("{} '{text}' does not read back: {e}", record.rtype));
            assert_eq!(again, record.rdata, "{} '{text}'", record.rtype);
            let _ = writer::record_line(&record);
        }
    }
    let reader = Reader::from_bytes(input.to_vec(), "fuzz.db", Some(origin.clone()));
    if let Ok(zone) = Zone::from_reader(reader, &origin, Class::IN) {
        let mut out = Vec::new();
        write_text(&zone, &mut out).unwrap();
        let _ = zone.empty_non_terminals();
        let _: Vec<_> = zone.names().map(|n| (n.role(), n.types())).collect();
        // What we write must load again to the same number of records.
        let back = Zone::from_reader(
            Reader::from_bytes(out, "again.db", Some(origin.clone())),
            &origin,
            Class::IN,
        )
        .unwrap_or_else(|e| panic!("our own output does not load: {e}"));
        assert_eq!(back.len(), zone.len());
    }
}

#[test]
fn mutated_zone_files_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    exercise(SEED.as_bytes());
    for _ in 0..4000 {
        let mut input = SEED.as_bytes().to_vec();
        // Work on a window so the mutations hit every part of the seed.
        let start = rng.below(input.len());
        let end = (start + 64 + rng.below(400)).min(input.len());
        input = input[start..end].to_vec();
        input.splice(0..0, b"$TTL 1\n@ SOA a b 1 2 3 4 5\n".iter().copied());
        mutate(&mut rng, &mut input);
        exercise(&input);
    }
}

#[test]
fn random_rdata_wire_never_panics() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for _ in 0..20_000 {
        let rtype = crate::rr::RrType(
            [
                1u16, 2, 6, 13, 16, 29, 33, 35, 37, 42, 43, 45, 46, 47, 48, 50, 51, 55, 64, 65,
                104, 108, 256, 257,
            ][rng.below(24)],
        );
        let len = rng.below(48);
        let wire: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = rdata::to_text(rtype, &wire);
        let _ = rdata::validate(rtype, &wire);
        let mut canon = wire.clone();
        let _ = rdata::canonicalize(rtype, &mut canon);
        if rdata::validate(rtype, &wire).is_ok() {
            let origin = Name::root();
            let again =
                crate::zonefile::parse_rdata(rtype, &text, Some(&origin)).unwrap_or_else(|e| {
                    panic!("{rtype} '{text}' from valid wire does not read back: {e}")
                });
            assert_eq!(again, wire, "{rtype} '{text}'");
        }
    }
}
