//! Progress on a terminal for the long tools (signzone, verify; docs/bind-compat.md,
//! "signzone: operator experience", "Progress"): one line on stderr, redrawn in place
//! (`prog: signing: 45% (450000 of 1000000 names, 51234/s)`), only when stderr is a terminal
//! and only once the run has lasted `DNSSEC_KIT_PROGRESS_AFTER_MS` milliseconds (1000 unless
//! set). In a pipe nothing is drawn and stderr stays byte for byte what it was.
//!
//! The work only adds to an atomic counter (a chunk or batch at a time); a thread of its own
//! reads it four times a second and draws. Every other stderr line first wipes the drawn
//! line (see [`wipe_for_message`]), so messages are never spliced into it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The environment variable that sets how long a run goes before progress shows.
pub const PROGRESS_AFTER_ENV: &str = "DNSSEC_KIT_PROGRESS_AFTER_MS";

const DEFAULT_AFTER: Duration = Duration::from_millis(1000);
const TICK: Duration = Duration::from_millis(250);

/// True while a progress line is on the terminal, not yet wiped.
static DRAWN: AtomicBool = AtomicBool::new(false);

/// Called (with stderr locked) before any other stderr text: wipes a drawn progress line so
/// the message starts at the left margin; the next tick draws it again below.
pub(super) fn wipe_for_message(err: &mut impl Write) {
    if DRAWN.swap(false, Ordering::SeqCst) {
        let _ = err.write_all(b"\r\x1b[K");
    }
}

/// Wipes a drawn progress line before text on standard output, which may share the
/// terminal.
pub fn wipe_progress() {
    let mut err = std::io::stderr().lock();
    wipe_for_message(&mut err);
    let _ = err.flush();
}

/// What the run is doing now.
struct Phase {
    label: &'static str,
    /// Units of work in the phase, when known (percent is shown then).
    total: Option<u64>,
    /// What a unit is (`names`, `records`).
    unit: &'static str,
    started: Instant,
    /// The counter's value when the phase began.
    base: u64,
}

struct Shared {
    program: String,
    /// When the run began, and how long it goes before anything is drawn.
    begun: Instant,
    after: Duration,
    phase: Mutex<Option<Phase>>,
    done: Arc<AtomicU64>,
}

/// The progress of one run; a no-op unless stderr is a terminal.
pub struct Progress {
    done: Arc<AtomicU64>,
    live: Option<(Arc<Shared>, mpsc::Sender<()>, JoinHandle<()>)>,
}

impl Progress {
    /// Starts the progress of this run (the clock starts now).
    pub fn start() -> Progress {
        let program = super::parse::program();
        let done = Arc::new(AtomicU64::new(0));
        if !std::io::stderr().is_terminal() {
            return Progress { done, live: None };
        }
        let after = std::env::var(PROGRESS_AFTER_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_AFTER, Duration::from_millis);
        let shared = Arc::new(Shared {
            program: program.to_string(),
            begun: Instant::now(),
            after,
            phase: Mutex::new(None),
            done: done.clone(),
        });
        let (stop, stopped) = mpsc::channel::<()>();
        let worker = shared.clone();
        let ticker = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || loop {
                match stopped.recv_timeout(TICK) {
                    Err(RecvTimeoutError::Timeout) if worker.due() => worker.draw(),
                    Err(RecvTimeoutError::Timeout) => {}
                    _ => break,
                }
            });
        match ticker {
            Ok(handle) => Progress {
                done,
                live: Some((shared, stop, handle)),
            },
            // Without a thread there is no progress, and nothing else changes.
            Err(_) => Progress { done, live: None },
        }
    }

    /// Begins a phase: `total` units of `unit` (percent shown), or an unknown amount.
    pub fn phase(&self, label: &'static str, total: Option<u64>, unit: &'static str) {
        if let Some((shared, _, _)) = &self.live {
            let mut p = shared.phase.lock().unwrap_or_else(|e| e.into_inner());
            *p = Some(Phase {
                label,
                total,
                unit,
                started: Instant::now(),
                base: self.done.load(Ordering::Relaxed),
            });
            drop(p);
            // A phase shows at once when the run is already long (so even a short phase
            // of a long run is seen).
            if shared.due() {
                shared.draw();
            }
        }
    }

    /// Between phases: nothing is drawn (the tool prints its own lines then).
    pub fn idle(&self) {
        if let Some((shared, _, _)) = &self.live {
            *shared.phase.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        wipe_progress();
    }

    /// The counter the work adds its finished units to.
    pub fn counter(&self) -> &AtomicU64 {
        &self.done
    }

    /// Stops drawing and wipes the line (also when dropped).
    pub fn finish(&mut self) {
        if let Some((_, stop, handle)) = self.live.take() {
            let _ = stop.send(());
            let _ = handle.join();
            let mut err = std::io::stderr().lock();
            wipe_for_message(&mut err);
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Shared {
    fn due(&self) -> bool {
        self.begun.elapsed() >= self.after
    }

    fn draw(&self) {
        let line = {
            let p = self.phase.lock().unwrap_or_else(|e| e.into_inner());
            let Some(phase) = p.as_ref() else {
                return;
            };
            let done = self.done.load(Ordering::Relaxed).saturating_sub(phase.base);
            render(&self.program, phase, done)
        };
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(format!("\r{line}\x1b[K").as_bytes());
        let _ = err.flush();
        DRAWN.store(true, Ordering::SeqCst);
    }
}

/// `prog: label: P% (D of T unit, R/s)`, or without a total `prog: label: D unit, R/s`; a
/// phase with no counted work shows its elapsed seconds.
fn render(program: &str, phase: &Phase, done: u64) -> String {
    let secs = phase.started.elapsed().as_secs_f64();
    if done == 0 && phase.total.is_none() {
        return format!("{program}: {}: {:.0} s", phase.label, secs);
    }
    let rate = if secs > 0.0 {
        (done as f64 / secs) as u64
    } else {
        0
    };
    match phase.total {
        Some(total) if total > 0 => {
            let pct = (done.min(total) * 100) / total;
            format!(
                "{program}: {}: {pct}% ({done} of {total} {}, {rate}/s)",
                phase.label, phase.unit
            )
        }
        _ => format!(
            "{program}: {}: {done} {}, {rate}/s",
            phase.label, phase.unit
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(total: Option<u64>) -> Phase {
        Phase {
            label: "signing",
            total,
            unit: "names",
            started: Instant::now() - Duration::from_secs(2),
            base: 0,
        }
    }

    #[test]
    fn the_line_shows_phase_percent_and_rate() {
        let line = render("signzone", &phase(Some(1000)), 450);
        assert!(
            line.starts_with("signzone: signing: 45% (450 of 1000 names, "),
            "{line}"
        );
        assert!(line.ends_with("/s)"), "{line}");
        let open = render("signzone", &phase(None), 300);
        assert!(open.starts_with("signzone: signing: 300 names, "), "{open}");
        let idle = render("verify", &phase(None), 0);
        assert_eq!(idle, "verify: signing: 2 s");
        // More done than announced never shows over 100%.
        assert!(render("signzone", &phase(Some(10)), 20).contains(": 100% ("));
    }
}
