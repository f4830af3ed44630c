//! Sending a question: UDP first, a bounded number of tries each with its own timeout; TCP
//! (two-octet length prefix, RFC 1035 section 4.2.2) when the UDP answer is truncated.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use super::error::{ClientError, ClientErrorKind};
use super::message::{self, Parsed, Response};
use crate::name::Name;
use crate::RrType;

/// How questions are asked: the time to wait for each answer and how many times a UDP
/// question is sent before giving up.
#[derive(Clone, Copy, Debug)]
pub struct Client {
    /// The wait for one answer (UDP try, or the whole TCP exchange).
    pub timeout: Duration,
    /// UDP tries (at least 1).
    pub tries: u32,
}

impl Default for Client {
    /// dig's defaults: 5 seconds, 3 tries.
    fn default() -> Client {
        Client {
            timeout: Duration::from_secs(5),
            tries: 3,
        }
    }
}

/// The largest message we read (a TCP message cannot be longer: RFC 1035 section 4.2.2).
const MAX_MESSAGE: usize = 65535;

impl Client {
    /// Asks `server` for `name`/`rtype` (class IN, DO bit set) and returns the answer, or why
    /// there is none.
    pub fn query(
        &self,
        server: SocketAddr,
        name: &Name,
        rtype: RrType,
    ) -> Result<Response, ClientError> {
        self.ask(server, name, rtype, false)
    }

    /// As [`Client::query`], with recursion desired (RFC 1035 section 4.1.1, RD): for a
    /// resolver, such as those of the system's resolv.conf.
    pub fn query_recursive(
        &self,
        server: SocketAddr,
        name: &Name,
        rtype: RrType,
    ) -> Result<Response, ClientError> {
        self.ask(server, name, rtype, true)
    }

    fn ask(
        &self,
        server: SocketAddr,
        name: &Name,
        rtype: RrType,
        recurse: bool,
    ) -> Result<Response, ClientError> {
        let fail = |kind| ClientError { server, kind };
        let (id, wire) = message::query(name, rtype, recurse).map_err(fail)?;
        match self.udp(server, id, &wire, name, rtype).map_err(fail)? {
            Some(resp) => Ok(resp),
            None => self.tcp(server, id, &wire, name, rtype).map_err(fail),
        }
    }

    /// The UDP exchange: `Ok(None)` when the answer is truncated.
    fn udp(
        &self,
        server: SocketAddr,
        id: u16,
        wire: &[u8],
        name: &Name,
        rtype: RrType,
    ) -> Result<Option<Response>, ClientErrorKind> {
        let local: SocketAddr = if server.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            ([0u16; 8], 0).into()
        };
        let sock = UdpSocket::bind(local).map_err(io)?;
        sock.connect(server).map_err(io)?;
        let tries = self.tries.max(1);
        let mut buf = vec![0u8; MAX_MESSAGE];
        for _ in 0..tries {
            sock.send(wire).map_err(io)?;
            let deadline = Instant::now() + self.timeout;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                sock.set_read_timeout(Some(left)).map_err(io)?;
                let n = match sock.recv(&mut buf) {
                    Ok(n) => n,
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        break
                    }
                    Err(e) => return Err(io(e)),
                };
                match message::parse(&buf[..n], id, name, rtype) {
                    Parsed::NotOurs => continue,
                    Parsed::Truncated => return Ok(None),
                    Parsed::Answer(a) => return a.map(Some),
                }
            }
        }
        Err(ClientErrorKind::Timeout { tries })
    }

    /// The TCP exchange (one connection, one question).
    fn tcp(
        &self,
        server: SocketAddr,
        id: u16,
        wire: &[u8],
        name: &Name,
        rtype: RrType,
    ) -> Result<Response, ClientErrorKind> {
        let timed_out = |e: std::io::Error| {
            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) {
                ClientErrorKind::Timeout { tries: 1 }
            } else {
                io(e)
            }
        };
        let mut stream = TcpStream::connect_timeout(&server, self.timeout).map_err(timed_out)?;
        stream.set_read_timeout(Some(self.timeout)).map_err(io)?;
        stream.set_write_timeout(Some(self.timeout)).map_err(io)?;
        let len = u16::try_from(wire.len())
            .map_err(|_| ClientErrorKind::Malformed("query too long".into()))?;
        let mut out = Vec::with_capacity(wire.len() + 2);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(wire);
        stream.write_all(&out).map_err(timed_out)?;
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).map_err(timed_out)?;
        let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut buf).map_err(timed_out)?;
        match message::parse(&buf, id, name, rtype) {
            Parsed::NotOurs => Err(ClientErrorKind::Malformed(
                "the TCP answer has another id".into(),
            )),
            Parsed::Truncated => Err(ClientErrorKind::TruncatedOverTcp),
            Parsed::Answer(a) => a.map(|mut r| {
                r.over_tcp = true;
                r
            }),
        }
    }
}

fn io(e: std::io::Error) -> ClientErrorKind {
    ClientErrorKind::Io(e.to_string())
}
