//! Walking a raw zone file held in memory (docs/bind-compat.md,
//! "signzone: output formats and order"): the header, then one rdataset at a time, each checked
//! whole before it is handed out. Every length read from the file is checked against the octets
//! actually present, and nothing is allocated from one, so hostile input costs at most its own
//! size.

use std::sync::Arc;

use super::error::{RawError, RawErrorKind};
use super::{RawHeader, RawVersion, FLAG_LAST_XFRIN, FLAG_SOURCE_SERIAL, FORMAT_RAW};
use crate::name::{wire_name_len, Name};
use crate::rr::rdata;
use crate::rr::{Class, RrType, Ttl};
use crate::time::{Serial, UnixTime};

/// Octets of an rdataset's fixed fields: total length, class, type, covers, TTL, count and
/// owner length.
const FIXED_LEN: usize = 4 + 2 + 2 + 2 + 4 + 4 + 2;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// One rdataset of a raw file: owner, class, type, TTL and its rdatas, all checked.
#[derive(Clone, Debug)]
pub struct RawRdataset<'a> {
    /// Offset of the rdataset in the file.
    pub offset: u64,
    /// The owner in uncompressed wire form (valid, case as stored).
    pub owner: &'a [u8],
    /// The class.
    pub class: Class,
    /// The type.
    pub rtype: RrType,
    /// For an RRSIG rdataset, the type its signatures cover (0 otherwise).
    pub covers: RrType,
    /// The TTL, as stored (BIND keeps values above 2^31-1 too).
    pub ttl: Ttl,
    count: u32,
    area: &'a [u8],
}

impl<'a> RawRdataset<'a> {
    /// The owner as a [`Name`].
    pub fn owner_name(&self) -> Name {
        // Checked when the rdataset was read; the root stands in for the impossible failure.
        Name::from_wire(self.owner).unwrap_or_else(|_| Name::root())
    }

    /// Number of rdatas (at least one).
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Always false: a raw rdataset holds at least one rdata.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The rdatas in wire form, in file order.
    pub fn rdatas(&self) -> RawRdatas<'a> {
        RawRdatas {
            area: self.area,
            left: self.count,
        }
    }
}

/// The rdatas of a [`RawRdataset`].
#[derive(Clone, Debug)]
pub struct RawRdatas<'a> {
    area: &'a [u8],
    left: u32,
}

impl<'a> Iterator for RawRdatas<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.left == 0 {
            return None;
        }
        let len = be16(self.area, 0)? as usize;
        let data = self.area.get(2..2 + len)?;
        self.area = self.area.get(2 + len..)?;
        self.left -= 1;
        Some(data)
    }
}

/// Reads a raw zone file held in memory: [`RawReader::header`], then the rdatasets in file
/// order through [`RawReader::next_rdataset`] or the iterator. After an error it stops, as
/// nothing after a bad length can be trusted.
pub struct RawReader<'a> {
    buf: &'a [u8],
    pos: usize,
    file: Arc<str>,
    header: RawHeader,
    failed: bool,
}

impl<'a> RawReader<'a> {
    /// Checks the header of `buf`; `file` names it in messages.
    pub fn new(buf: &'a [u8], file: &str) -> Result<RawReader<'a>, RawError> {
        let file: Arc<str> = Arc::from(file);
        let fail = |offset: u64, kind| RawError {
            file: file.clone(),
            offset,
            kind,
        };
        let short = |needed: usize| {
            fail(
                0,
                RawErrorKind::ShortHeader {
                    needed,
                    found: buf.len(),
                },
            )
        };
        let format = be32(buf, 0).ok_or_else(|| short(super::HEADER_LEN_V0))?;
        if format != FORMAT_RAW {
            return Err(fail(0, RawErrorKind::NotRaw { format }));
        }
        let number = be32(buf, 4).ok_or_else(|| short(super::HEADER_LEN_V0))?;
        let version = RawVersion::from_number(number)
            .ok_or_else(|| fail(4, RawErrorKind::UnsupportedVersion(number)))?;
        if buf.len() < version.header_len() {
            return Err(short(version.header_len()));
        }
        let word = |at: usize| be32(buf, at).unwrap_or(0);
        let mut header = RawHeader::new(version, UnixTime(i64::from(word(8))));
        if version == RawVersion::V1 {
            let flags = word(12);
            if flags & FLAG_SOURCE_SERIAL != 0 {
                header.source_serial = Some(Serial(word(16)));
            }
            if flags & FLAG_LAST_XFRIN != 0 {
                header.last_xfrin = Some(UnixTime(i64::from(word(20))));
            }
        }
        Ok(RawReader {
            buf,
            pos: version.header_len(),
            file,
            header,
            failed: false,
        })
    }

    /// The header.
    pub fn header(&self) -> &RawHeader {
        &self.header
    }

    /// The file name given to [`RawReader::new`].
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The next rdataset; `None` at the end of the file or after an error.
    pub fn next_rdataset(&mut self) -> Option<Result<RawRdataset<'a>, RawError>> {
        if self.failed || self.pos >= self.buf.len() {
            return None;
        }
        let result = self.rdataset(self.pos);
        match &result {
            Ok(_) => {}
            Err(_) => self.failed = true,
        }
        Some(result)
    }

    fn error(&self, offset: usize, kind: RawErrorKind) -> RawError {
        RawError {
            file: self.file.clone(),
            offset: offset as u64,
            kind,
        }
    }

    /// Reads and checks the rdataset at `start` and moves past it.
    fn rdataset(&mut self, start: usize) -> Result<RawRdataset<'a>, RawError> {
        let left = self.buf.len() - start;
        let truncated = |needed: u64| RawErrorKind::Truncated {
            needed,
            left: left as u64,
        };
        let total = be32(self.buf, start).ok_or_else(|| self.error(start, truncated(4)))?;
        if (total as usize) < FIXED_LEN {
            return Err(self.error(start, RawErrorKind::LengthTooSmall(total)));
        }
        if total as usize > left {
            return Err(self.error(start, truncated(u64::from(total))));
        }
        let rec = self
            .buf
            .get(start..start + total as usize)
            .ok_or_else(|| self.error(start, truncated(u64::from(total))))?;
        let field16 = |at: usize| be16(rec, at).unwrap_or(0);
        let class = Class(field16(4));
        let rtype = RrType(field16(6));
        let covers = RrType(field16(8));
        let ttl = Ttl(be32(rec, 10).unwrap_or(0));
        let count = be32(rec, 14).unwrap_or(0);
        let name_len = field16(18) as usize;
        if rtype.0 == 0 || rtype.is_meta() {
            return Err(self.error(start + 6, RawErrorKind::BadType(rtype)));
        }
        if count == 0 {
            return Err(self.error(start + 14, RawErrorKind::NoRdata));
        }
        let mismatch = |used: usize| RawErrorKind::LengthMismatch {
            declared: total,
            used: used as u64,
        };
        let owner = rec
            .get(FIXED_LEN..FIXED_LEN + name_len)
            .ok_or_else(|| self.error(start + 18, mismatch(FIXED_LEN + name_len)))?;
        match wire_name_len(owner) {
            Ok(n) if n == owner.len() => {}
            Ok(_) => {
                return Err(self.error(
                    start + FIXED_LEN,
                    RawErrorKind::BadOwner(crate::name::NameError::BadWire),
                ))
            }
            Err(e) => return Err(self.error(start + FIXED_LEN, RawErrorKind::BadOwner(e))),
        }
        let area_start = FIXED_LEN + name_len;
        let area = rec.get(area_start..).unwrap_or(&[]);
        // Every rdata takes at least its two length octets, so this loop is bounded by the
        // rdataset's size whatever the count claims.
        let mut at = 0usize;
        for index in 0..count {
            let len = be16(area, at)
                .ok_or_else(|| self.error(start + area_start + at, mismatch(area_start + at + 2)))?
                as usize;
            let data = area.get(at + 2..at + 2 + len).ok_or_else(|| {
                self.error(start + area_start + at, mismatch(area_start + at + 2 + len))
            })?;
            rdata::validate(rtype, data).map_err(|error| {
                self.error(
                    start + area_start + at + 2,
                    RawErrorKind::BadRdata {
                        rtype,
                        index,
                        error,
                    },
                )
            })?;
            if rtype == RrType::RRSIG {
                let signature = RrType(be16(data, 0).unwrap_or(0));
                if signature != covers {
                    return Err(self.error(
                        start + 8,
                        RawErrorKind::CoversMismatch {
                            rdataset: covers,
                            signature,
                        },
                    ));
                }
            }
            at += 2 + len;
        }
        if at != area.len() {
            return Err(self.error(start + area_start + at, mismatch(area_start + at)));
        }
        self.pos = start + total as usize;
        Ok(RawRdataset {
            offset: start as u64,
            owner,
            class,
            rtype,
            covers,
            ttl,
            count,
            area,
        })
    }
}

impl<'a> Iterator for RawReader<'a> {
    type Item = Result<RawRdataset<'a>, RawError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_rdataset()
    }
}
