//! One resource record held on its own (RFC 1035 section 3.2.1), for small uses: keys, DS
//! sets, records read one at a time. Bulk data lives in the compact `zone` instead.

use std::fmt;

use crate::name::Name;
use crate::rr::{rdata, Class, RrType, Ttl};

/// An owned resource record: owner, TTL, class, type and rdata in uncompressed wire form
/// (RFC 1035 section 3.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The owner name, case as written.
    pub owner: Name,
    /// The TTL.
    pub ttl: Ttl,
    /// The class.
    pub class: Class,
    /// The type.
    pub rtype: RrType,
    /// The rdata in wire form.
    pub rdata: Vec<u8>,
}

impl Record {
    /// The rdata in BIND's presentation form (RFC 3597 generic form if it does not fit).
    pub fn rdata_text(&self) -> String {
        rdata::to_text(self.rtype, &self.rdata)
    }
}

impl fmt::Display for Record {
    /// BIND's one-line form `owner TTL CLASS TYPE rdata` with tabs between fields.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}",
            self.owner,
            self.ttl,
            self.class,
            self.rtype,
            self.rdata_text()
        )
    }
}
