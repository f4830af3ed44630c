//! Benchmark and round-trip helper: loads a zone file into the compact zone (RFC 4034
//! section 6 canonical order) and prints its size, or with `-D` writes it back in the
//! one-record-per-line form of `named-checkzone -D`.
//!
//! Usage: `read_zone [-D] ORIGIN FILE`

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use dnssec_core::zone::write_text;
use dnssec_core::zone::Zone;
use dnssec_core::{Class, Name};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dump, rest) = match args.first().map(String::as_str) {
        Some("-D") => (true, &args[1..]),
        _ => (false, &args[..]),
    };
    let [origin, file] = rest else {
        eprintln!("usage: read_zone [-D] ORIGIN FILE");
        return ExitCode::from(2);
    };
    let origin = match Name::parse(origin, Some(&Name::root())) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("read_zone: bad origin '{origin}': {e}");
            return ExitCode::from(1);
        }
    };
    let start = Instant::now();
    let zone = match Zone::from_path(file, &origin, Class::IN) {
        Ok(z) => z,
        Err(e) => {
            eprintln!("read_zone: {e}");
            return ExitCode::from(1);
        }
    };
    for w in zone.warnings() {
        eprintln!("read_zone: warning: {w}");
    }
    if dump {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        if write_text(&zone, &mut out)
            .and_then(|_| out.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
    } else {
        eprintln!(
            "read_zone: {} records, {} names, {} bytes held, loaded and sorted in {:.3}s",
            zone.len(),
            zone.names().count(),
            zone.memory_bytes(),
            start.elapsed().as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}
