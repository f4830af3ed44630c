//! Calibration for bench/sign.sh: how many signatures per second one core makes with the
//! kit's crypto backend (times the core count, the floor no signer can beat). Measured on one
//! thread so that other load on a shared machine does not halve it. Prints one number.
//!
//! Usage: `cargo run --release -p dnssec-core --example sign_rate [ALGORITHM] [SECONDS]`

use std::time::{Duration, Instant};

use dnssec_core::crypto::PrivateKey;
use dnssec_core::Algorithm;

fn main() {
    let mut args = std::env::args().skip(1);
    let algorithm = args
        .next()
        .and_then(|a| Algorithm::from_text(&a))
        .unwrap_or(Algorithm::ECDSAP256SHA256);
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let Ok(key) = PrivateKey::generate(algorithm, None) else {
        eprintln!("cannot make a {algorithm} key");
        std::process::exit(1);
    };
    // A typical signed-data size: RRSIG fields plus a small RRset.
    let data = [0x5au8; 120];
    let deadline = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut total = 0u64;
    while start.elapsed() < deadline {
        for _ in 0..64 {
            if key.sign(&data).is_ok() {
                total += 1;
            }
        }
    }
    println!("{:.0}", total as f64 / start.elapsed().as_secs_f64());
}
