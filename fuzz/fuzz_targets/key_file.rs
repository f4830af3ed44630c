//! Arbitrary text read as a BIND `.key` file (`owner [ttl] [class] DNSKEY|KEY rdata`,
//! comments, parentheses) through the zone reader with no origin: never a panic.
#![no_main]

use dnssec_core::rr::rdata;
use dnssec_core::zonefile::Reader;
use dnssec_core::Ttl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = Reader::from_bytes(data.to_vec(), "Kfuzz.key", None).with_default_ttl(Ttl(0));
    for record in reader.flatten() {
        let _ = rdata::to_text(record.rtype, &record.rdata);
        let _ = rdata::validate(record.rtype, &record.rdata);
    }
});
