//! The signed zone's bytes in the format `-O` asks for: BIND's text styles (`text.rs`) or its
//! binary raw format (REFERENCE.md 1.7), chunk by chunk in the plan's order.

use dnssec_core::sign::plan::SignedChunk;
use dnssec_core::time::UnixTime;
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::raw::write::{encode_header, encode_rdataset, RdatasetHead};
use dnssec_core::zonefile::raw::RawHeader;
use dnssec_core::{Class, RrType, Ttl};

use super::args::{OutputFormat, Settings};
use super::text;

/// How the chunks become bytes.
pub enum Encoder {
    /// Text, in the given style.
    Text(text::Style),
    /// Raw: the header to write and what each rdataset needs.
    Raw {
        /// The header (its dump time is the run's `now`).
        header: RawHeader,
        /// The zone's class, written with every rdataset.
        class: Class,
        /// RRSIG TTLs are at most end − start, as in text (REFERENCE.md 1.7).
        sig_ttl_cap: u32,
    },
}

impl Encoder {
    /// The encoder for `-O` (`style` serves the text formats).
    pub fn new(s: &Settings, style: text::Style, class: Class) -> Encoder {
        match s.format {
            OutputFormat::Raw(version) => {
                let mut header = RawHeader::new(version, s.now);
                header.source_serial = s.source_serial;
                Encoder::Raw {
                    header,
                    class,
                    sig_ttl_cap: style.sig_ttl_cap,
                }
            }
            OutputFormat::Text | OutputFormat::Full => Encoder::Text(style),
        }
    }

    /// What the file starts with: the comment lines, or the raw header.
    pub fn header(&self, now: UnixTime) -> Vec<u8> {
        match self {
            Encoder::Text(_) => text::header(now).into_bytes(),
            Encoder::Raw { header, .. } => {
                let mut out = Vec::with_capacity(24);
                encode_header(header, &mut out);
                out
            }
        }
    }

    /// One chunk of the signed zone; `zone` is the zone as loaded.
    pub fn chunk(&self, chunk: &SignedChunk<'_>, zone: &Zone) -> std::io::Result<Vec<u8>> {
        match self {
            Encoder::Text(style) => Ok(text::format_chunk(chunk, zone, style).into_bytes()),
            Encoder::Raw {
                class, sig_ttl_cap, ..
            } => raw_chunk(chunk, *class, *sig_ttl_cap),
        }
    }
}

/// Each RRset as one rdataset, followed by the RRSIG rdataset over it (covering its type).
fn raw_chunk(chunk: &SignedChunk<'_>, class: Class, sig_ttl_cap: u32) -> std::io::Result<Vec<u8>> {
    let invalid = |e| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let mut out = Vec::with_capacity(chunk.nodes.len() * 256);
    for (node, signed) in chunk.nodes.iter().zip(&chunk.signed) {
        let owner = node.owner.as_wire();
        for (set, sigs) in node.sets.iter().zip(signed) {
            if !set.rdatas.is_empty() {
                let head = RdatasetHead {
                    owner,
                    class,
                    rtype: set.rtype,
                    covers: RrType(0),
                    ttl: set.ttl,
                };
                encode_rdataset(&head, set.rdatas.iter().map(|r| &r[..]), &mut out)
                    .map_err(invalid)?;
            }
            if !sigs.sigs.is_empty() {
                let head = RdatasetHead {
                    owner,
                    class,
                    rtype: RrType::RRSIG,
                    covers: set.rtype,
                    ttl: Ttl(set.ttl.0.min(sig_ttl_cap)),
                };
                encode_rdataset(&head, sigs.sigs.iter().map(Vec::as_slice), &mut out)
                    .map_err(invalid)?;
            }
        }
    }
    Ok(out)
}
