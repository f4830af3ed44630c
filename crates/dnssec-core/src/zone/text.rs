//! The compact zone as text: one record per line with absolute owners, in the order and
//! owner case of BIND's dump (`named-checkzone -D`), through `zonefile::writer`'s rdata text.

use std::io::{self, Write};

use super::Zone;
use crate::rr::{rdata, RrType};

/// Writes a whole zone in canonical order (RFC 4034 section 6.1; SOA first at the apex),
/// one record per line with absolute owners, in the shape of `named-checkzone -D` (fields
/// tab separated instead of BIND's padding).
pub fn write_text(zone: &Zone, out: &mut impl Write) -> io::Result<()> {
    let mut line = String::with_capacity(256);
    let mut owner_text = String::with_capacity(64);
    for name in zone.names() {
        owner_text.clear();
        crate::rr::rdata::push_wire_name(name.owner_wire(), &mut owner_text);
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
                    crate::rr::rdata::push_wire_name(written, &mut owner_text);
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
