//! Arbitrary bytes through the raw zone reader and loader: any input must give a zone or an
//! error, never a panic, and a zone that loads must survive a write and a second read
//! unchanged (same header, same records).
#![no_main]

use dnssec_core::zone::{load_raw_bytes, write_raw, write_text};
use dnssec_core::zonefile::raw::RawReader;
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
    let Ok(loaded) = load_raw_bytes(data, "fuzz.raw", &origin, Class::IN) else {
        return;
    };
    let mut text = Vec::new();
    write_text(&loaded.zone, &mut text).unwrap();
    let mut again = Vec::new();
    write_raw(&loaded.zone, &loaded.header, &mut again).unwrap();
    let reloaded = load_raw_bytes(&again, "again.raw", &origin, Class::IN)
        .unwrap_or_else(|e| panic!("our own raw output does not load: {e}"));
    assert_eq!(reloaded.header, loaded.header);
    let mut text_again = Vec::new();
    write_text(&reloaded.zone, &mut text_again).unwrap();
    assert_eq!(text, text_again);
});
