//! Arbitrary zone text through the whole-zone verifier (what `verify` and `signzone -a`
//! run): any zone, however its keys, signatures and chains are damaged, must give a report,
//! never a panic. Seeded with small signed zones, the mutations reach the key analysis,
//! every RRSIG check, the NSEC and NSEC3 chain checks and the report text.
#![no_main]

use dnssec_core::rr::SigTime;
use dnssec_core::validate::{check_zone, CheckOptions};
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::Reader;
use dnssec_core::{Class, Name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(origin) = Name::parse("example.com.", None) else {
        return;
    };
    let reader = Reader::from_bytes(data.to_vec(), "fuzz.db", Some(origin.clone()));
    let Ok(zone) = Zone::from_reader(reader, &origin, Class::IN) else {
        return;
    };
    // A fixed time inside the seeds' validity windows, and one outside them.
    for now in [SigTime(1_800_000_000), SigTime(0)] {
        for options in [CheckOptions::crypto(now), CheckOptions::structural(Some(now))] {
            let report = check_zone(&zone, &options);
            let _ = report.first_problem();
            let _ = report.verifying_block();
            let _ = report.outcome_block();
            let _ = report.summary_block();
        }
    }
});
