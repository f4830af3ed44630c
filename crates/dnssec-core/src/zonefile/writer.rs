//! BIND's text forms for records: one record per line as `owner TTL CLASS TYPE rdata`
//! (what `named-checkzone -D` prints, without its column padding), and a whole-zone dump.

use std::io::{self, Write};

use super::record::Record;
use crate::name::Name;
use crate::rr::{rdata, Class, RrType, Ttl};

/// Appends one record line (no newline) with the owner absolute, fields tab separated.
pub fn push_record_line(
    owner: &Name,
    ttl: Ttl,
    class: Class,
    rtype: RrType,
    wire: &[u8],
    out: &mut String,
) {
    use std::fmt::Write as _;
    let _ = write!(out, "{owner}\t{ttl}\t{class}\t{rtype}\t");
    if rdata::try_to_text(rtype, wire, out).is_err() {
        rdata::generic_text(wire, out);
    }
}

/// The one-line text of a record.
pub fn record_line(record: &Record) -> String {
    let mut s = String::new();
    push_record_line(
        &record.owner,
        record.ttl,
        record.class,
        record.rtype,
        &record.rdata,
        &mut s,
    );
    s
}

/// Writes records one per line, in the order given.
pub fn write_records<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut line = String::new();
    for r in records {
        line.clear();
        push_record_line(&r.owner, r.ttl, r.class, r.rtype, &r.rdata, &mut line);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes a whole zone in canonical order (SOA first at the apex), one record per line with
/// absolute owners, in the shape of `named-checkzone -D` (fields tab separated instead of
/// BIND's padding).
pub fn write_zone(zone: &crate::zone::Zone, out: &mut impl Write) -> io::Result<()> {
    let mut line = String::with_capacity(256);
    let mut owner_text = String::with_capacity(64);
    for name in zone.names() {
        owner_text.clear();
        crate::rr::rdata::text::push_wire_name(name.owner_wire(), &mut owner_text);
        // BIND's dump puts the SOA first at the apex; the rest follow in type order.
        let soa_first = name
            .rrset(RrType::SOA)
            .into_iter()
            .chain(name.rrsets().filter(|s| s.rtype() != RrType::SOA));
        for set in soa_first {
            // Each RRset read from a file keeps the owner case it was written with, as in
            // BIND's dump (zone/tree_case.rs).
            if zone.owners_differ_in_case() {
                if let Some(written) = name.written_owner(set.rtype()) {
                    owner_text.clear();
                    crate::rr::rdata::text::push_wire_name(written, &mut owner_text);
                }
            }
            for rd in set.rdatas() {
                use std::fmt::Write as _;
                line.clear();
                let _ = write!(
                    line,
                    "{owner_text}\t{}\t{}\t{}\t",
                    set.ttl(),
                    zone.class(),
                    set.rtype()
                );
                if rdata::try_to_text(set.rtype(), rd, &mut line).is_err() {
                    rdata::generic_text(rd, &mut line);
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
        }
    }
    Ok(())
}
