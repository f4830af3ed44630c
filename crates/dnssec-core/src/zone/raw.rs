//! The compact zone to and from BIND's raw format (`zonefile::raw` reads and encodes the
//! rdatasets): loading checks every rdataset with the reader, the class and the apex SOA
//! against the zone (BIND's `bad class` and `not at top of zone`) and skips data outside the
//! zone with the warning the text loader gives; [`write_raw`] writes a whole zone.

use std::path::Path;
use std::sync::Arc;

use std::io::{self, Write};

use super::Zone;
use crate::name::Name;
use crate::rr::{Class, RrType, Ttl};
use crate::zonefile::raw::{encode_header, encode_rdataset, RawWriteError, RdatasetHead};
use crate::zonefile::raw::{
    RawError, RawErrorKind, RawHeader, RawReader, RawWarning, HEADER_LEN_V1,
};

/// A loaded raw zone: the finished compact zone, the file's header, and the warnings.
pub struct RawZone {
    /// The zone, finished (sorted, classified).
    pub zone: Zone,
    /// The file's header (version, dump time, source serial).
    pub header: RawHeader,
    /// What was skipped, in file order.
    pub warnings: Vec<RawWarning>,
}

/// Reads the raw file at `path` (named in messages as given) for the zone `origin` of
/// `class` (docs/bind-compat.md, "signzone: output formats and order", `-I raw`).
pub fn load_raw(path: impl AsRef<Path>, origin: &Name, class: Class) -> Result<RawZone, RawError> {
    let path = path.as_ref();
    let label = crate::zonefile::path_label(path);
    let buf = read_checked(path, &label).map_err(|e| match e {
        ReadFailure::Io(e) => RawError {
            file: Arc::from(label.as_str()),
            offset: 0,
            kind: RawErrorKind::Io {
                reason: match e.kind() {
                    std::io::ErrorKind::NotFound => "file not found".into(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".into(),
                    _ => e.to_string(),
                },
            },
        },
        ReadFailure::Header(e) => e,
    })?;
    load_raw_bytes(&buf, &label, origin, class)
}

enum ReadFailure {
    Io(std::io::Error),
    Header(RawError),
}

/// Reads the whole file; from a pipe or device (`/dev/zero`) the header is read and checked
/// first, so that input that is not raw is refused at once, as BIND refuses it, instead of
/// after reading an endless stream.
fn read_checked(path: &Path, label: &str) -> Result<Vec<u8>, ReadFailure> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(ReadFailure::Io)?;
    let mut buf = Vec::new();
    if !file.metadata().map_err(ReadFailure::Io)?.is_file() {
        (&mut file)
            .take(HEADER_LEN_V1 as u64)
            .read_to_end(&mut buf)
            .map_err(ReadFailure::Io)?;
        match RawReader::new(&buf, label) {
            Err(e) if !matches!(e.kind, RawErrorKind::ShortHeader { .. }) => {
                return Err(ReadFailure::Header(e))
            }
            _ => {}
        }
    }
    file.read_to_end(&mut buf).map_err(ReadFailure::Io)?;
    Ok(buf)
}

/// [`load_zone`] for a file already in memory; `file` names it in messages.
pub fn load_raw_bytes(
    buf: &[u8],
    file: &str,
    origin: &Name,
    class: Class,
) -> Result<RawZone, RawError> {
    let mut reader = RawReader::new(buf, file)?;
    let header = *reader.header();
    let file = reader.file().clone();
    let mut zone = Zone::new(origin.clone(), class);
    let mut warnings = Vec::new();
    let fail = |offset: u64, kind| RawError {
        file: file.clone(),
        offset,
        kind,
    };
    while let Some(set) = reader.next_rdataset() {
        let set = set?;
        if set.class != class {
            return Err(fail(
                set.offset + 4,
                RawErrorKind::ClassMismatch {
                    found: set.class,
                    zone: class,
                },
            ));
        }
        let owner = set.owner_name();
        if set.rtype == RrType::SOA && owner != *origin {
            return Err(fail(set.offset, RawErrorKind::NotAtTop(owner.bind_text())));
        }
        if !owner.is_subdomain_of(origin) {
            warnings.push(RawWarning {
                file: file.clone(),
                offset: set.offset,
                message: format!("ignoring out-of-zone data ({owner})"),
                out_of_zone: true,
            });
            continue;
        }
        for rd in set.rdatas() {
            zone.add_parts(&owner, set.ttl, set.rtype, rd)
                .map_err(|e| fail(set.offset, RawErrorKind::Zone(e.kind)))?;
        }
    }
    zone.finish()
        .map_err(|e| fail(buf.len() as u64, RawErrorKind::Zone(e.kind)))?;
    Ok(RawZone {
        zone,
        header,
        warnings,
    })
}

/// Writes a whole zone in BIND's raw format (the layout `zonefile::raw` describes): the
/// header, then per name its RRsets in type order, the signatures of each covered type (and
/// TTL, RFC 4034 section 3.1.4) as their own RRSIG rdataset.
pub fn write_raw(zone: &Zone, header: &RawHeader, out: &mut impl Write) -> io::Result<()> {
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
