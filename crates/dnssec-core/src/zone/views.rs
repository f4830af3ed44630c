//! Borrowed views into a finished zone: one owner name, one RRset, one record. They hand out
//! wire slices from the zone's arenas, so walking a zone allocates nothing.

use super::roles::NameRole;
use super::store::{Rec, Zone};
use crate::name::Name;
use crate::rr::{Class, RrType, SigTime, Ttl};
use crate::zonefile::Record;

/// One owner name of the zone with its RRsets, in canonical order (RFC 4034 section 6.1).
#[derive(Clone, Copy)]
pub struct NameView<'z> {
    pub(super) zone: &'z Zone,
    pub(super) index: usize,
}

impl<'z> NameView<'z> {
    /// The owner in uncompressed wire form, case as first written.
    pub fn owner_wire(&self) -> &'z [u8] {
        self.zone.owner_wire(self.zone.node_owner(self.index))
    }

    /// The owner as a [`Name`] (allocates).
    pub fn name(&self) -> Name {
        Name::from_wire(self.owner_wire()).unwrap_or_else(|_| Name::root())
    }

    /// The name's role in the zone.
    pub fn role(&self) -> NameRole {
        self.zone
            .nodes
            .get(self.index)
            .map_or(NameRole::Authoritative, |n| n.role)
    }

    /// All records at the name, sorted by type then canonical rdata (RFC 4034 section 6.3).
    pub(super) fn recs(&self) -> &'z [Rec] {
        self.zone.node_recs(self.index)
    }

    /// The type of each record at the name, in the records' order (ascending type): one
    /// entry per record, for callers that weigh records rather than RRsets.
    pub(crate) fn record_types(&self) -> impl Iterator<Item = RrType> + 'z {
        self.recs().iter().map(|r| RrType(r.rtype))
    }

    /// The Signature Expiration of each RRSIG record at the name (RFC 4034 section 3.1.5)
    /// with where it was read: the index of its file and its line (line 0 for records not
    /// read from a file); see [`Zone::location`]. Those judged while the zone loaded are
    /// not records: see [`Zone::first_expired_judged`].
    pub(crate) fn rrsig_expirations(&self) -> impl Iterator<Item = (SigTime, (u16, u32))> + 'z {
        let zone = self.zone;
        let file = zone
            .owners
            .get(zone.node_owner(self.index) as usize)
            .map_or(u16::MAX, |o| o.file);
        self.recs()
            .iter()
            .filter(|r| r.rtype == RrType::RRSIG.0)
            .filter_map(move |r| {
                let b = zone.rdata_of(r).get(8..12)?;
                let expiration = SigTime(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                Some((expiration, (file, r.line)))
            })
    }

    /// The RRsets at the name in ascending type order. RRSIGs form one RRset per name here;
    /// use [`RrsetView::covering`] to split them by covered type. RRSIGs judged while a
    /// verifier loaded the zone are not in it: [`signatures`](Self::signatures) has them.
    pub fn rrsets(&self) -> impl Iterator<Item = RrsetView<'z>> + 'z {
        let zone = self.zone;
        let owner = self.owner_wire();
        let mut rest = self.recs();
        std::iter::from_fn(move || {
            let first = rest.first()?;
            let n = rest.iter().take_while(|r| r.rtype == first.rtype).count();
            let (set, tail) = rest.split_at(n);
            rest = tail;
            Some(RrsetView {
                zone,
                owner,
                recs: set,
            })
        })
    }

    /// The RRset of one type, if present.
    pub fn rrset(&self, rtype: RrType) -> Option<RrsetView<'z>> {
        self.rrsets().find(|s| s.rtype() == rtype)
    }

    /// The types present, ascending (RRSIG too when only RRSIGs judged while the zone
    /// loaded are at the name).
    pub fn types(&self) -> Vec<RrType> {
        let mut types: Vec<RrType> = self.rrsets().map(|s| s.rtype()).collect();
        if !self.zone.judged_at(self.index).is_empty() {
            if let Err(at) = types.binary_search(&RrType::RRSIG) {
                types.insert(at, RrType::RRSIG);
            }
        }
        types
    }

    /// The type covered (RFC 4034 section 3.1.1) of every RRSIG at the name, judged while the
    /// zone loaded or not, ascending, each once.
    pub(crate) fn covered_types(&self) -> Vec<RrType> {
        let mut covered: Vec<RrType> = self
            .zone
            .judged_at(self.index)
            .iter()
            .map(|j| RrType(j.covered))
            .collect();
        if let Some(set) = self.rrset(RrType::RRSIG) {
            covered.extend(set.rdatas().filter_map(|rd| {
                rd.get(..2)
                    .map(|b| RrType(u16::from_be_bytes([b[0], b[1]])))
            }));
        }
        covered.sort_unstable();
        covered.dedup();
        covered
    }

    /// Every RRSIG at the name with its verdict when it was judged while the zone loaded
    /// (`condense.rs`: its rdata is then the fixed fields and signer followed by the
    /// signature's first octets only), by type covered (RFC 4034 section 3.1.1), the judged
    /// ones of a type first, each kind in canonical order.
    pub(crate) fn signatures(&self) -> Vec<(std::borrow::Cow<'z, [u8]>, Option<u8>)> {
        let zone = self.zone;
        let mut out: Vec<(std::borrow::Cow<'z, [u8]>, Option<u8>)> = zone
            .judged_at(self.index)
            .iter()
            .filter_map(|j| {
                Some((
                    std::borrow::Cow::Owned(zone.expand_judged(j)?),
                    Some(j.verdict),
                ))
            })
            .collect();
        let judged = out.len();
        if let Some(set) = self.rrset(RrType::RRSIG) {
            out.extend(
                set.rdatas()
                    .map(|rd| (std::borrow::Cow::Borrowed(rd), None)),
            );
        }
        if judged > 0 && out.len() > judged {
            let covered = |rd: &[u8]| rd.get(..2).map(|b| u16::from_be_bytes([b[0], b[1]]));
            out.sort_by_key(|(rd, _)| covered(rd));
        }
        out
    }

    /// The owner in the case the records of `rtype` were written with (those of the first
    /// run of records that had one), where [`owner_wire`](Self::owner_wire) gives the case
    /// BIND's database names the node with (`tree_case.rs`).
    pub fn written_owner(&self, rtype: RrType) -> Option<&'z [u8]> {
        let first = self
            .recs()
            .iter()
            .filter(|r| r.rtype == rtype.0)
            .map(|r| r.owner)
            .min()?;
        Some(self.zone.owner_wire(first))
    }

    /// Where each record at the name was read: its type, the type an RRSIG covers (0 for
    /// other types), the run it came in (runs of consecutive records at one owner in one
    /// file, numbered in reading order) and its line. Records given with [`Zone::add`] have
    /// line 0. BIND's database keeps RRsets in an order that follows this (docs/bind-compat.md,
    /// "signzone: output formats and order").
    pub fn read_positions(&self) -> impl Iterator<Item = (RrType, RrType, u32, u32)> + 'z {
        let zone = self.zone;
        self.recs().iter().map(move |r| {
            let covers = if r.rtype == RrType::RRSIG.0 {
                let rd = zone.rdata_of(r);
                RrType(rd.get(..2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]])))
            } else {
                RrType(0)
            };
            (RrType(r.rtype), covers, r.owner, r.line)
        })
    }
}

/// The records of one owner and type (RFC 2181 section 5), in canonical rdata order.
#[derive(Clone, Copy)]
pub struct RrsetView<'z> {
    zone: &'z Zone,
    owner: &'z [u8],
    recs: &'z [Rec],
}

impl<'z> RrsetView<'z> {
    /// The type.
    pub fn rtype(&self) -> RrType {
        RrType(self.recs.first().map(|r| r.rtype).unwrap_or(0))
    }

    /// The TTL (the same for every record, RFC 2181 section 5.2; the zone enforced it).
    pub fn ttl(&self) -> Ttl {
        Ttl(self.recs.first().map(|r| r.ttl).unwrap_or(0))
    }

    /// The owner in wire form.
    pub fn owner_wire(&self) -> &'z [u8] {
        self.owner
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Always false: an RRset view holds at least one record.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// The rdatas as written (case preserved), in canonical order.
    pub fn rdatas(&self) -> impl Iterator<Item = &'z [u8]> + 'z {
        let zone = self.zone;
        self.recs.iter().map(move |r| zone.rdata_of(r))
    }

    /// The rdatas in canonical form (RFC 4034 section 6.2), in canonical order: what a
    /// signature covers.
    pub fn canonical_rdatas(&self) -> impl Iterator<Item = &'z [u8]> + 'z {
        let zone = self.zone;
        self.recs.iter().map(move |r| zone.canonical_rdata_of(r))
    }

    /// The records as views.
    pub fn records(&self) -> impl Iterator<Item = RecordView<'z>> + 'z {
        let zone = self.zone;
        let owner = self.owner;
        self.recs.iter().map(move |r| zone.record_view(owner, r))
    }

    /// For an RRSIG RRset: only the signatures covering `covered` (RFC 4034 section 3.1.1).
    pub fn covering(&self, covered: RrType) -> impl Iterator<Item = &'z [u8]> + 'z {
        self.rdatas()
            .filter(move |rd| rd.len() >= 2 && u16::from_be_bytes([rd[0], rd[1]]) == covered.0)
    }
}

/// One record of the zone, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'z> {
    /// Owner in wire form.
    pub owner: &'z [u8],
    /// TTL.
    pub ttl: Ttl,
    /// Class.
    pub class: Class,
    /// Type.
    pub rtype: RrType,
    /// Rdata as written.
    pub rdata: &'z [u8],
    /// Rdata in canonical form (RFC 4034 section 6.2).
    pub canonical_rdata: &'z [u8],
}

impl RecordView<'_> {
    /// An owned copy (rdata as written).
    pub fn to_record(&self) -> Record {
        Record {
            owner: Name::from_wire(self.owner).unwrap_or_else(|_| Name::root()),
            ttl: self.ttl,
            class: self.class,
            rtype: self.rtype,
            rdata: self.rdata.to_vec(),
        }
    }
}
