//! Arbitrary bytes through the raw zone reader and loader: any input must give a zone or an
//! error, never a panic, and a zone that loads must survive a write and a second read
//! unchanged (same header, same records).
#![no_main]

use dnssec_core::zonefile::raw::{self, RawReader};
use dnssec_core::zonefile::writer;
use dnssec_core::{Class, Name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let origin = Name::parse("fuzz.example.", None).unwrap();
    if let Ok(reader) = RawReader::new(data, "fuzz.raw") {
        for set in reader.flatten() {
            assert!(set.len() > 0);
            assert_eq!(set.rdatas().count() as u32, set.len());
            let _ = set.owner_name();
        }
    }
    let Ok(loaded) = raw::load_zone_bytes(data, "fuzz.raw", &origin, Class::IN) else {
        return;
    };
    let mut text = Vec::new();
    writer::write_zone(&loaded.zone, &mut text).unwrap();
    let mut again = Vec::new();
    raw::write::write_zone(&loaded.zone, &loaded.header, &mut again).unwrap();
    let reloaded = raw::load_zone_bytes(&again, "again.raw", &origin, Class::IN)
        .unwrap_or_else(|e| panic!("our own raw output does not load: {e}"));
    assert_eq!(reloaded.header, loaded.header);
    let mut text_again = Vec::new();
    writer::write_zone(&reloaded.zone, &mut text_again).unwrap();
    assert_eq!(text, text_again);
});
