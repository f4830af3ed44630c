//! What signzone prints besides the zone (docs/bind-compat.md,
//! "signzone: run, report and statistics", "Report"): key messages, the completeness summary,
//! the output file name last, and `-t` statistics. Everything goes to stdout, or to stderr when
//! the zone itself is on stdout (`-f -`).

use std::io::Write;
use std::time::Duration;

use dnssec_core::sign::Counts;

use super::check::{Failure, Summary};

/// `Verifying the zone using the following algorithms:` and a `- NAME` line per algorithm.
fn verifying_block(algorithms: &[dnssec_core::Algorithm]) -> String {
    let mut out = String::from("Verifying the zone using the following algorithms:\n");
    for a in algorithms {
        out.push_str(&format!("- {a}\n"));
    }
    out
}

pub struct Report {
    to_stderr: bool,
    quiet: bool,
}

impl Report {
    pub fn new(to_stderr: bool, quiet: bool) -> Report {
        Report { to_stderr, quiet }
    }

    fn emit(&self, text: &str) {
        crate::cli::wipe_progress();
        if self.to_stderr {
            let _ = std::io::stderr().write_all(text.as_bytes());
        } else {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }

    /// A key message (`Fetching …`, `Removing …`); not shown with `-q`.
    pub fn line(&mut self, text: String) {
        if !self.quiet {
            // Key messages quote file names: escaped like every other diagnostic line.
            self.emit(&format!("{}\n", crate::cli::escape(&text)));
        }
    }

    /// The `Verifying …` / `Zone fully signed:` block.
    pub fn verified(&mut self, s: &Summary) {
        if self.quiet || s.skipped {
            return;
        }
        let mut out = verifying_block(&s.verified);
        out.push_str("Zone fully signed:\n");
        let standby = if s.ksk_only { "present" } else { "stand-by" };
        for a in &s.algorithms {
            let head = format!("Algorithm: {}: ", a.algorithm);
            out.push_str(&format!(
                "{head}KSKs: {} active, {} stand-by, {} revoked\n",
                a.ksk_active, a.ksk_standby, a.ksk_revoked
            ));
            out.push_str(&format!(
                "{:width$}ZSKs: {} active, {} {standby}, {} revoked\n",
                "",
                a.zsk_active,
                a.zsk_standby,
                a.zsk_revoked,
                width = head.len()
            ));
        }
        self.emit(&out);
    }

    /// `Zone verification failed (failure)` with the details on stderr.
    pub fn failed(&mut self, f: &Failure) {
        for d in &f.details {
            crate::cli::block(&d.to_string());
        }
        if !f.verifying.is_empty() && !self.quiet {
            let mut out = verifying_block(&f.verifying);
            if !f.incomplete.is_empty() {
                out.push_str("The zone is not fully signed for the following algorithms:\n");
                for a in &f.incomplete {
                    out.push_str(&format!(" {a}\n"));
                }
                out.push_str(".\nDNSSEC completeness test failed.\n");
            }
            self.emit(&out);
        }
        self.emit(&format!("Zone verification failed ({})\n", f.reason));
    }

    /// The output file name, last (docs/bind-compat.md, "signzone: run, report and statistics").
    /// The name is printed as its bytes, as BIND prints it, with control characters escaped.
    pub fn done(&mut self, path: &std::ffi::OsStr) {
        if !self.to_stderr {
            let mut line = crate::cli::escape_bytes(std::os::unix::ffi::OsStrExt::as_bytes(path));
            line.push(b'\n');
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&line);
            let _ = out.flush();
        }
    }

    /// `-t` (docs/bind-compat.md, "signzone: run, report and statistics"): counts with `%10u`,
    /// times with `%7u.%03u`.
    pub fn stats(&mut self, c: &Counts, signing: Duration, total: Duration) {
        let secs = |d: Duration| format!("{:7}.{:03}", d.as_secs(), d.subsec_millis());
        let rate = if signing.as_secs_f64() > 0.0 {
            c.generated as f64 / signing.as_secs_f64()
        } else {
            0.0
        };
        let rate_whole = rate.trunc() as u64;
        let rate_frac = ((rate - rate.trunc()) * 1000.0) as u64;
        let count = |label: &str, n: u64| format!("{label:<36}{n:10}\n");
        let time = |label: &str, t: String| format!("{label:<35}{t}\n");
        let text = [
            count("Signatures generated:", c.generated),
            count("Signatures retained:", c.retained),
            count("Signatures dropped:", c.dropped),
            count("Signatures successfully verified:", c.verified),
            count("Signatures unsuccessfully verified:", c.failed),
            time("Signing time in seconds:", secs(signing)),
            time(
                "Signatures per second:",
                format!("{rate_whole:7}.{rate_frac:03}"),
            ),
            time("Runtime in seconds:", secs(total)),
        ]
        .concat();
        self.emit(&text);
    }

    pub fn flush(&mut self) {
        let _ = std::io::stdout().flush();
    }
}
