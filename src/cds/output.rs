//! What dnssec-cds produces (docs/bind-compat.md, "DS and CDS lines",
//! "cds: the nsupdate script (-u)" and "cds" step 7): DS lines, an nsupdate script, or an
//! in-place rewrite of the dsset file whose mtime becomes the new replay bound.

use anyhow::{anyhow, Result};
use dnssec_core::rr::Ds;
use dnssec_core::time::UnixTime;
use dnssec_core::{Class, Name, Ttl};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// The TTL for added DS records when neither `-T`, the old DS set nor the child's DNSKEY
/// RRset gives one (nsupdate refuses an add without a TTL).
pub const FALLBACK_TTL: u32 = 3600;

/// The DS set as lines of docs/bind-compat.md, "DS and CDS lines".
pub fn ds_lines(owner: &Name, ttl: Option<Ttl>, class: Class, set: &[Ds]) -> String {
    set.iter()
        .map(|d| d.text_line(owner, ttl, class, false))
        .collect()
}

/// The nsupdate script of docs/bind-compat.md, "cds: the nsupdate script (-u)": adds (new minus
/// old, with `add_ttl`), then deletes (old minus new, never with a TTL), each in canonical
/// rdata order, then `send` (or `show`, `send`, `answer` when verbose).
pub fn nsupdate(
    owner: &Name,
    class: Class,
    old: &[Ds],
    new: &[Ds],
    add_ttl: Ttl,
    verbose: bool,
) -> String {
    let mut added: Vec<&Ds> = new.iter().filter(|d| !old.contains(d)).collect();
    added.sort_by_key(|d| d.to_wire());
    added.dedup();
    let mut removed: Vec<&Ds> = old.iter().filter(|d| !new.contains(d)).collect();
    removed.sort_by_key(|d| d.to_wire());
    let mut out = String::new();
    for d in added {
        let _ = writeln!(
            out,
            "update add {owner} {add_ttl} {class} DS {}",
            d.rdata_text()
        );
    }
    for d in removed {
        let _ = writeln!(out, "update del {owner} {class} DS {}", d.rdata_text());
    }
    out.push_str(if verbose {
        "show\nsend\nanswer\n"
    } else {
        "send\n"
    });
    out
}

/// `-U server[#port]` (docs/bind-compat.md, "cds: server and zone lines (-U)"): where
/// nsupdate sends the script, so that `cds -U ... | nsupdate` needs no hand-written lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateServer {
    /// A host name or address, as nsupdate's `server` command takes it.
    pub host: String,
    /// The port, when not nsupdate's default (53).
    pub port: Option<u16>,
}

impl UpdateServer {
    /// Reads `server[#port]`. The host becomes a word of an nsupdate line, so it may not
    /// hold white space, control characters, `#` or `;`; the port is 1 to 65535.
    pub fn parse(text: &str) -> Result<UpdateServer> {
        let bad = |why: &str| anyhow!("bad -U value '{text}': {why}");
        let (host, port) = match text.rsplit_once('#') {
            Some((h, p)) => {
                let port = p
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| bad("the port must be a number from 1 to 65535"))?;
                (h, Some(port))
            }
            None => (text, None),
        };
        if host.is_empty() {
            return Err(bad("no server"));
        }
        if host
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '#' || c == ';')
        {
            return Err(bad("the server may not contain white space, '#' or ';'"));
        }
        Ok(UpdateServer {
            host: host.to_string(),
            port,
        })
    }

    /// The lines that go before the updates: `server HOST [PORT]`, then `zone PARENT`, the
    /// zone that holds the child's DS records (RFC 4034 section 5: at the delegation, in the
    /// parent; the parent is taken to be the name one label up), and its class.
    pub fn header(&self, child: &Name, class: Class) -> String {
        let mut out = format!("server {}", self.host);
        if let Some(port) = self.port {
            let _ = write!(out, " {port}");
        }
        out.push('\n');
        if let Some(parent) = child.parent() {
            let _ = writeln!(out, "zone {parent}");
        }
        if class != Class::IN {
            let _ = writeln!(out, "class {class}");
        }
        out
    }
}

/// `-i[ext]`: writes `text` to a temporary file beside `path`, gives it `mtime`, keeps the old
/// file as `path` + `ext` when `ext` is not empty, then renames the new file into place. The
/// caller passes an mtime that never precedes the current one (our fix of docs/bind-compat.md,
/// "quirks" item 12).
pub fn write_in_place(
    path: &Path,
    ext: &std::ffi::OsStr,
    text: &str,
    mtime: UnixTime,
) -> Result<()> {
    let shown = crate::cli::show(path);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let unique = (u64::from(stamp) << 20 ^ u64::from(std::process::id())) % 10_000_000_000;
    // The temporary name is the file's own name (as bytes) with a suffix, next to it.
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!("-{unique:010}"));
    let tmp = path.with_file_name(tmp_name);
    let fail = |what: &str, e: std::io::Error| anyhow!("{what} {shown}: {e}");
    let result = (|| -> Result<()> {
        // Listed with the other temporaries, so a signal mid-write removes it.
        let mut f = dnssec_core::temp_files::create(
            &tmp,
            std::fs::OpenOptions::new().write(true).create_new(true),
        )
        .map_err(|e| fail("can't create temporary file for", e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| fail("can't write", e))?;
        let when = std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(u64::try_from(mtime.0).unwrap_or(0));
        f.set_modified(when)
            .map_err(|e| fail("can't set modification time of", e))?;
        drop(f);
        if !ext.is_empty() {
            // A hard link keeps the old content and mtime while the original stays in place
            // until the atomic rename below, so no failure leaves the dsset file missing.
            let mut backup = path.as_os_str().to_os_string();
            backup.push(ext);
            let backup = std::path::PathBuf::from(backup);
            let _ = std::fs::remove_file(&backup);
            std::fs::hard_link(path, &backup)
                .map_err(|e| anyhow!("can't keep {shown} as {}: {e}", crate::cli::show(&backup)))?;
        }
        dnssec_core::temp_files::rename(&tmp, path).map_err(|e| fail("can't replace", e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = dnssec_core::temp_files::remove(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_server_values() {
        let s = UpdateServer::parse("192.0.2.1#5300").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("192.0.2.1", Some(5300)));
        let s = UpdateServer::parse("2001:db8::1").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("2001:db8::1", None));
        for bad in [
            "", "#53", "a#", "a#0", "a#65536", "a b", "a\nsend", "a;b", "a#b#53",
        ] {
            assert!(UpdateServer::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn header_names_server_parent_zone_and_a_class_other_than_in() {
        let child = Name::parse("cds.test.", None).unwrap();
        let s = UpdateServer::parse("ns1.test#5300").unwrap();
        assert_eq!(
            s.header(&child, Class::IN),
            "server ns1.test 5300\nzone test.\n"
        );
        let s = UpdateServer::parse("ns1.test").unwrap();
        assert_eq!(
            s.header(&child, Class(3)),
            "server ns1.test\nzone test.\nclass CH\n"
        );
    }
}
