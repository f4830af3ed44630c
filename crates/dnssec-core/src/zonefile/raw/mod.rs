//! BIND's binary "raw" zone format without the map extension (docs/bind-compat.md,
//! "signzone: output formats and order"), the form `dnssec-signzone -O raw` and
//! `named-compilezone -F raw` write and `-I raw` reads.
//!
//! Layout, all integers big-endian:
//! - header: `u32 format` (2 = raw), `u32 version` (0 or 1), `u32 dump time`; version 1
//!   adds `u32 flags` ([`FLAG_SOURCE_SERIAL`], [`FLAG_LAST_XFRIN`]), `u32 source serial` and
//!   `u32 last transfer-in time`;
//! - then rdatasets until the end of the file, each `u32 total length` (counting itself),
//!   `u16 class`, `u16 type`, `u16 covered type` (RRSIG sets), `u32 TTL`, `u32 rdata count`,
//!   `u16 owner length`, the owner in uncompressed wire form, and per rdata `u16 length`
//!   and the rdata in uncompressed wire form (RFC 1035 section 3.2.1).
//!
//! API: [`RawReader`] walks a file held in memory (no allocation driven by a length field)
//! and [`encode_header`] and [`encode_rdataset`] encode a header and rdatasets; the compact zone is loaded from them and
//! written with them one layer up (`zone::load_raw`, `zone::write_raw`).

mod error;
mod read;
mod write;

pub use error::{RawError, RawErrorKind, RawWarning};
pub use read::{RawRdatas, RawRdataset, RawReader};
pub use write::{encode_header, encode_rdataset, RawWriteError, RdatasetHead};

use crate::time::{Serial, UnixTime};

/// The `format` word of a raw file (BIND's `dns_masterformat_raw`).
pub const FORMAT_RAW: u32 = 2;

/// Header flag: the source serial field is set (`dnssec-signzone -L`).
pub const FLAG_SOURCE_SERIAL: u32 = 0x02;

/// Header flag: the last transfer-in time field is set.
pub const FLAG_LAST_XFRIN: u32 = 0x04;

/// Octets of a version 0 header.
pub const HEADER_LEN_V0: usize = 12;

/// Octets of a version 1 header.
pub const HEADER_LEN_V1: usize = 24;

/// The raw format versions BIND 9.18 reads and writes (docs/bind-compat.md,
/// "signzone: output formats and order", `-O raw=N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawVersion {
    /// The short header: format, version, dump time.
    V0,
    /// The long header with flags, source serial and last transfer-in time (the default).
    V1,
}

impl RawVersion {
    /// The version number as written in the header.
    pub fn number(self) -> u32 {
        match self {
            RawVersion::V0 => 0,
            RawVersion::V1 => 1,
        }
    }

    /// The version with this number, if BIND knows it.
    pub fn from_number(n: u32) -> Option<RawVersion> {
        match n {
            0 => Some(RawVersion::V0),
            1 => Some(RawVersion::V1),
            _ => None,
        }
    }

    /// Octets of this version's header.
    pub fn header_len(self) -> usize {
        match self {
            RawVersion::V0 => HEADER_LEN_V0,
            RawVersion::V1 => HEADER_LEN_V1,
        }
    }
}

/// The header of a raw file (docs/bind-compat.md, "signzone: output formats and order").
/// Version 0 carries only the dump time; the optional fields are then `None` and are not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawHeader {
    /// The format version.
    pub version: RawVersion,
    /// When the file was written (seconds since the epoch, modulo 2^32 on disk).
    pub dump_time: UnixTime,
    /// The serial of the zone the file was made from (`dnssec-signzone -L`), if set.
    pub source_serial: Option<Serial>,
    /// When the zone was last transferred in (secondaries), if set.
    pub last_xfrin: Option<UnixTime>,
}

impl RawHeader {
    /// A header of `version` dumped at `dump_time`, with no optional field set.
    pub fn new(version: RawVersion, dump_time: UnixTime) -> RawHeader {
        RawHeader {
            version,
            dump_time,
            source_serial: None,
            last_xfrin: None,
        }
    }

    /// The flags word a version 1 header carries for the fields that are set.
    pub fn flags(&self) -> u32 {
        let mut flags = 0;
        if self.source_serial.is_some() {
            flags |= FLAG_SOURCE_SERIAL;
        }
        if self.last_xfrin.is_some() {
            flags |= FLAG_LAST_XFRIN;
        }
        flags
    }
}
