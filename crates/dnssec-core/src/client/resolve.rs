//! A server's addresses: from the system resolver (a provider named by host name on the
//! command line), or from a given server's A and AAAA RRsets (RFC 1035, RFC 3596).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use super::error::{ClientError, ResolveError};
use super::Client;
use crate::name::Name;
use crate::RrType;

/// The addresses of `host` (a name or an address literal) with `port`, through the system
/// resolver, without duplicates, in the resolver's order.
pub fn resolve_system(host: &str, port: u16) -> Result<Vec<SocketAddr>, ResolveError> {
    let found = (host, port).to_socket_addrs().map_err(|e| ResolveError {
        host: host.to_string(),
        why: e.to_string(),
    })?;
    let mut out: Vec<SocketAddr> = Vec::new();
    for a in found {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    if out.is_empty() {
        return Err(ResolveError {
            host: host.to_string(),
            why: "no address".into(),
        });
    }
    Ok(out)
}

/// The IPv4 then IPv6 addresses `server` gives for `name` (its A and AAAA answer RRsets;
/// an empty list when it has neither).
pub fn resolve_via(
    client: &Client,
    server: SocketAddr,
    name: &Name,
) -> Result<Vec<IpAddr>, ClientError> {
    let mut out = Vec::new();
    for rtype in [RrType::A, RrType::AAAA] {
        let resp = client.query(server, name, rtype)?;
        let Some(set) = resp.rrset(name, rtype) else {
            continue;
        };
        for r in &set.rdatas {
            if let Ok(v4) = <[u8; 4]>::try_from(r.as_slice()) {
                out.push(IpAddr::V4(Ipv4Addr::from(v4)));
            } else if let Ok(v6) = <[u8; 16]>::try_from(r.as_slice()) {
                out.push(IpAddr::V6(Ipv6Addr::from(v6)));
            }
        }
    }
    Ok(out)
}
