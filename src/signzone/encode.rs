//! The signed zone's bytes in the format `-O` asks for: BIND's text styles (`text.rs`) or its
//! binary raw format (docs/bind-compat.md, "signzone: output formats and order"), chunk by
//! chunk in the plan's order.

use dnssec_core::sign::SignedChunk;
use dnssec_core::time::UnixTime;
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::raw::RawHeader;
use dnssec_core::zonefile::raw::{encode_header, encode_rdataset, RdatasetHead};
use dnssec_core::{Class, RrType, Ttl};

use super::settings::{OutputFormat, Settings};
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
        /// RRSIG TTLs are at most end − start, as in text (docs/bind-compat.md,
        /// "signzone: output formats and order").
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

    /// One chunk of the signed zone, in pieces to write in order; `zone` is the zone as
    /// loaded.
    pub fn chunk(&self, chunk: &SignedChunk<'_>, zone: &Zone) -> std::io::Result<Vec<Vec<u8>>> {
        match self {
            Encoder::Text(style) => Ok(text::format_chunk(chunk, zone, style)
                .into_iter()
                .map(String::into_bytes)
                .collect()),
            Encoder::Raw {
                class, sig_ttl_cap, ..
            } => Ok(vec![raw_chunk(chunk, zone, *class, *sig_ttl_cap)?]),
        }
    }
}

/// Each RRset as one rdataset and the signatures over it as an RRSIG rdataset covering its
/// type, in the order BIND's database lists them (as its raw dump writes them); RRsets read
/// from the zone and left unchanged keep their owner's written case, as in text.
fn raw_chunk(
    chunk: &SignedChunk<'_>,
    zone: &Zone,
    class: Class,
    sig_ttl_cap: u32,
) -> std::io::Result<Vec<u8>> {
    let invalid = |e| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let mut out = Vec::with_capacity(chunk.nodes.len() * 256);
    for (node, signed) in chunk.nodes.iter().zip(&chunk.signed) {
        let owner = node.owner.as_wire();
        let read = if zone.owners_differ_in_case() {
            zone.find(&node.owner)
        } else {
            None
        };
        for item in text::database_order(node, signed, zone) {
            match item {
                text::Item::Set(i) => {
                    let set = &node.sets[i];
                    let head = RdatasetHead {
                        owner: read
                            .and_then(|r| text::written_owner(&r, set))
                            .unwrap_or(owner),
                        class,
                        rtype: set.rtype,
                        // BIND files SIG records (RFC 2535) under the type they cover, as
                        // it does RRSIGs.
                        covers: match set.rdatas.first() {
                            Some(rd) if set.rtype == RrType(24) && rd.len() >= 2 => {
                                RrType(u16::from_be_bytes([rd[0], rd[1]]))
                            }
                            _ => RrType(0),
                        },
                        ttl: set.ttl,
                    };
                    encode_rdataset(&head, set.rdatas.iter().map(|r| &r[..]), &mut out)
                        .map_err(invalid)?;
                }
                text::Item::Sigs(i) => {
                    let set = &node.sets[i];
                    let head = RdatasetHead {
                        owner,
                        class,
                        rtype: RrType::RRSIG,
                        covers: set.rtype,
                        ttl: Ttl(set.ttl.0.min(sig_ttl_cap)),
                    };
                    encode_rdataset(&head, text::sorted_signatures(&signed[i]), &mut out)
                        .map_err(invalid)?;
                }
            }
        }
    }
    Ok(out)
}
