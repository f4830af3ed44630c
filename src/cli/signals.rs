//! SIGTERM, SIGINT and SIGHUP: the temporary files are removed, then the tool ends as BIND's
//! would.

use super::fatal;

/// What a tool does after SIGTERM, SIGINT or SIGHUP has removed its temporary files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalExit {
    /// `prog: fatal: process aborted by user` and exit 1, as BIND's signer does
    /// (docs/bind-compat.md, "signzone: validity, limits and signals").
    Aborted,
    /// Die of the signal as if no handler were installed, as BIND's other tools do.
    AsDefault,
}

static SIGNALS: std::sync::OnceLock<()> = std::sync::OnceLock::new();

/// Installs, once per process (the first call wins), a handler for SIGTERM, SIGINT and
/// SIGHUP that removes every temporary file the process has listed in
/// `dnssec_core::temp_files` and then ends the process as `exit` says. [`run`] installs
/// [`SignalExit::AsDefault`]; signzone asks for [`SignalExit::Aborted`] first.
///
/// signal-hook's iterator delivers the signals to an ordinary thread, so the clean-up may
/// take locks, remove files and print, none of which is allowed inside a signal handler.
pub fn on_signals(exit: SignalExit) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    SIGNALS.get_or_init(|| {
        // A tool that dies of the signal keeps a disposition it inherited as "ignore"
        // (`nohup`, `&` in a script): a signal it would have ignored must not kill it now.
        // BIND's signer handles all three whatever it inherited, and so does ours.
        let ignored = ignored_signals();
        let wanted: Vec<i32> = [SIGTERM, SIGINT, SIGHUP]
            .into_iter()
            .filter(|&s| exit == SignalExit::Aborted || ignored & (1u64 << (s - 1)) == 0)
            .collect();
        let Ok(mut signals) = signal_hook::iterator::Signals::new(wanted) else {
            // Without the handler a signal kills the tool as before; not a reason to fail.
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    dnssec_core::temp_files::remove_all();
                    match exit {
                        SignalExit::Aborted => fatal("process aborted by user"),
                        SignalExit::AsDefault => {
                            let _ = signal_hook::low_level::emulate_default_handler(sig);
                            std::process::exit(128 + sig)
                        }
                    }
                }
            });
        drop(spawned);
    });
}

/// The signals this process inherited as ignored: the `SigIgn` mask of /proc/self/status
/// (bit N-1 for signal N); 0 where that cannot be read.
fn ignored_signals() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("SigIgn:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        })
        .unwrap_or(0)
}
