//! Arguments as bytes and messages that cannot be forged (docs/bind-compat.md, "command
//! line: arguments and messages"). Every tool gets file names and zone names that are not
//! UTF-8 (byte 0xe9), and each run is compared with BIND's tool on the same input: exit
//! status, files written and, where the output is deterministic, the output bytes.
use crate::support;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One finished command, both streams as bytes (they may hold the raw names).
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Out {
    fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    fn ok(self) -> Out {
        assert_eq!(self.code, 0, "failed: {}", self.stderr_text());
        self
    }
}

fn run(dir: &Path, prog: impl AsRef<OsStr>, args: &[&[u8]]) -> Out {
    let out = Command::new(prog)
        .args(args.iter().map(|a| OsStr::from_bytes(a)))
        .current_dir(dir)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .expect("spawn");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

fn bind(name: &str) -> Option<PathBuf> {
    support::tool(&format!("dnssec-{name}"))
}

fn path(dir: &Path, rel: &[u8]) -> PathBuf {
    dir.join(OsStr::from_bytes(rel))
}

/// The zone `z\233.` (owner octet 0xe9) in `in\xe9.zone`, its KSK and ZSK in `k\xe9/`, and an
/// empty `d\xe9/` for the dsset: everything named with a byte that is not UTF-8.
const ZONE_NAME: &[u8] = b"z\xe9.";
const ZONE_FILE: &[u8] = b"in\xe9.zone";
const KEY_DIR: &[u8] = b"k\xe9";
const DS_DIR: &[u8] = b"d\xe9";

struct Fixture {
    dir: tempfile::TempDir,
    ksk: Vec<u8>,
}

fn fixture(keygen: &Path) -> Fixture {
    let dir = support::scratch();
    std::fs::create_dir(path(dir.path(), KEY_DIR)).unwrap();
    std::fs::create_dir(path(dir.path(), DS_DIR)).unwrap();
    std::fs::write(
        path(dir.path(), ZONE_FILE),
        "z\\233.\t300 IN SOA a. b. 1 2 3 4 5\nz\\233. 300 IN NS a.\n",
    )
    .unwrap();
    let gen = |extra: &[&[u8]]| {
        let mut args: Vec<&[u8]> = vec![b"-q", b"-a", b"13", b"-K", KEY_DIR];
        args.extend_from_slice(extra);
        args.push(ZONE_NAME);
        let out = run(dir.path(), keygen, &args).ok();
        out.stdout.trim_ascii_end().to_vec()
    };
    gen(&[]);
    let ksk = gen(&[b"-f", b"KSK"]);
    Fixture { dir, ksk }
}

/// A copy of the fixture directory, so that ours and BIND's tool write apart.
fn copy_of(src: &Path) -> tempfile::TempDir {
    let dst = support::scratch();
    let status = Command::new("cp")
        .arg("-a")
        .arg(src.join("."))
        .arg(dst.path())
        .status()
        .unwrap();
    assert!(status.success());
    dst
}

fn key_owner_line(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| !l.starts_with(';')).unwrap();
    line.split(" IN ").next().unwrap().to_string()
}

#[test]
fn keygen_builds_the_owner_from_the_bytes_as_bind_does() {
    let Some(theirs) = bind("keygen") else { return };
    for prog in [support::ours("keygen"), theirs] {
        let dir = support::scratch();
        std::fs::create_dir(path(dir.path(), b"keys\xe9")).unwrap();
        let out = run(
            dir.path(),
            &prog,
            &[b"-q", b"-a", b"13", b"-K", b"keys\xe9", b"t\xe9st.example"],
        )
        .ok();
        let base = String::from_utf8(out.stdout.trim_ascii_end().to_vec()).unwrap();
        // BIND's file name escapes the octet as %E9; the record shows it as \233.
        assert!(
            base.starts_with("Kt%E9st.example.+013+"),
            "{prog:?}: {base}"
        );
        let key = path(dir.path(), b"keys\xe9").join(format!("{base}.key"));
        assert_eq!(key_owner_line(&key), "t\\233st.example.", "{prog:?}");
        assert!(key.with_extension("private").exists(), "{prog:?}");
    }
}

#[test]
fn signzone_and_verify_take_file_and_zone_names_as_bytes() {
    let Some([keygen, signzone, verify]) =
        support::tools(["dnssec-keygen", "dnssec-signzone", "dnssec-verify"])
    else {
        return;
    };
    let fx = fixture(&keygen);
    let sign = |prog: &Path, dir: &Path| {
        run(
            dir,
            prog,
            &[
                b"-S", b"-K", KEY_DIR, b"-d", DS_DIR, b"-o", ZONE_NAME, b"-f", b"out\xe9",
                ZONE_FILE,
            ],
        )
        .ok()
    };
    let ours_dir = copy_of(fx.dir.path());
    let ours = sign(&support::ours("signzone"), ours_dir.path());
    let theirs = sign(&signzone, fx.dir.path());
    // The report ends with the output file name, printed as the bytes given.
    assert!(ours.stdout.ends_with(b"\nout\xe9\n"), "{:?}", ours);
    assert!(theirs.stdout.ends_with(b"\nout\xe9\n"));
    for dir in [ours_dir.path(), fx.dir.path()] {
        let signed = std::fs::read_to_string(path(dir, b"out\xe9")).unwrap();
        assert!(signed.contains("z\\233.\t\t\t300\tIN SOA"), "{signed}");
        assert!(path(dir, DS_DIR).join("dsset-z%E9.").exists());
    }
    // Both verifiers on BIND's signed zone: the same report, byte for byte.
    let check = |prog: &Path| run(fx.dir.path(), prog, &[b"-o", ZONE_NAME, b"out\xe9"]);
    let (a, b) = (check(&support::ours("verify")), check(&verify));
    assert_eq!((a.code, b.code), (0, 0), "{a:?}\n{b:?}");
    assert_eq!(a.stdout, b.stdout);
    assert!(a
        .stdout
        .starts_with(b"Loading zone 'z\xe9.' from file 'out\xe9'\n\n"));
    // And ours on our own output.
    let own = run(
        ours_dir.path(),
        support::ours("verify"),
        &[b"-o", ZONE_NAME, b"out\xe9"],
    );
    assert_eq!(own.code, 0, "{own:?}");
}

#[test]
fn key_tools_find_keys_in_directories_named_with_any_bytes() {
    let Some([keygen, dsfromkey, settime, revoke, importkey]) = support::tools([
        "dnssec-keygen",
        "dnssec-dsfromkey",
        "dnssec-settime",
        "dnssec-revoke",
        "dnssec-importkey",
    ]) else {
        return;
    };
    let fx = fixture(&keygen);
    let mut key_arg = KEY_DIR.to_vec();
    key_arg.push(b'/');
    key_arg.extend_from_slice(&fx.ksk);
    let key_arg = key_arg.as_slice();
    let both = |ours: &str, theirs: &Path, args: &[&[u8]]| {
        let (a_dir, b_dir) = (copy_of(fx.dir.path()), copy_of(fx.dir.path()));
        let a = run(a_dir.path(), support::ours(ours), args);
        let b = run(b_dir.path(), theirs, args);
        assert_eq!(a.code, b.code, "{ours} {args:?}\nours: {a:?}\nBIND: {b:?}");
        assert_eq!(a.code, 0, "{ours}: {}", a.stderr_text());
        assert_eq!(a.stdout, b.stdout, "{ours} {args:?}");
        (a, a_dir, b_dir)
    };
    // dsfromkey: the DS of a key file in that directory, and of the keys in a zone file.
    let (ds, ..) = both("dsfromkey", &dsfromkey, &[key_arg]);
    assert!(ds.stdout.starts_with(b"z\\233. IN DS "), "{ds:?}");
    let mut zone = std::fs::read(path(fx.dir.path(), ZONE_FILE)).unwrap();
    for entry in std::fs::read_dir(path(fx.dir.path(), KEY_DIR)).unwrap() {
        let p = entry.unwrap().path();
        if p.extension() == Some(OsStr::new("key")) {
            zone.extend(std::fs::read(p).unwrap());
        }
    }
    std::fs::write(path(fx.dir.path(), b"keys\xe9.zone"), zone).unwrap();
    both(
        "dsfromkey",
        &dsfromkey,
        &[b"-f", b"keys\xe9.zone", ZONE_NAME],
    );
    // settime: a time set through -K and read back.
    let mut base = fx.ksk.clone();
    base.extend_from_slice(b".key");
    let (_, a_dir, b_dir) = both(
        "settime",
        &settime,
        &[b"-K", KEY_DIR, b"-P", b"20300101000000", &fx.ksk],
    );
    let read_back =
        |dir: &Path, prog: &Path| run(dir, prog, &[b"-K", KEY_DIR, b"-p", b"P", &fx.ksk]).ok();
    let a = read_back(a_dir.path(), &support::ours("settime"));
    let b = read_back(b_dir.path(), &settime);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout, b"Publish: Tue Jan  1 00:00:00 2030\n");
    // revoke: prints the new key's path, directory bytes as given.
    let (rev, ..) = both("revoke", &revoke, &[key_arg]);
    assert!(rev.stdout.starts_with(b"k\xe9/Kz%E9.+013+"), "{rev:?}");
    // importkey: reads a file and writes into a directory, both named with 0xe9.
    let mut import = vec![b"-K".as_slice(), b"imp\xe9", b"-f"];
    let mut key_file = key_arg.to_vec();
    key_file.extend_from_slice(b".key");
    import.push(&key_file);
    import.push(ZONE_NAME);
    std::fs::create_dir(path(fx.dir.path(), b"imp\xe9")).unwrap();
    let (imp, a_dir, _) = both("importkey", &importkey, &import);
    assert!(imp.stdout.starts_with(b"imp\xe9/Kz%E9.+013+"), "{imp:?}");
    let written = std::fs::read_dir(path(a_dir.path(), b"imp\xe9"))
        .unwrap()
        .count();
    assert_eq!(written, 2);
}

#[test]
fn cds_reads_its_files_by_their_bytes() {
    let Some([keygen, signzone, cds]) =
        support::tools(["dnssec-keygen", "dnssec-signzone", "dnssec-cds"])
    else {
        return;
    };
    let fx = fixture(&keygen);
    run(
        fx.dir.path(),
        &signzone,
        &[
            b"-S", b"-K", KEY_DIR, b"-d", DS_DIR, b"-o", ZONE_NAME, b"-f", b"out\xe9", ZONE_FILE,
        ],
    )
    .ok();
    // Both tools open both files (the dsset through the directory) and reach the same
    // verdict: the child publishes no CDS, so its DNSKEY set cannot be validated.
    let args: &[&[u8]] = &[b"-d", DS_DIR, b"-f", b"out\xe9", ZONE_NAME];
    let a = run(fx.dir.path(), support::ours("cds"), args);
    let b = run(fx.dir.path(), &cds, args);
    assert_eq!(
        (a.code, a.stdout.len()),
        (b.code, b.stdout.len()),
        "{a:?}\n{b:?}"
    );
    assert!(
        a.stderr_text()
            .contains("could not validate child DNSKEY RRset"),
        "{a:?}"
    );
    // A missing dsset in that directory: named with the byte shown as \233.
    let args: &[&[u8]] = &[b"-d", b"d\xe9/nope", b"-f", b"out\xe9", ZONE_NAME];
    let a = run(fx.dir.path(), support::ours("cds"), args);
    let b = run(fx.dir.path(), &cds, args);
    assert_eq!((a.code, b.code), (1, 1));
    assert_eq!(
        a.stderr_text(),
        "cds: fatal: could not get modification time of d\\233/nope: file not found\n"
    );
    assert_eq!(
        b.stderr,
        b"dnssec-cds: fatal: could not get modification time of d\xe9/nope: file not found\n"
    );
}

/// Every tool, fed bytes that are not UTF-8 where BIND expects text, a name or a file:
/// never a panic, the exit status BIND gives, and no raw control character or stray byte in
/// a message.
#[test]
fn every_tool_survives_stray_bytes_with_bind_exit_status() {
    let cases: &[(&str, &[&[u8]])] = &[
        ("keygen", &[b"-\xe9"]),
        ("keygen", &[b"-a", b"\xe9", b"x."]),
        ("keygen", &[b"-v", b"\xe9", b"x."]),
        ("keygen", &[b"-K", b"/nonexistent\xe9", b"x."]),
        ("keygen", &[b"-a", b"13", b"a\\"]),
        ("settime", &[b"-P", b"\xe9", b"Kx.+013+00001"]),
        ("settime", &[b"K\xe9.+013+00001"]),
        ("dsfromkey", &[b"K\xe9.+013+00001"]),
        ("dsfromkey", &[b"-a", b"\xe9", b"Kx.+013+00001"]),
        ("dsfromkey", &[b"-f", b"nofile\xe9", b"x."]),
        ("importkey", &[b"-f", b"nofile\xe9", b"x\xe9."]),
        ("importkey", &[b"K\xe9.+013+00001"]),
        ("revoke", &[b"K\xe9.+013+00001"]),
        ("revoke", &[b"-\xe9"]),
        // A repeated flag is fine for getopt (clap refused it before).
        ("revoke", &[b"-f", b"-f", b"K\xe9.+013+00001"]),
        (
            "settime",
            &[b"-f", b"-f", b"-u", b"-u", b"K\xe9.+013+00001"],
        ),
        ("cds", &[b"-d", b"nofile\xe9", b"-f", b"x", b"x\xe9."]),
        ("cds", &[b"-\xe9"]),
        ("signzone", &[b"nofile\xe9"]),
        ("signzone", &[b"-o", b"x\xe9.", b"nofile"]),
        ("signzone", &[b"-\xe9", b"x"]),
        ("signzone", &[b"-A", b"-f", b"o\xe9", b"nofile\xe9"]),
        ("verify", &[b"nofile\xe9"]),
        ("verify", &[b"-o", b"x\xe9.", b"nofile"]),
        ("verify", &[b"-I", b"\xe9", b"nofile"]),
    ];
    for (tool, args) in cases {
        let Some(theirs) = bind(tool) else { return };
        let dir = support::scratch();
        let ours = run(dir.path(), support::ours(tool), args);
        let bind = run(dir.path(), &theirs, args);
        assert_ne!(ours.code, 101, "{tool} {args:?} panicked: {ours:?}");
        assert_eq!(
            ours.code, bind.code,
            "{tool} {args:?}\nours: {ours:?}\nBIND: {bind:?}"
        );
        // Messages are text: the stray byte shows as \233, never raw.
        let text = std::str::from_utf8(&ours.stderr).expect("stderr is UTF-8");
        assert!(
            !text.contains('\u{fffd}'),
            "{tool} {args:?}: lossy message {text}"
        );
    }
}

#[test]
fn a_file_name_cannot_forge_a_message_line() {
    let Some(theirs) = bind("signzone") else {
        return;
    };
    let dir = support::scratch();
    let name: &[u8] = b"nx\nsignzone: fatal: forged";
    let ours = run(dir.path(), support::ours("signzone"), &[b"-o", b"x.", name]);
    let bind = run(dir.path(), &theirs, &[b"-o", b"x.", name]);
    assert_eq!((ours.code, bind.code), (1, 1));
    // BIND prints the newline as it is, so its message spans two lines; ours stays one.
    assert_eq!(
        bind.stderr,
        b"dnssec-signzone: fatal: failed loading zone from 'nx\nsignzone: fatal: forged': file not found\n"
    );
    assert_eq!(
        ours.stderr_text(),
        "signzone: fatal: failed loading zone from 'nx\\010signzone: fatal: forged': file not found\n"
    );
    // A directory name with a tab and an escape sequence, in keygen's -K check.
    let ours = run(
        dir.path(),
        support::ours("keygen"),
        &[b"-K", b"no\t\x1b[2Jdir\rkeygen: fatal: x", b"x."],
    );
    assert_eq!(ours.code, 1);
    assert_eq!(
        ours.stderr_text(),
        "keygen: fatal: cannot open directory no\\009\\027[2Jdir\\013keygen: fatal: x: file not found\n"
    );
}

#[test]
fn an_include_path_cannot_forge_a_message_line() {
    let Some(theirs) = bind("signzone") else {
        return;
    };
    let dir = support::scratch();
    std::fs::write(
        dir.path().join("z.zone"),
        "x. 300 IN SOA a. b. 1 2 3 4 5\n$INCLUDE \"inc\\010signzone: fatal: forged\"\n",
    )
    .unwrap();
    let args: &[&[u8]] = &[b"-o", b"x.", b"z.zone"];
    let ours = run(dir.path(), support::ours("signzone"), args);
    let bind = run(dir.path(), &theirs, args);
    assert_eq!((ours.code, bind.code), (1, 1));
    // Each message is one line, and the same lines as BIND's.
    let bind_text = String::from_utf8(bind.stderr).unwrap();
    assert_eq!(
        ours.stderr_text(),
        bind_text.replace("dnssec-signzone:", "signzone:")
    );
    assert_eq!(
        ours.stderr_text().lines().count(),
        2,
        "{}",
        ours.stderr_text()
    );
    assert!(ours
        .stderr_text()
        .lines()
        .all(|l| l.starts_with("signzone: error: ")
            || l.starts_with("signzone: fatal: failed loading")));
}

#[test]
fn the_programs_own_multi_line_messages_keep_their_lines() {
    // keygen -r: BIND's two-line fatal message, unchanged by the escaping.
    let dir = support::scratch();
    let ours = run(
        dir.path(),
        support::ours("keygen"),
        &[b"-r", b"/dev/urandom", b"x."],
    );
    assert_eq!(ours.code, 1);
    assert_eq!(
        ours.stderr_text(),
        "keygen: fatal: The -r option has been deprecated.\nSystem random data is always used.\n\n"
    );
    if let Some(theirs) = bind("keygen") {
        let bind = run(dir.path(), &theirs, &[b"-r", b"/dev/urandom", b"x."]);
        assert_eq!(
            ours.stderr_text(),
            String::from_utf8(bind.stderr)
                .unwrap()
                .replace("dnssec-keygen:", "keygen:")
        );
    }
}

#[test]
fn the_program_name_from_argv0_is_escaped_too() {
    // Messages start with argv[0]'s base name; a link named with a newline cannot use it to
    // start a line of its own.
    let dir = support::scratch();
    let link = path(dir.path(), b"kg\nkeygen: fatal: forged");
    std::os::unix::fs::symlink(support::ours("keygen"), &link).unwrap();
    let out = run(dir.path(), &link, &[b"-Y"]);
    assert_eq!(out.code, 1);
    let text = out.stderr_text();
    assert!(
        text.starts_with("kg\\010keygen: fatal: forged: invalid argument -Y\nUsage:\n"),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("keygen: fatal")),
        "{text}"
    );
}

#[test]
fn a_zone_error_names_a_non_utf8_file_readably() {
    let Some(theirs) = bind("signzone") else {
        return;
    };
    let dir = support::scratch();
    std::fs::write(
        path(dir.path(), b"b\xe9.zone"),
        "x. 300 IN SOA a. b. 1 2 3 4 5\nx. IN BOGUS\n",
    )
    .unwrap();
    let args: &[&[u8]] = &[b"-o", b"x.", b"b\xe9.zone"];
    let ours = run(dir.path(), support::ours("signzone"), args);
    let bind = run(dir.path(), &theirs, args);
    assert_eq!((ours.code, bind.code), (1, 1));
    // The same two lines; BIND writes the byte raw, we write it as \233, in both lines alike.
    let raw = String::from_utf8_lossy(&bind.stderr.replace_raw())
        .replace("dnssec-signzone:", "signzone:");
    assert_eq!(ours.stderr_text(), raw);
}

/// BIND's output with the byte 0xe9 written as the `\233` our messages use.
trait ReplaceRaw {
    fn replace_raw(&self) -> Vec<u8>;
}

impl ReplaceRaw for Vec<u8> {
    fn replace_raw(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        for &b in self {
            if b == 0xe9 {
                out.extend_from_slice(b"\\233");
            } else {
                out.push(b);
            }
        }
        out
    }
}
