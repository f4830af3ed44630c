//! The client against a scripted server on 127.0.0.1: what it sends (DO bit, no RD), UDP
//! then TCP on truncation, stray datagrams skipped, timeouts bounded, and error RCODEs
//! reported with the server's address.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::{A, NS};
use hickory_proto::rr::{Name as HName, RData, Record};

use super::{Client, ClientErrorKind};
use crate::name::Name;
use crate::RrType;

fn client() -> Client {
    Client {
        timeout: Duration::from_millis(300),
        tries: 2,
    }
}

fn zname() -> Name {
    Name::parse("z.test.", None).unwrap()
}

/// The response to `query` with `rcode`, `tc` and an NS RRset of `n` names.
fn reply(query: &[u8], rcode: ResponseCode, tc: bool, n: usize) -> Vec<u8> {
    let q = Message::from_vec(query).unwrap();
    let mut m = Message::new(q.metadata.id, MessageType::Response, q.metadata.op_code);
    m.add_queries(q.queries.clone());
    m.metadata.response_code = rcode;
    m.metadata.truncation = tc;
    m.metadata.authoritative = true;
    let owner = HName::from_ascii("Z.test.").unwrap();
    for i in 0..n {
        let ns = HName::from_ascii(format!("ns{i}.Z.test.")).unwrap();
        m.add_answer(Record::from_rdata(owner.clone(), 300, RData::NS(NS(ns))));
    }
    m.to_vec().unwrap()
}

/// A UDP server answering each datagram with `answer(query)` (None: stay silent).
fn udp_server(
    answer: impl Fn(&[u8]) -> Vec<Vec<u8>> + Send + 'static,
) -> (SocketAddr, thread::JoinHandle<Vec<Vec<u8>>>) {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let addr = sock.local_addr().unwrap();
    let h = thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok((n, from)) = sock.recv_from(&mut buf) {
            seen.push(buf[..n].to_vec());
            for out in answer(&buf[..n]) {
                sock.send_to(&out, from).unwrap();
            }
        }
        seen
    });
    (addr, h)
}

#[test]
fn query_has_do_bit_and_answer_is_grouped() {
    let (addr, h) = udp_server(|q| vec![reply(q, ResponseCode::NoError, false, 2)]);
    let resp = client().query(addr, &zname(), RrType::NS).unwrap();
    assert!(resp.authoritative && !resp.over_tcp);
    let set = resp.rrset(&zname(), RrType::NS).unwrap();
    let want: Vec<Vec<u8>> = ["ns0.z.test.", "ns1.z.test."]
        .iter()
        .map(|n| Name::parse(n, None).unwrap().as_wire().to_vec())
        .collect();
    assert_eq!(set.rdatas, want, "canonical (lowercased) and sorted");
    let seen = h.join().unwrap();
    let q = Message::from_vec(&seen[0]).unwrap();
    assert!(q.edns.as_ref().unwrap().flags().dnssec_ok);
    assert!(!q.metadata.recursion_desired);
}

#[test]
fn truncated_udp_goes_to_tcp_and_stray_datagrams_are_skipped() {
    // A port free for both TCP and UDP (another test may hold the UDP side of one).
    let (tcp, udp) = loop {
        let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if let Ok(udp) = UdpSocket::bind(("127.0.0.1", port)) {
            break (tcp, udp);
        }
    };
    let addr = udp.local_addr().unwrap();
    let uh = thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let (n, from) = udp.recv_from(&mut buf).unwrap();
        let mut stray = reply(&buf[..n], ResponseCode::NoError, false, 1);
        stray[0] ^= 0xff; // another id
        udp.send_to(&stray, from).unwrap();
        udp.send_to(&reply(&buf[..n], ResponseCode::NoError, true, 0), from)
            .unwrap();
    });
    let th = thread::spawn(move || {
        let (mut s, _) = tcp.accept().unwrap();
        let mut len = [0u8; 2];
        s.read_exact(&mut len).unwrap();
        let mut q = vec![0u8; usize::from(u16::from_be_bytes(len))];
        s.read_exact(&mut q).unwrap();
        let out = reply(&q, ResponseCode::NoError, false, 200);
        s.write_all(&(out.len() as u16).to_be_bytes()).unwrap();
        s.write_all(&out).unwrap();
    });
    let resp = client().query(addr, &zname(), RrType::NS).unwrap();
    assert!(resp.over_tcp);
    assert_eq!(resp.rrset(&zname(), RrType::NS).unwrap().rdatas.len(), 200);
    uh.join().unwrap();
    th.join().unwrap();
}

#[test]
fn silence_times_out_after_the_bounded_tries() {
    let (addr, h) = udp_server(|_| Vec::new());
    let start = Instant::now();
    let err = client().query(addr, &zname(), RrType::SOA).unwrap_err();
    assert_eq!(err.kind, ClientErrorKind::Timeout { tries: 2 });
    assert_eq!(err.server, addr);
    assert!(err.to_string().starts_with(&addr.to_string()));
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(h.join().unwrap().len(), 2, "one datagram per try");
}

#[test]
fn error_rcodes_and_garbage_are_typed() {
    for (rcode, want) in [
        (ResponseCode::Refused, ClientErrorKind::Refused),
        (ResponseCode::ServFail, ClientErrorKind::ServFail),
        (ResponseCode::NotImp, ClientErrorKind::Rcode(4)),
    ] {
        let (addr, _h) = udp_server(move |q| vec![reply(q, rcode, false, 0)]);
        let err = client().query(addr, &zname(), RrType::SOA).unwrap_err();
        assert_eq!(err.kind, want);
    }
    // Our id, then nonsense: malformed, not a panic nor a wait.
    let (addr, _h) = udp_server(|q| vec![[&q[..2], &[0x80u8, 0, 0, 1, 0xff][..]].concat()]);
    let err = client().query(addr, &zname(), RrType::SOA).unwrap_err();
    assert!(matches!(err.kind, ClientErrorKind::Malformed(_)), "{err}");
    // A well-formed answer to another question.
    let (addr, _h) = udp_server(|q| {
        let mut m = Message::from_vec(&reply(q, ResponseCode::NoError, false, 0)).unwrap();
        m.queries[0].set_name(HName::from_ascii("other.test.").unwrap());
        m.add_answer(Record::from_rdata(
            HName::from_ascii("other.test.").unwrap(),
            1,
            RData::A(A::new(192, 0, 2, 1)),
        ));
        vec![m.to_vec().unwrap()]
    });
    let err = client().query(addr, &zname(), RrType::SOA).unwrap_err();
    assert!(matches!(err.kind, ClientErrorKind::Malformed(_)), "{err}");
}

#[test]
fn resolves_literals_through_the_system() {
    let got = super::resolve_system("127.0.0.1", 5353).unwrap();
    assert_eq!(got, vec!["127.0.0.1:5353".parse().unwrap()]);
    assert!(super::resolve_system("no-such-host.invalid.", 53).is_err());
}

#[test]
fn resolves_a_name_through_a_given_server() {
    // A answered with two addresses, AAAA with none.
    let (addr, _h) = udp_server(|q| {
        let m = Message::from_vec(q).unwrap();
        let mut r = Message::from_vec(&reply(q, ResponseCode::NoError, false, 0)).unwrap();
        r.answers.clear();
        if m.queries[0].query_type() == hickory_proto::rr::RecordType::A {
            let owner = m.queries[0].name().clone();
            for last in [1, 2] {
                r.add_answer(Record::from_rdata(
                    owner.clone(),
                    60,
                    RData::A(A::new(192, 0, 2, last)),
                ));
            }
        }
        vec![r.to_vec().unwrap()]
    });
    let ns = Name::parse("ns1.z.test.", None).unwrap();
    let got = super::resolve_via(&client(), addr, &ns).unwrap();
    let want: Vec<std::net::IpAddr> = vec![[192, 0, 2, 1].into(), [192, 0, 2, 2].into()];
    assert_eq!(got, want);
}
