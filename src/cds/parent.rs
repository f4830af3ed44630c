//! The parent's side (docs/bind-compat.md, "cds" step 1): where the `dsset-` file is, when it
//! was last changed (the replay bound), and the DS RRset it holds for the child.

use super::records::{self, Rdata};
use anyhow::{anyhow, bail, Result};
use dnssec_core::rr::Ds;
use dnssec_core::time::UnixTime;
use dnssec_core::{Class, Name, RrType, Ttl};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The DS set the parent trusts now.
pub struct ParentSet {
    /// The file it came from (`-d`, with a directory resolved to `DIR/dsset-<domain>`).
    pub path: PathBuf,
    /// The file's modification time: the default "not signed before" bound.
    pub mtime: UnixTime,
    /// The DS records at the domain, canonically ordered, without duplicates.
    pub ds: Vec<Ds>,
    /// Their TTL, when the file gave one.
    pub ttl: Option<Ttl>,
}

/// `-d path`: a file, or a directory holding `dsset-<domain>` (docs/bind-compat.md, "cds").
/// The directory is taken as its bytes (a name that is not UTF-8 works).
pub fn resolve(arg: &OsStr, domain: &Name) -> PathBuf {
    if Path::new(arg).is_dir() {
        let mut path = arg.to_os_string();
        if !arg.as_bytes().ends_with(b"/") {
            path.push("/");
        }
        path.push(format!("dsset-{}", domain.key_file_part()));
        PathBuf::from(path)
    } else {
        PathBuf::from(arg)
    }
}

/// Loads the parent DS set for `domain` from `-d arg`.
pub fn load(arg: &OsStr, domain: &Name, class: Class) -> Result<ParentSet> {
    let path = resolve(arg, domain);
    let shown = crate::cli::show(&path);
    let arg = crate::cli::text(arg);
    let mtime = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .map_err(|e| {
            anyhow!(
                "could not get modification time of {shown}: {}",
                io_reason(&e)
            )
        })?;
    let mtime = mtime
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| UnixTime(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
        .unwrap_or(UnixTime(0));
    let text =
        crate::input::bounded::read_path(&path).map_err(|e| anyhow!("can't load {shown}: {e}"))?;
    let recs = records::read(text, &shown, domain, class, &mut |w| super::warn(w))
        .map_err(|e| anyhow!("can't load {shown}: {e:#}"))?;
    let mut ds = Vec::new();
    let mut ttl = None;
    for r in recs {
        if r.rtype == RrType::DS {
            if let Rdata::Ds(d) = r.rdata {
                ttl = ttl.or(r.ttl);
                ds.push(d);
            }
        }
    }
    super::canonical_set(&mut ds, Ds::to_wire);
    if ds.is_empty() {
        bail!(
            "could not find DS records for {} in {arg}",
            domain.bind_text()
        );
    }
    Ok(ParentSet {
        path,
        mtime,
        ds,
        ttl,
    })
}

/// BIND's wording for the common I/O failures.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
