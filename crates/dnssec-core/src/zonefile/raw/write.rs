//! Encoding the raw zone format (docs/bind-compat.md, "signzone: output formats and order"):
//! the header and one rdataset at a time, appended to a buffer so that callers can stream a
//! zone in chunks. A whole compact zone is written by `zone::write_raw`.

use std::fmt;

use super::{RawHeader, RawVersion, FORMAT_RAW};
use crate::name::wire_name_len;
use crate::rr::{Class, RrType, Ttl};

/// Why an rdataset cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
