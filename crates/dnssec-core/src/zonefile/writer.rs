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
