//! A raw zone file into the compact zone: every rdataset checked by the reader, the class
//! and the apex SOA checked against the zone (BIND's `bad class` and `not at top of zone`),
//! data outside the zone skipped with the warning the text loader gives.

use std::path::Path;
use std::sync::Arc;

use super::error::{RawError, RawErrorKind, RawWarning};
use super::read::RawReader;
use super::RawHeader;
use crate::name::Name;
use crate::rr::{Class, RrType};
use crate::zone::Zone;

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
/// `class` (REFERENCE.md 1.7, `-I raw`).
pub fn load_zone(path: impl AsRef<Path>, origin: &Name, class: Class) -> Result<RawZone, RawError> {
    let path = path.as_ref();
    let label = crate::zonefile::reader::path_label(path);
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
    load_zone_bytes(&buf, &label, origin, class)
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
            .take(super::HEADER_LEN_V1 as u64)
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
pub fn load_zone_bytes(
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
            return Err(fail(
                set.offset,
                RawErrorKind::NotAtTop(message_name(&owner)),
            ));
        }
        if !owner.is_subdomain_of(origin) {
            warnings.push(RawWarning {
                file: file.clone(),
                offset: set.offset,
                message: format!("ignoring out-of-zone data ({owner})"),
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

/// A name as BIND's load messages print it: without the final dot, except the root.
fn message_name(name: &Name) -> String {
    let text = name.to_string();
    match text.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => stripped.to_string(),
        _ => text,
    }
}
