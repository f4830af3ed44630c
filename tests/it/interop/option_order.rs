//! Which bad option is reported when several are bad (docs/bind-compat.md, "command line: the
//! order options are checked in"): keygen, settime and importkey against BIND 9.18's on the
//! same command lines, with the bad values in both orders, repeats before and after a bad
//! value, options BIND checks only after its option loop (`-c`, `-K`, `-S`, `-a`), and a bad
//! value before or after `-h`, `-V`, an unknown option or a missing value.
use crate::support;

use std::path::Path;
use support::keys::{bind_keygen, snapshot};

/// keygen: two bad times in both orders, a repeat against a bad value, and the other options
/// the loop checks (`-L`, `-i`, `-b`, `-p`, `-s`, `-g`, `-d`, `-f`, `-T`, `-v`, `-K`, `-r`,
/// `-e`) against those it checks later (`-c`, `-a`, `-S`, `-k`, the name).
const KEYGEN: &[&str] = &[
    "-a 13 -A bad2 -P bogus x.test",
    "-a 13 -P bogus -A bad2 x.test",
    "-a 13 -P now -A bad -P now x.test",
    "-a 13 -P now -P bogus -A bad x.test",
    "-a 13 -D sync bad2 -P sync bad x.test",
    "-a 13 -P sync bad -D sync bad2 x.test",
    "-a 13 -D sync now -D sync bad -P bad2 x.test",
    "-a 13 -I bad2 -R bad x.test",
    "-a 13 -R now -R bad -I bad x.test",
    "-a 13 -P bogus -L bad x.test",
    "-a 13 -L bad -P bogus x.test",
    "-a 13 -P bogus -L 10 -L bad x.test",
    "-a 13 -i bad -P bogus x.test",
    "-a 13 -P bogus -i bad x.test",
    "-a 13 -P bogus -b x x.test",
    "-a 13 -b x -b 5 -P bad x.test",
    "-a 13 -A bad -p 3 -p x x.test",
    "-a 13 -p 3 -p x -A bad x.test",
    "-a 13 -s 1 -s 99 -D bad x.test",
    "-a 13 -g 2 -g 0 -D bad x.test",
    "-a 13 -d 5 -d x -D bad x.test",
    "-a 13 -P bogus -f X x.test",
    "-a 13 -f K -f X -P bad x.test",
    "-a 13 -P bogus -T X x.test",
    "-a 13 -T key -T X -P bad x.test",
    "-a 13 -P bogus -v 1 -v x x.test",
    "-a 13 -v x -P bogus x.test",
    "-a 13 -P bogus -K /nonexistent-dir x.test",
    "-a 13 -K /nonexistent-dir -P bogus x.test",
    "-a 13 -K /nonexistent-dir -K . x.test",
    "-a 13 -P bogus -r x x.test",
    "-a 13 -r x -P bogus x.test",
    "-a 13 -e -e -P bad x.test",
    "-a 13 -e -P bad -e x.test",
    "-a 13 -c XX -P bogus x.test",
    "-a 13 -c XX bad..name",
    "-a BAD -P bogus x.test",
    "-a 13 -S K2 -S K2 -P bad x.test",
    "-a 13 -P bogus -S /nonexistent-key x.test",
    "-a 13 -P bogus -k nosuch x.test",
    "-a 13 -P bad -C x.test",
    "-a 13 -P bogus bad..name",
    "-a 13 -P bad -h x.test",
    "-a 13 -P bad -V x.test",
    "-a 13 -P bad -x x.test",
    "-a 13 -e -x x.test",
    "-a 13 -ex x.test",
    "-a 13 -P now -x -P bad x.test",
    "-a 13 -P now -P now -x",
    "-a 13 -P bad -",
    "-a 13 -P bad -L",
    "-a 13 -P bad -P sync",
    "-a BAD bad..name",
    "-a DSA bad..name",
    "-a 13 -k x -L 5 bad..name",
    "-k nosuch bad..name",
    "-k nosuch -S K2 bad..name",
    "-S K2 -b 2048 x.test",
    "-a 13 -n X bad..name",
    "-a 13 -C -P now bad..name",
    "-c XX x.test y",
    "-a BAD x.test y",
];

/// settime: the same for its own options, the `ds` forms and the state options (`-g`, `-d`,
/// `-k`, `-r`, `-z`, whose repeat is refused before the value is read), `-p`'s usage, and
/// `-K`, `-S` (a repeat too) checked after the loop.
const SETTIME: &[&str] = &[
    "-A bad2 -P bogus K1",
    "-P bogus -A bad2 K1",
    "-P now -P bogus K1",
    "-P bogus -P now K1",
    "-P now -A bad -P now K1",
    "-P now -P bad -A bad K1",
    "-D sync bad -P ds bad2 K1",
    "-P ds bad2 -D sync bad K1",
    "-D ds bad -I bad2 K1",
    "-I bad2 -D ds bad K1",
    "-P sync now -P sync bad K1",
    "-D sync now -D sync now -D ds bad K1",
    "-P ds bad -D ds now -D ds now K1",
    "-L bad -P bogus K1",
    "-P bogus -L bad K1",
    "-P bad -L 10 -L bad K1",
    "-P bogus -v x K1",
    "-v x -P bogus K1",
    "-P bogus -p X K1",
    "-p X -P bogus K1",
    "-p X -v x K1",
    "-v x -p X K1",
    "-i bad -P bogus K1",
    "-P bogus -i bad K1",
    "-i 5 -i bad -P bad K1",
    "-P bogus -K /nonexistent-dir K1",
    "-K /nonexistent-dir -P bogus K1",
    "-S K2 -S K2 -P bad K1",
    "-P now -S K2 -A bad K1",
    "-P bogus -g bad -s K1",
    "-g bad -P bogus -s K1",
    "-s -g rumoured -P bad K1",
    "-g hidden -g none -P bad2 -s K1",
    "-s -g hidden -g bad K1",
    "-d bad now -P bad2 -s K1",
    "-P bad2 -d bad now -s K1",
    "-d omnipresent bad -P bad2 -s K1",
    "-d omnipresent now -d hidden now -P bad2 -s K1",
    "-s -d omnipresent now -d bad now K1",
    "-k bad now -z hidden bad -s K1",
    "-z hidden bad -k bad now -s K1",
    "-r omnipresent now -r omnipresent now -R bad -s K1",
    "-R bad -r omnipresent now -r omnipresent now -s K1",
    "-P bad -h K1",
    "-h -P bad K1",
    "-P bad -V K1",
    "-P bad -x K1",
    "-x -P bad K1",
    "-P bad -P sync",
    "-P bad -d hidden",
    "-P bad -L",
    "-s -g bad -h K1",
    "-p X -h K1",
    "-S K2 -S K2 -P now K1",
    "-S K2 -S K2 K1 K1",
    "-i -5 -g hidden K1",
    "-i -5 K1 K1",
    "-i -5 -K /nonexistent-dir K1",
];

/// importkey: its timing options, `-L` and `-v` in the loop; `-K` and `-f` after it.
const IMPORTKEY: &[&str] = &[
    "-D bad2 -P bogus -f K1.key x.test",
    "-P bogus -D bad2 -f K1.key x.test",
    "-P now -D bad -P now -f K1.key x.test",
    "-P now -P bad -f K1.key x.test",
    "-D sync bad2 -P sync bad -f K1.key x.test",
    "-D sync now -D sync bad -P bad -f K1.key x.test",
    "-P bogus -L bad -f K1.key x.test",
    "-L bad -P bogus -f K1.key x.test",
    "-D bad -L 5 -L bad -f K1.key x.test",
    "-P bogus -v x -f K1.key x.test",
    "-v x -P bogus -f K1.key x.test",
    "-K /nonexistent-dir -P bogus -f K1.key x.test",
    "-f /nonexistent-file -P bad x.test",
    "-P bad -h x.test",
    "-P bad -x -f K1.key x.test",
    "-P bad -L",
];

/// stderr as both tools' messages compare: program names taken off, and the usage text (ours
/// is our own wording) cut to its first line.
fn comparable(stderr: &str, prog: &str) -> String {
    let mut lines = Vec::new();
    for l in stderr.lines() {
        let l = l
            .strip_prefix(&format!("dnssec-{prog}: "))
            .or_else(|| l.strip_prefix(&format!("{prog}: ")))
            .unwrap_or(l);
        lines.push(l);
        if l == "Usage:" {
            break;
        }
    }
    lines.join("\n")
}

/// Runs every case of `cases` (K1 and K2 standing for the two keys' base names) through our
/// `prog` and BIND's in `dir`: both fail, with the same exit status and stderr, and leave the
/// directory as it was.
fn same_first_error(dir: &Path, prog: &str, cases: &[&str], keys: [&str; 2]) {
    let Some(bind) = support::tool(&format!("dnssec-{prog}")) else {
        return;
    };
    let before = snapshot(dir);
    let mut differ = Vec::new();
    for case in cases {
        let line = case.replace("K1", keys[0]).replace("K2", keys[1]);
        let args = support::argv(&line);
        let b = support::run_in(dir, &bind, &args);
        let o = support::run_in(dir, support::ours(prog), &args);
        assert_ne!(b.code, 0, "BIND accepted {prog} {case}: {b:?}");
        assert_eq!(o.stdout, b.stdout, "stdout of {prog} {case}");
        let (o_err, b_err) = (comparable(&o.stderr, prog), comparable(&b.stderr, prog));
        if o.code != b.code || o_err != b_err {
            differ.push(format!(
                "{prog} {case}\n  ours ({}): {o_err:?}\n  BIND ({}): {b_err:?}",
                o.code, b.code
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert_eq!(
        snapshot(dir),
        before,
        "a failed {prog} run changed the directory"
    );
}

/// Two BIND keys in a fresh directory: a plain one and one with inactive and delete times
/// (a predecessor for `-S`).
fn keys(dir: &Path) -> Option<[String; 2]> {
    let keygen = support::tool("dnssec-keygen")?;
    Some([
        bind_keygen(&keygen, dir, &["-q", "-a", "13", "example.com"]),
        bind_keygen(
            &keygen,
            dir,
            &["-q", "-a", "13", "-I", "+40d", "-D", "+50d", "example.com"],
        ),
    ])
}

#[test]
fn keygen_reports_the_first_bad_option_as_bind_does() {
    let dir = support::scratch();
    let Some([k1, k2]) = keys(dir.path()) else {
        return;
    };
    same_first_error(dir.path(), "keygen", KEYGEN, [&k1, &k2]);
}

#[test]
fn settime_reports_the_first_bad_option_as_bind_does() {
    let dir = support::scratch();
    let Some([k1, k2]) = keys(dir.path()) else {
        return;
    };
    same_first_error(dir.path(), "settime", SETTIME, [&k1, &k2]);
}

#[test]
fn importkey_reports_the_first_bad_option_as_bind_does() {
    let dir = support::scratch();
    let Some([k1, k2]) = keys(dir.path()) else {
        return;
    };
    same_first_error(dir.path(), "importkey", IMPORTKEY, [&k1, &k2]);
}

/// settime: a repeated `-S` is no error, the last one counts (the first may even name no key).
#[test]
fn settime_takes_the_last_predecessor_as_bind_does() {
    let dir = support::scratch();
    let Some([k1, k2]) = keys(dir.path()) else {
        return;
    };
    let Some(bind) = support::tool("dnssec-settime") else {
        return;
    };
    let args = ["-S", "/nonexistent-key", "-S", &k2, &k1];
    let mut results = Vec::new();
    for prog in [bind, support::ours("settime")] {
        let each = support::scratch();
        for (name, _) in snapshot(dir.path()) {
            std::fs::copy(dir.path().join(&name), each.path().join(&name)).unwrap();
        }
        let run = support::run_in(each.path(), &prog, &args);
        assert_eq!(run.code, 0, "{prog:?} {args:?}: {run:?}");
        let private = std::fs::read_to_string(each.path().join(format!("{k1}.private"))).unwrap();
        let predecessor = private
            .lines()
            .find(|l| l.starts_with("Predecessor:"))
            .map(str::to_string);
        results.push((run.stdout, run.stderr, predecessor));
    }
    assert_eq!(results[0], results[1], "BIND, then ours");
    assert!(results[0].2.is_some(), "no Predecessor: written");
}

/// keygen -S does not look at the arguments after the options (BIND's owner is the
/// predecessor's): a name there, even a bad one or two of them, is no error, and the
/// successor is the predecessor's owner's.
#[test]
fn keygen_with_a_predecessor_ignores_the_name_arguments_as_bind_does() {
    let dir = support::scratch();
    let Some([_, k2]) = keys(dir.path()) else {
        return;
    };
    let Some(bind) = support::tool("dnssec-keygen") else {
        return;
    };
    for names in [&["other.test"][..], &["bad..name"], &["a.test", "b.test"]] {
        let mut made = Vec::new();
        for prog in [bind.clone(), support::ours("keygen")] {
            let each = support::scratch();
            for f in ["key", "private"] {
                let file = format!("{k2}.{f}");
                std::fs::copy(dir.path().join(&file), each.path().join(&file)).unwrap();
            }
            let mut args = vec!["-S", k2.as_str()];
            args.extend_from_slice(names);
            let run = support::run_in(each.path(), &prog, &args);
            assert_eq!(run.code, 0, "{prog:?} {args:?}: {run:?}");
            assert_eq!(run.stderr, "", "{prog:?} {args:?}");
            made.push(run.stdout);
        }
        for out in &made {
            assert!(out.starts_with("Kexample.com.+013+"), "{names:?}: {made:?}");
        }
    }
}
