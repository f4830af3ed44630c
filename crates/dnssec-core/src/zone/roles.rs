//! What each owner name is in its zone (RFC 1034 section 4.2.1, RFC 4035 section 2.3,
//! RFC 6672 section 2.3): the apex, authoritative data, a delegation, glue, or data occluded
//! by a zone cut or a DNAME.

/// The role of an owner name in the zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRole {
    /// The zone apex.
    Apex,
    /// Authoritative data (not a cut, not below one).
    Authoritative,
    /// A zone cut: NS at a name other than the apex (RFC 4035 section 2.3).
    Delegation,
    /// Below an NS cut and holding address records: glue (RFC 1034 section 4.2.1).
    Glue,
    /// Below an NS cut without address records, or below a DNAME (RFC 6672 section 2.3):
    /// present in the file but not authoritative.
    Occluded,
}

impl NameRole {
    /// True for names at or below which the zone is not authoritative for anything but the
    /// NS/DS/NSEC at the cut itself: glue and occluded data.
    pub fn is_below_cut(self) -> bool {
        matches!(self, NameRole::Glue | NameRole::Occluded)
    }
}
