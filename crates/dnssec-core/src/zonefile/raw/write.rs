//! Encoding the raw zone format (REFERENCE.md 1.7): the header and one rdataset at a time,
//! appended to a buffer so that callers can stream a zone in chunks. A whole compact zone
//! can be written with [`write_zone`].

use std::fmt;
use std::io::{self, Write};

use super::{RawHeader, RawVersion, FORMAT_RAW};
use crate::name::wire_name_len;
use crate::rr::{Class, RrType, Ttl};
use crate::zone::Zone;

/// Why an rdataset cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawWriteError {
    /// The owner is not a valid uncompressed wire name.
    BadOwner,
    /// An rdata longer than 65535 octets (RFC 1035 section 3.2.1 RDLENGTH).
    RdataTooLong(usize),
    /// No rdata.
    NoRdata,
    /// The rdataset does not fit the 32-bit total length.
    TooLarge,
}

impl fmt::Display for RawWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawWriteError::BadOwner => f.write_str("owner is not a valid wire name"),
            RawWriteError::RdataTooLong(n) => write!(f, "rdata of {n} octets is too long"),
            RawWriteError::NoRdata => f.write_str("rdataset with no rdata"),
            RawWriteError::TooLarge => f.write_str("rdataset larger than 4 GiB"),
        }
    }
}

impl std::error::Error for RawWriteError {}

/// Appends the header (12 octets for version 0, 24 for version 1; version 0 has no room for
/// the source serial and last transfer-in time, which are then left out).
pub fn encode_header(header: &RawHeader, out: &mut Vec<u8>) {
    out.extend_from_slice(&FORMAT_RAW.to_be_bytes());
    out.extend_from_slice(&header.version.number().to_be_bytes());
    out.extend_from_slice(&header.dump_time.to_u32_wrapping().to_be_bytes());
    if header.version == RawVersion::V1 {
        out.extend_from_slice(&header.flags().to_be_bytes());
        let serial = header.source_serial.map_or(0, |s| s.0);
        out.extend_from_slice(&serial.to_be_bytes());
        let xfrin = header.last_xfrin.map_or(0, |t| t.to_u32_wrapping());
        out.extend_from_slice(&xfrin.to_be_bytes());
    }
}

/// One rdataset to encode: `covers` is the covered type for RRSIG sets and 0 otherwise.
#[derive(Clone, Copy, Debug)]
pub struct RdatasetHead<'a> {
    /// The owner in uncompressed wire form.
    pub owner: &'a [u8],
    /// The class.
    pub class: Class,
    /// The type.
    pub rtype: RrType,
    /// The covered type of an RRSIG set (0 for other types).
    pub covers: RrType,
    /// The TTL.
    pub ttl: Ttl,
}

/// Appends one rdataset. On error nothing is appended.
pub fn encode_rdataset<'r>(
    head: &RdatasetHead<'_>,
    rdatas: impl IntoIterator<Item = &'r [u8]>,
    out: &mut Vec<u8>,
) -> Result<(), RawWriteError> {
    let start = out.len();
    let result = encode_into(head, rdatas, out, start);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn encode_into<'r>(
    head: &RdatasetHead<'_>,
    rdatas: impl IntoIterator<Item = &'r [u8]>,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RawWriteError> {
    match wire_name_len(head.owner) {
        Ok(n) if n == head.owner.len() => {}
        _ => return Err(RawWriteError::BadOwner),
    }
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&head.class.0.to_be_bytes());
    out.extend_from_slice(&head.rtype.0.to_be_bytes());
    out.extend_from_slice(&head.covers.0.to_be_bytes());
    out.extend_from_slice(&head.ttl.0.to_be_bytes());
    let count_at = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(head.owner.len() as u16).to_be_bytes());
    out.extend_from_slice(head.owner);
    let mut count: u32 = 0;
    for rd in rdatas {
        let len = u16::try_from(rd.len()).map_err(|_| RawWriteError::RdataTooLong(rd.len()))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(rd);
        count = count.checked_add(1).ok_or(RawWriteError::TooLarge)?;
    }
    if count == 0 {
        return Err(RawWriteError::NoRdata);
    }
    let total = u32::try_from(out.len() - start).map_err(|_| RawWriteError::TooLarge)?;
    if let Some(slot) = out.get_mut(start..start + 4) {
        slot.copy_from_slice(&total.to_be_bytes());
    }
    if let Some(slot) = out.get_mut(count_at..count_at + 4) {
        slot.copy_from_slice(&count.to_be_bytes());
    }
    Ok(())
}

/// Writes a whole zone: the header, then per name its RRsets in type order, the signatures
/// of each covered type (and TTL) as their own RRSIG rdataset.
pub fn write_zone(zone: &Zone, header: &RawHeader, out: &mut impl Write) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    encode_header(header, &mut buf);
    let invalid = |e: RawWriteError| io::Error::new(io::ErrorKind::InvalidData, e);
    for name in zone.names() {
        for set in name.rrsets() {
            // Each RRset keeps the owner case it was written with, as BIND's raw dump does.
            let owner = if zone.owners_differ_in_case() {
                name.written_owner(set.rtype()).unwrap_or(name.owner_wire())
            } else {
                name.owner_wire()
            };
            if set.rtype() != RrType::RRSIG {
                let head = RdatasetHead {
                    owner,
                    class: zone.class(),
                    rtype: set.rtype(),
                    covers: RrType(0),
                    ttl: set.ttl(),
                };
                encode_rdataset(&head, set.rdatas(), &mut buf).map_err(invalid)?;
                continue;
            }
            // Signatures: one rdataset per (covered type, TTL), in first-seen order.
            let mut groups: Vec<(RrType, Ttl, Vec<&[u8]>)> = Vec::new();
            for r in set.records() {
                // The type-covered field leads the rdata (RFC 4034 section 3.1).
                let covers = r
                    .rdata
                    .get(0..2)
                    .map_or(RrType(0), |b| RrType(u16::from_be_bytes([b[0], b[1]])));
                match groups
                    .iter_mut()
                    .find(|(c, t, _)| *c == covers && *t == r.ttl)
                {
                    Some(g) => g.2.push(r.rdata),
                    None => groups.push((covers, r.ttl, vec![r.rdata])),
                }
            }
            for (covers, ttl, rdatas) in groups {
                let head = RdatasetHead {
                    owner,
                    class: zone.class(),
                    rtype: RrType::RRSIG,
                    covers,
                    ttl,
                };
                encode_rdataset(&head, rdatas, &mut buf).map_err(invalid)?;
            }
        }
        if buf.len() >= 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}
