//! Key file names and lookup (docs/bind-compat.md, "key files: names, modes and lookup"):
//! `K<name>+<alg:03>+<tag:05>` with `.key`, `.private` or `.state`, and how a key argument on
//! the command line becomes a directory and a base name.

use crate::algorithm::Algorithm;
use crate::name::Name;
use std::path::{Path, PathBuf};

/// The base name `K<name>+<alg:03>+<tag:05>` of a key (docs/bind-compat.md,
/// "key files: names, modes and lookup"), with the owner escaped by [`Name::key_file_part`].
pub fn key_basename(owner: &Name, algorithm: Algorithm, tag: u16) -> String {
    format!("K{}+{:03}+{:05}", owner.key_file_part(), algorithm.0, tag)
}

/// Splits a base name `K<name>+<alg>+<tag>` into its escaped name part, algorithm and tag;
/// None when it is not of that shape.
pub(super) fn parse_basename(base: &str) -> Option<(&str, Algorithm, u16)> {
    let rest = base.strip_prefix('K')?;
    let (rest, tag) = rest.rsplit_once('+')?;
    let (name, alg) = rest.rsplit_once('+')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(alg, 3) || !digits(tag, 5) {
        return None;
    }
    Some((name, Algorithm(alg.parse().ok()?), tag.parse().ok()?))
}

/// Where a key's files are: a directory and the base name (docs/bind-compat.md,
/// "key files: names, modes and lookup").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPath {
    /// The directory; `.` when the argument had none and no `-K` was given.
    pub dir: PathBuf,
    /// The base name, e.g. `Kexample.com.+013+03897`.
    pub base: String,
}

impl KeyPath {
    /// Reads a key argument as BIND's tools do (docs/bind-compat.md,
    /// "key files: names, modes and lookup"): a trailing `.key`, `.private` or `.` is removed
    /// (`.state` is not), the text up to the last `/` is the directory, and a relative
    /// directory is taken inside `key_dir` (`-K`) when one is given; an absolute path ignores
    /// `key_dir`.
    pub fn parse(arg: &str, key_dir: Option<&Path>) -> KeyPath {
        let stripped = arg
            .strip_suffix(".key")
            .or_else(|| arg.strip_suffix(".private"))
            .or_else(|| arg.strip_suffix('.'))
            .unwrap_or(arg);
        let (dir_part, base) = match stripped.rsplit_once('/') {
            Some((d, b)) => (Some(if d.is_empty() { "/" } else { d }), b),
            None => (None, stripped),
        };
        let dir = match (dir_part, key_dir) {
            (Some(d), _) if Path::new(d).is_absolute() => PathBuf::from(d),
            (Some(d), Some(k)) => k.join(d),
            (Some(d), None) => PathBuf::from(d),
            (None, Some(k)) => k.to_path_buf(),
            (None, None) => PathBuf::from("."),
        };
        KeyPath {
            dir,
            base: base.to_string(),
        }
    }

    /// As [`KeyPath::parse`], from an argument's bytes (docs/bind-compat.md, "command line:
    /// arguments and messages"): the directory part is kept exactly as given, so a key in a
    /// directory whose name is not UTF-8 is found. The base name is text; key file names are
    /// ASCII by construction ([`key_basename`] escapes every other octet as `%XX`), so a base
    /// that is not UTF-8 names no key file we or BIND write; its stray bytes become `\DDD`
    /// text, which is how messages show them.
    pub fn parse_os(arg: &std::ffi::OsStr, key_dir: Option<&Path>) -> KeyPath {
        use std::os::unix::ffi::OsStrExt;
        if let Some(text) = arg.to_str() {
            return KeyPath::parse(text, key_dir);
        }
        let bytes = arg.as_bytes();
        let (dir_part, base) = match bytes.iter().rposition(|&b| b == b'/') {
            Some(0) => (Some(&bytes[..1]), &bytes[1..]),
            Some(i) => (Some(&bytes[..i]), &bytes[i + 1..]),
            None => (None, bytes),
        };
        let base = crate::error::path_text(Path::new(std::ffi::OsStr::from_bytes(base)));
        let mut path = KeyPath::parse(&base, key_dir);
        if let Some(d) = dir_part {
            let d = Path::new(std::ffi::OsStr::from_bytes(d));
            path.dir = match key_dir {
                Some(k) if d.is_relative() => k.join(d),
                _ => d.to_path_buf(),
            };
        }
        path
    }

    /// The key in `dir` with base name `base`.
    pub fn new(dir: impl Into<PathBuf>, base: impl Into<String>) -> KeyPath {
        KeyPath {
            dir: dir.into(),
            base: base.into(),
        }
    }

    /// The path of one of the key's files; `ext` is `key`, `private` or `state`.
    pub fn file(&self, ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", self.base))
    }

    /// `dir/base` as a path.
    pub fn stem(&self) -> PathBuf {
        self.dir.join(&self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let owner = Name::parse("Example.COM.", None).unwrap();
        assert_eq!(
            key_basename(&owner, Algorithm::ECDSAP256SHA256, 3897),
            "Kexample.com.+013+03897"
        );
        assert_eq!(
            key_basename(&Name::root(), Algorithm::ED25519, 18537),
            "K.+015+18537"
        );
        assert_eq!(
            parse_basename("Kexample.com.+013+03897"),
            Some(("example.com.", Algorithm::ECDSAP256SHA256, 3897))
        );
        assert_eq!(
            parse_basename("K%2A.wild.test.+008+00001"),
            Some(("%2A.wild.test.", Algorithm(8), 1))
        );
        assert_eq!(parse_basename("Kx+13+3897"), None);
        assert_eq!(parse_basename("example.com.+013+03897"), None);
    }

    #[test]
    fn arguments_as_bytes_keep_their_directory() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let k = |arg: &[u8], kd: Option<&str>| {
            KeyPath::parse_os(OsStr::from_bytes(arg), kd.map(Path::new))
        };
        let p = k(b"d\xe9/Kx.+013+00001.key", None);
        assert_eq!(p.dir.as_os_str().as_bytes(), b"d\xe9");
        assert_eq!(p.base, "Kx.+013+00001");
        let p = k(b"d\xe9/Kx.+013+00001", Some("keys"));
        assert_eq!(p.dir.as_os_str().as_bytes(), b"keys/d\xe9");
        let p = k(b"/d\xe9/Kx.+013+00001.private", Some("keys"));
        assert_eq!(p.dir.as_os_str().as_bytes(), b"/d\xe9");
        let p = k(b"/Kx\xe9", None);
        assert_eq!(
            (p.dir.as_os_str().as_bytes(), p.base.as_str()),
            (&b"/"[..], "Kx\\233")
        );
        // UTF-8 arguments read exactly as parse reads them.
        assert_eq!(
            k(b"sub/Kx.+013+00001.", Some("k")),
            KeyPath::parse("sub/Kx.+013+00001.", Some(Path::new("k")))
        );
    }

    #[test]
    fn arguments() {
        let k = |arg: &str, kd: Option<&str>| {
            let p = KeyPath::parse(arg, kd.map(Path::new));
            (p.dir.to_string_lossy().into_owned(), p.base)
        };
        let base = "Kx.+013+00001".to_string();
        assert_eq!(k("Kx.+013+00001", None), (".".into(), base.clone()));
        assert_eq!(k("Kx.+013+00001.", None), (".".into(), base.clone()));
        assert_eq!(k("Kx.+013+00001.key", None), (".".into(), base.clone()));
        assert_eq!(k("Kx.+013+00001.private", None), (".".into(), base.clone()));
        assert_eq!(
            k("Kx.+013+00001.state", None),
            (".".into(), "Kx.+013+00001.state".into())
        );
        assert_eq!(k("sub/Kx.+013+00001", None), ("sub".into(), base.clone()));
        assert_eq!(
            k("Kx.+013+00001", Some("keys")),
            ("keys".into(), base.clone())
        );
        assert_eq!(
            k("sub/Kx.+013+00001", Some("/tmp")),
            ("/tmp/sub".into(), base.clone())
        );
        assert_eq!(
            k("/abs/Kx.+013+00001", Some("keys")),
            ("/abs".into(), base.clone())
        );
        assert_eq!(k("/Kx.+013+00001", None), ("/".into(), base));
        assert_eq!(
            KeyPath::new(".", "Kx").file("key"),
            PathBuf::from("./Kx.key")
        );
    }
}
