//! The sources on the command line: a signed zone file, or `@server[#port]` (docs/bind-compat.md,
//! "multisigner").

use std::ffi::OsStr;
use std::path::PathBuf;

use anyhow::{bail, Result};

/// Where one provider's view of the zone comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A signed zone file.
    File(PathBuf),
    /// One provider's servers: host names or address literals (IPv6 without brackets), each
    /// with its port (53 unless given after `#`).
    Server(Vec<(String, u16)>),
}

/// Reads one source argument, `@host[#port][,host[#port]...]`: `#` for the port as dig and
/// nsupdate write it, so that an IPv6 address needs no brackets; several hosts are one
/// provider's servers, all asked.
pub fn parse(arg: &OsStr) -> Result<Source> {
    let text = crate::cli::text(arg);
    let Some(list) = text.strip_prefix('@') else {
        return Ok(Source::File(PathBuf::from(arg)));
    };
    let mut servers = Vec::new();
    for server in list.split(',') {
        let (host, port) = match server.rsplit_once('#') {
            Some((h, p)) => match p.parse::<u16>() {
                Ok(port) if port > 0 => (h, port),
                _ => bail!("'{text}': bad port '{p}'"),
            },
            None => (server, 53),
        };
        if host.is_empty() {
            bail!("'{text}': no server");
        }
        servers.push((host.to_string(), port));
    }
    Ok(Source::Server(servers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_servers() {
        let s = |t: &str| parse(OsStr::new(t));
        assert_eq!(s("a.signed").unwrap(), Source::File("a.signed".into()));
        assert_eq!(
            s("@127.0.0.2#5300,127.0.0.3").unwrap(),
            Source::Server(vec![("127.0.0.2".into(), 5300), ("127.0.0.3".into(), 53)])
        );
        assert_eq!(s("@::1").unwrap(), Source::Server(vec![("::1".into(), 53)]));
        for bad in [
            "@",
            "@x#",
            "@x#0",
            "@x#70000",
            "@#53",
            "@a,#53",
            "@a#53,b#x",
        ] {
            assert!(s(bad).is_err(), "{bad}");
        }
    }
}
