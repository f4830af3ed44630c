//! Arbitrary bytes through the zone reader, the compact zone, the writer and the rdata
//! printer: any input must give records or errors, never a panic, and what we print for a
//! record must read back to the same wire form.
#![no_main]

use dnssec_core::zone::Zone;
use dnssec_core::zonefile::{self, writer, Reader};
use dnssec_core::{Class, Name};
use libfuzzer_sys::fuzz_target;

/// The most records one `$GENERATE` may make here: a fuzzer finds `$GENERATE 0-99999999`
/// quickly, and expanding it would make each such run take seconds without testing more.
const GENERATE_LIMIT: u64 = 256;

fuzz_target!(|data: &[u8]| {
    let origin = Name::parse("fuzz.example.", None).unwrap();
    let mut reader = Reader::from_bytes(data.to_vec(), "fuzz.db", Some(origin.clone()))
        .with_generate_limit(GENERATE_LIMIT);
    while let Some(item) = reader.next() {
        if let Ok(record) = item {
            let text = record.rdata_text();
            if let Ok(again) = zonefile::parse_rdata(record.rtype, &text, Some(&origin)) {
                assert_eq!(again, record.rdata, "{} {text}", record.rtype);
            }
            let _ = writer::record_line(&record);
        }
    }
    let reader = Reader::from_bytes(data.to_vec(), "fuzz.db", Some(origin.clone()))
        .with_generate_limit(GENERATE_LIMIT);
    if let Ok(zone) = Zone::from_reader(reader, &origin, Class::IN) {
        let mut out = Vec::new();
        let _ = dnssec_core::zone::write_text(&zone, &mut out);
        let _ = zone.empty_non_terminals();
        let _ = dnssec_core::dnssec::chain_names(&zone);
    }
});
