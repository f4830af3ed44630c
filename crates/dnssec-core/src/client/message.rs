//! The messages: a query with EDNS and the DO bit (RFC 6891 section 6, RFC 3225 section 3),
//! and a response checked against it and turned into [`ServedRrset`]s.

use hickory_proto::op::{Edns, Message, MessageType, Query};
use hickory_proto::rr::{DNSClass, Name as HName, Record, RecordType};
use hickory_proto::serialize::binary::{
    BinDecodable, BinDecoder, BinEncodable, BinEncoder, NameEncoding,
};

use super::error::ClientErrorKind;
use super::rrsets::{group, RawRecord};
use super::ServedRrset;
use crate::name::Name;
use crate::{Class, RrType, Ttl};

/// The UDP payload size we advertise (the DNS Flag Day 2020 value): larger answers come
/// truncated and are asked again over TCP.
pub(super) const UDP_PAYLOAD: u16 = 1232;

/// A response code (RFC 1035 section 4.1.1, RFC 6891 section 6.1.3 for the extended bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rcode(pub u16);

impl Rcode {
    /// NOERROR.
    pub const NOERROR: Rcode = Rcode(0);
    /// NXDOMAIN: the name does not exist (RFC 1035 section 4.1.1).
    pub const NXDOMAIN: Rcode = Rcode(3);
}

/// A usable answer: NOERROR or NXDOMAIN (errors are [`super::ClientError`]s).
#[derive(Clone, Debug)]
pub struct Response {
    /// NOERROR or NXDOMAIN.
    pub rcode: Rcode,
    /// The AA bit (RFC 1035 section 4.1.1).
    pub authoritative: bool,
    /// The answer section's RRsets, each with the RRSIGs that cover it.
    pub answer: Vec<ServedRrset>,
    /// The authority section's RRsets (SOA and NSEC/NSEC3 of a negative answer, RFC 4035
    /// section 3.1.3), each with its RRSIGs.
    pub authority: Vec<ServedRrset>,
    /// True when the answer came over TCP after a truncated UDP answer.
    pub over_tcp: bool,
}

impl Response {
    /// The answer RRset of `rtype` owned by `owner`, if any.
    pub fn rrset(&self, owner: &Name, rtype: RrType) -> Option<&ServedRrset> {
        self.answer
            .iter()
            .find(|r| r.rtype == rtype && &r.owner == owner)
    }
}

fn to_hickory(name: &Name) -> Result<HName, ClientErrorKind> {
    HName::read(&mut BinDecoder::new(name.as_wire()))
        .map_err(|e| ClientErrorKind::Malformed(format!("name: {e}")))
}

fn from_hickory(name: &HName) -> Result<Name, ClientErrorKind> {
    let mut wire = Vec::new();
    let mut enc = BinEncoder::new(&mut wire);
    enc.set_name_encoding(NameEncoding::Uncompressed);
    name.emit(&mut enc)
        .map_err(|e| ClientErrorKind::Malformed(format!("name: {e}")))?;
    Name::from_wire(&wire).map_err(|e| ClientErrorKind::Malformed(format!("name: {e}")))
}

/// The query for `name`/`rtype` in class IN, with EDNS and the DO bit; recursion desired
/// only when asking a resolver (`recurse`), not an authoritative server. Returns the message
/// id and the wire form.
pub(super) fn query(
    name: &Name,
    rtype: RrType,
    recurse: bool,
) -> Result<(u16, Vec<u8>), ClientErrorKind> {
    let mut msg = Message::query();
    msg.add_query(Query::query(to_hickory(name)?, RecordType::from(rtype.0)));
    msg.metadata.recursion_desired = recurse;
    let mut edns = Edns::new();
    edns.set_max_payload(UDP_PAYLOAD);
    edns.set_dnssec_ok(true);
    msg.set_edns(edns);
    let wire = msg
        .to_vec()
        .map_err(|e| ClientErrorKind::Malformed(format!("query: {e}")))?;
    Ok((msg.metadata.id, wire))
}

/// What one datagram or TCP message says: not ours (a stray or late answer to skip), a
/// truncated answer, or a parsed response.
pub(super) enum Parsed {
    /// Another id or not a response: ignore it.
    NotOurs,
    /// The TC bit (RFC 1035 section 4.1.1).
    Truncated,
    /// A full answer.
    Answer(Result<Response, ClientErrorKind>),
}

/// Parses `wire` as the answer to the question `(id, name, rtype)`.
pub(super) fn parse(wire: &[u8], id: u16, name: &Name, rtype: RrType) -> Parsed {
    let msg = match Message::from_vec(wire) {
        Ok(m) => m,
        // A datagram too broken to read its id could be anyone's; an unreadable message
        // with our id is reported.
        Err(e) => {
            if wire.len() >= 2 && u16::from_be_bytes([wire[0], wire[1]]) == id {
                return Parsed::Answer(Err(ClientErrorKind::Malformed(e.to_string())));
            }
            return Parsed::NotOurs;
        }
    };
    if msg.metadata.id != id || msg.metadata.message_type != MessageType::Response {
        return Parsed::NotOurs;
    }
    if msg.metadata.truncation {
        return Parsed::Truncated;
    }
    Parsed::Answer(answer(&msg, name, rtype))
}

fn answer(msg: &Message, name: &Name, rtype: RrType) -> Result<Response, ClientErrorKind> {
    let same_question = msg.queries.len() == 1 && {
        let q = &msg.queries[0];
        u16::from(q.query_type()) == rtype.0
            && q.query_class() == DNSClass::IN
            && from_hickory(q.name()).is_ok_and(|n| &n == name)
    };
    if !same_question {
        return Err(ClientErrorKind::Malformed(
            "the question section differs from the query".into(),
        ));
    }
    let rcode = u16::from(msg.metadata.response_code);
    match rcode {
        0 | 3 => {}
        2 => return Err(ClientErrorKind::ServFail),
        5 => return Err(ClientErrorKind::Refused),
        other => return Err(ClientErrorKind::Rcode(other)),
    }
    Ok(Response {
        rcode: Rcode(rcode),
        authoritative: msg.metadata.authoritative,
        answer: group(raw_records(&msg.answers)?)?,
        authority: group(raw_records(&msg.authorities)?)?,
        over_tcp: false,
    })
}

/// Each record's owner, type, class, TTL and rdata in uncompressed wire form, case as
/// served (hickory-proto decompresses the names; rdata it does not know stays raw).
fn raw_records(records: &[Record]) -> Result<Vec<RawRecord>, ClientErrorKind> {
    records
        .iter()
        .map(|r| {
            let mut rdata = Vec::new();
            let mut enc = BinEncoder::new(&mut rdata);
            enc.set_name_encoding(NameEncoding::Uncompressed);
            r.data
                .emit(&mut enc)
                .map_err(|e| ClientErrorKind::Malformed(format!("rdata: {e}")))?;
            Ok(RawRecord {
                owner: from_hickory(&r.name)?,
                rtype: RrType(u16::from(r.record_type())),
                class: Class(u16::from(r.dns_class)),
                ttl: Ttl(r.ttl),
                rdata,
            })
        })
        .collect()
}
