//! A test's own `named`: on 127.0.0.1 and a port of its own ([`super::free_port`]), its
//! configuration built from the zones it serves, started and waited for with a bounded wait,
//! asked with dig, reloaded, driven by rndc when the test wants a control channel, and killed
//! when dropped. Its log (`named.log` in its directory) is kept and shown whenever a wait
//! runs out, so a failure says what named said.

use super::{free_port, run_in, tool, Run};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long any wait on named may take before the test fails: well above what loading and
/// signing a test zone, or named's checkds round after a key manager run, take on a loaded
/// machine; well below CI's limit.
const PATIENCE: Duration = Duration::from_secs(30);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

/// The rndc key of every test named: a test's control channel listens on 127.0.0.1 only.
const RNDC_KEY: &str = "key \"rndc-key\" { algorithm hmac-sha256; \
    secret \"ZG5zc2VjLWtpdC10ZXN0LW5hbWVkLXJuZGMta2V5LTA=\"; };\n";

/// One zone named serves, as a `zone` statement.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    file: String,
    more: String,
}

impl Zone {
    /// A primary zone `name` loaded from `file` (relative to named's directory).
    pub fn primary(name: &str, file: &str) -> Zone {
        Zone {
            name: name.to_string(),
            file: file.to_string(),
            more: String::new(),
        }
    }

    /// The zone with more statements inside its block (`allow-update { 127.0.0.1; };`,
    /// `dnssec-policy "p"; inline-signing yes;`, ...).
    pub fn with(mut self, statements: &str) -> Zone {
        self.more.push_str(statements);
        self.more.push(' ');
        self
    }
}

/// What a test's named runs: its zones, top-level statements (`dnssec-policy` blocks), an
/// rndc control channel or none, and a debug level.
#[derive(Clone, Debug, Default)]
pub struct Config {
    zones: Vec<Zone>,
    top: String,
    rndc: bool,
    debug: Option<u8>,
}

impl Config {
    /// A named serving `zone` (add more with [`Config::zone`]).
    pub fn new(zone: Zone) -> Config {
        Config {
            zones: vec![zone],
            ..Config::default()
        }
    }

    /// One more zone.
    pub fn zone(mut self, zone: Zone) -> Config {
        self.zones.push(zone);
        self
    }

    /// Top-level statements before the zones (`dnssec-policy "p" { ... };`).
    pub fn top(mut self, statements: &str) -> Config {
        self.top.push_str(statements);
        self.top.push('\n');
        self
    }

    /// A control channel on a free port of 127.0.0.1, for [`Named::rndc`].
    pub fn rndc(mut self) -> Config {
        self.rndc = true;
        self
    }

    /// named's `-d` level (3 logs each checkds answer).
    pub fn debug(mut self, level: u8) -> Config {
        self.debug = Some(level);
        self
    }

    /// The named.conf text for `dir`, listening on `port`, its control channel on `control`.
    fn text(&self, dir: &Path, port: u16, control: Option<u16>) -> String {
        let d = dir.display();
        let mut conf = String::new();
        match control {
            Some(control) => conf.push_str(&format!(
                "include \"{d}/rndc.key\";\n\
                 controls {{ inet 127.0.0.1 port {control} allow {{ 127.0.0.1; }} \
                 keys {{ \"rndc-key\"; }}; }};\n"
            )),
            None => conf.push_str("controls { };\n"),
        }
        conf.push_str(&format!(
            "options {{ directory \"{d}\"; pid-file none; listen-on port {port} {{ 127.0.0.1; }};\n\
             listen-on-v6 {{ none; }}; recursion no; dnssec-validation no; notify no; }};\n"
        ));
        conf.push_str(&self.top);
        for z in &self.zones {
            conf.push_str(&format!(
                "zone \"{}\" {{ type primary; file \"{}\"; {}}};\n",
                z.name, z.file, z.more
            ));
        }
        conf
    }
}

/// A running named; killed when dropped.
pub struct Named {
    /// Behind a lock so that every method takes `&self` (a wait asks whether named exited).
    child: Mutex<Child>,
    dir: PathBuf,
    port: u16,
    control: Option<u16>,
}

impl Drop for Named {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Named {
    /// Writes `dir/named.conf` for `config` (and rndc's files when it has a control
    /// channel), starts named on it (TZ=UTC, in the foreground, one worker) and waits until
    /// it has loaded its zones and runs. Zone files are read from `dir`.
    pub fn start(dir: &Path, config: &Config) -> Named {
        let named = tool("named").expect("named: the test checks for it before starting one");
        fs::create_dir_all(dir).unwrap();
        let port = free_port();
        let control = config.rndc.then(free_port);
        if let Some(control) = control {
            fs::write(dir.join("rndc.key"), RNDC_KEY).unwrap();
            fs::write(
                dir.join("rndc.conf"),
                format!(
                    "include \"{d}/rndc.key\";\noptions {{ default-key \"rndc-key\"; \
                     default-server 127.0.0.1; default-port {control}; }};\n",
                    d = dir.display()
                ),
            )
            .unwrap();
        }
        fs::write(dir.join("named.conf"), config.text(dir, port, control)).unwrap();
        let log = fs::File::create(dir.join("named.log")).unwrap();
        let mut args = vec!["-g".to_string(), "-n".into(), "1".into()];
        if let Some(level) = config.debug {
            args.extend(["-d".into(), level.to_string()]);
        }
        args.push("-c".into());
        args.push(dir.join("named.conf").display().to_string());
        let child = Command::new(named)
            .args(&args)
            .current_dir(dir)
            .env("TZ", "UTC")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let n = Named {
            child: Mutex::new(child),
            dir: dir.to_path_buf(),
            port,
            control,
        };
        // named logs "running" once its zones are loaded (or have failed to) and it listens.
        n.wait_until("start", |n| {
            n.log().contains("\nrunning\n") || n.log().contains(" running\n")
        });
        n
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Child> {
        self.child.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// named's exit status once it has exited.
    fn exited(&self) -> Option<std::process::ExitStatus> {
        self.lock().try_wait().ok().flatten()
    }

    /// The port named listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1#PORT`, as keymgr's `-p` takes a server.
    pub fn addr(&self) -> String {
        format!("127.0.0.1#{}", self.port)
    }

    /// named's directory (its config, log and zone files).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Everything named has logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("named.log")).unwrap_or_default()
    }

    /// Polls `ok` until it holds; panics after [`PATIENCE`] (or as soon as named has exited)
    /// naming what it waited for, with named's log.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&Named) -> bool) {
        if !self.poll(ok) {
            let exited = match self.exited() {
                Some(status) => format!(" (named exited: {status})"),
                _ => String::new(),
            };
            panic!(
                "named in {} did not {what} within {PATIENCE:?}{exited}; its log {}:\n{}",
                self.dir.display(),
                self.dir.join("named.log").display(),
                self.log()
            );
        }
    }

    /// Polls `ok` for at most [`PATIENCE`], or until named has exited; whether it held.
    pub fn poll(&self, ok: impl Fn(&Named) -> bool) -> bool {
        self.poll_within(PATIENCE, ok)
    }

    /// Polls `ok` for at most `patience`, or until named has exited; whether it held. For
    /// what named does in the background at its own pace (re-signing after an update),
    /// which a loaded machine can stretch past [`PATIENCE`].
    pub fn poll_within(&self, patience: Duration, ok: impl Fn(&Named) -> bool) -> bool {
        let end = Instant::now() + patience;
        loop {
            if ok(self) {
                return true;
            }
            if Instant::now() > end || self.exited().is_some() {
                return false;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until named has logged `what` at least `count` times.
    pub fn wait_log(&self, what: &str, count: usize) {
        self.wait_until(&format!("log '{what}' {count} times"), |n| {
            n.log().matches(what).count() >= count
        });
    }

    /// Waits until named serves `zone` with SOA serial `serial`.
    pub fn wait_serial(&self, zone: &str, serial: u32) {
        let want = serial.to_string();
        self.wait_until(&format!("serve {zone} SOA serial {serial}"), |n| {
            n.dig(&["+short", zone, "SOA"]).split_whitespace().nth(2) == Some(want.as_str())
        });
    }

    /// dig at this named (no recursion, one try), `args` after the server options; stdout.
    pub fn dig(&self, args: &[&str]) -> String {
        let dig = tool("dig").expect("dig: the test checks for it before starting named");
        let port = self.port.to_string();
        let mut all = vec!["@127.0.0.1", "-p", &port, "+norec", "+time=2", "+tries=1"];
        all.extend_from_slice(args);
        run_in(&self.dir, dig, &all).stdout
    }

    /// Makes named read its zone files again (SIGHUP, as `rndc reload` without a channel).
    pub fn reload(&self) {
        let pid = self.lock().id().to_string();
        let r = run_in(&self.dir, "kill", &["-HUP", &pid]);
        assert_eq!(r.code, 0, "kill -HUP named: {r:?}");
    }

    /// rndc with this named's control channel; the run, whatever its exit code.
    pub fn rndc(&self, args: &[&str]) -> Run {
        assert!(
            self.control.is_some(),
            "this named has no control channel (Config::rndc)"
        );
        let rndc = tool("rndc").expect("rndc: the test checks for it before starting named");
        let conf = self.dir.join("rndc.conf");
        let mut all = vec!["-c", conf.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(&self.dir, rndc, &all)
    }
}

/// The harness itself: a named serves, reloads and stops; one that cannot start fails the
/// test at once with its log.
#[test]
fn named_serves_reloads_and_stops() {
    if super::tools(["named", "dig"]).is_none() {
        return;
    }
    let dir = super::scratch();
    let zone = |serial: u32| {
        format!("$TTL 300\n@ SOA ns.example. root.example. {serial} 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n")
    };
    fs::write(dir.path().join("example.db"), zone(1)).unwrap();
    let named = Named::start(
        dir.path(),
        &Config::new(Zone::primary("example", "example.db")),
    );
    named.wait_serial("example", 1);
    fs::write(dir.path().join("example.db"), zone(2)).unwrap();
    named.reload();
    named.wait_serial("example", 2);
    let port = named.port();
    drop(named);
    // Stopped: the port is free again (named held it for UDP and TCP).
    assert!(std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok());
    assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
}

#[test]
fn a_named_that_cannot_start_fails_with_its_log() {
    if tool("named").is_none() {
        return;
    }
    let dir = super::scratch();
    let config = Config::new(Zone::primary("example", "example.db").with("no-such-option yes;"));
    let failed = std::panic::catch_unwind(|| Named::start(dir.path(), &config))
        .err()
        .expect("named started with an unknown option");
    let message = failed.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("did not start"), "{message}");
    assert!(message.contains("(named exited: "), "{message}");
    assert!(message.contains("named.log"), "{message}");
    assert!(
        message.contains("unknown option 'no-such-option'"),
        "{message}"
    );
}
