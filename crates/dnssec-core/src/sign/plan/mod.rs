//! The signed zone's content, name by name (RFC 4035 section 2): which RRsets each owner
//! keeps, which get signatures, the regenerated apex key RRsets and denial-of-existence
//! chain, and which existing RRSIGs are candidates for retention. The plan hands out the
//! loaded compact zone in chunks of consecutive names; each name's output node (its NSEC
//! included: the next owner is known once the names are sorted) is made and signed on the
//! worker that takes it, so a large zone is signed and written in pieces without holding
//! every signature at once. The NSEC3 chain needs every name hashed first: its order is
//! computed while the names are being signed, and its records come last.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

use rayon::prelude::*;

use super::driver::{sign_job, Context, DriverError, Job, Signed};
use super::nsec3_chain::{Nsec3Order, Nsec3Source};
use crate::dnssec::nsec3_bitmap;
use crate::dnssec::nsec3_owner;
use crate::dnssec::nsec_bitmap;
use crate::dnssec::{ChainError, NameKind};
use crate::name::Name;
use crate::rr::bitmap;
use crate::rr::rdata;
use crate::rr::Nsec3Params;
use crate::zone::{NameRole, NameView, RrsetView, Zone};
use crate::{RrType, Ttl};

/// An RRset the signer makes or replaces (apex keys, NSEC3PARAM, a new SOA, `-g` DS sets):
/// rdatas in wire form as they will be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedSet {
    /// The type.
    pub rtype: RrType,
    /// The TTL.
    pub ttl: Ttl,
    /// The rdatas, in wire form.
    pub rdatas: Vec<Vec<u8>>,
}

/// The denial-of-existence chain to build (RFC 4034 section 4, RFC 5155).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainKind {
    /// NSEC.
    Nsec,
    /// NSEC3 with these parameters (the flags carry Opt-Out).
    Nsec3(Nsec3Params),
}

/// What the plan changes in the loaded zone.
#[derive(Clone, Debug)]
pub struct Changes {
    /// RRsets that replace (or, when empty of rdatas, remove) the apex RRsets of the same
    /// type: DNSKEY, CDS, CDNSKEY, SOA.
    pub apex: Vec<OwnedSet>,
    /// DS RRsets that replace the DS at a delegation (`-g`); `None` removes it.
    pub ds: HashMap<Name, Option<OwnedSet>>,
    /// The chain type.
    pub chain: ChainKind,
    /// TTL of NSEC and NSEC3 records: min(SOA TTL, SOA MINIMUM), capped by `-M`.
    pub chain_ttl: Ttl,
    /// `-M`: no TTL above this.
    pub max_ttl: Option<Ttl>,
}

/// One RRset of the output.
pub struct OutSet<'p> {
    /// The type.
    pub rtype: RrType,
    /// The TTL.
    pub ttl: Ttl,
    /// The rdatas as written (case kept), in canonical order.
    pub rdatas: Vec<Cow<'p, [u8]>>,
    /// The same rdatas in canonical form (RFC 4034 section 6.2), or `None` when that is
    /// how they are written (most RRsets: no names inside, or names in lower case).
    pub canonical: Option<Vec<Cow<'p, [u8]>>>,
    /// True when the RRset is authoritative and gets signatures.
    pub sign: bool,
    /// The RRSIGs over it already in the zone.
    pub existing: Vec<&'p [u8]>,
    /// True for records the signer made (chain, keys): `-D` output includes only these
    /// and the signatures.
    pub generated: bool,
}

impl OutSet<'_> {
    /// The rdatas in canonical form (RFC 4034 section 6.2), in canonical order: what a
    /// signature covers.
    pub fn canonical_rdatas(&self) -> impl Iterator<Item = &[u8]> {
        self.canonical
            .as_ref()
            .unwrap_or(&self.rdatas)
            .iter()
            .map(|c| c.as_ref())
    }
}

/// One owner name of the output with its RRsets in type order.
pub struct OutNode<'p> {
    /// The owner.
    pub owner: Name,
    /// The RRsets.
    pub sets: Vec<OutSet<'p>>,
}

/// A chunk of output nodes with their signatures (one `Signed` per set; unsigned sets get
/// an empty one).
pub struct SignedChunk<'p> {
    /// The nodes.
    pub nodes: Vec<OutNode<'p>>,
    /// Per node, per set, the signatures.
    pub signed: Vec<Vec<Signed>>,
}

/// Why the plan could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum PlanError {
    /// The chain could not be built.
    Chain(ChainError),
    /// Signing failed.
    Sign(DriverError),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Chain(e) => write!(f, "{e}"),
            PlanError::Sign(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PlanError {}

/// The signed zone to produce from a loaded zone and the changes.
pub struct Plan<'z> {
    zone: &'z Zone,
    changes: Changes,
    /// The apex as the zone spells it: NSEC3 owners end in it, the last NSEC points to it.
    apex: Name,
    nsec3param: Option<OwnedSet>,
    /// The zone holds NSEC3 records (of an earlier signing), whose RRSIGs may be kept.
    old_nsec3: bool,
}

/// Types the signer always regenerates: the chain and the signatures themselves, and the
/// apex NSEC3PARAM. An NSEC3PARAM anywhere else is ordinary data (RFC 5155 section 4 gives
/// it meaning only at the apex) and is kept and signed, as BIND does.
fn regenerated(rtype: RrType, at_apex: bool) -> bool {
    matches!(rtype, RrType::RRSIG | RrType::NSEC | RrType::NSEC3)
        || (at_apex && rtype == RrType::NSEC3PARAM)
}

/// The canonical form of `wire` when it differs (RFC 4034 section 6.2).
fn canonical_of(rtype: RrType, wire: &[u8]) -> Option<Vec<u8>> {
    let mut owned = wire.to_vec();
    matches!(rdata::canonicalize(rtype, &mut owned), Ok(true)).then_some(owned)
}

/// The canonical forms of `rdatas`, or `None` when every one is already canonical.
fn canonical_set<'p>(rtype: RrType, rdatas: &[Vec<u8>]) -> Option<Vec<Cow<'p, [u8]>>> {
    let canonical: Vec<Option<Vec<u8>>> = rdatas.iter().map(|r| canonical_of(rtype, r)).collect();
    canonical.iter().any(Option::is_some).then(|| {
        canonical
            .into_iter()
            .zip(rdatas)
            .map(|(c, r)| Cow::Owned(c.unwrap_or_else(|| r.clone())))
            .collect()
    })
}

fn sort_canonical(set: &mut OwnedSet) {
    set.rdatas.sort_by(|a, b| {
        let ca = canonical_of(set.rtype, a);
        let cb = canonical_of(set.rtype, b);
        ca.as_deref().unwrap_or(a).cmp(cb.as_deref().unwrap_or(b))
    });
    set.rdatas.dedup();
}

/// One RRset a name keeps or gains in the output.
enum Kept<'p> {
    /// From the zone as loaded.
    Zone(RrsetView<'p>),
    /// Made by the signer (apex keys, SOA, NSEC3PARAM, `-g` DS).
    Owned(&'p OwnedSet),
}

impl Kept<'_> {
    fn rtype(&self) -> RrType {
        match self {
            Kept::Zone(s) => s.rtype(),
            Kept::Owned(s) => s.rtype,
        }
    }
}

/// True when a name other than the apex or a delegation keeps something in the output:
/// the signer's changes apply at those two only, so anything it does not regenerate.
fn has_own_data(node: &NameView<'_>) -> bool {
    node.record_types().any(|t| !regenerated(t, false))
}

impl<'z> Plan<'z> {
    /// Builds the plan: the apex and DS changes to apply to the zone's names and the chain
    /// to make over the result. The zone must start with its apex.
    pub fn new(zone: &'z Zone, mut changes: Changes) -> Result<Plan<'z>, PlanError> {
        for set in &mut changes.apex {
            sort_canonical(set);
        }
        for set in changes.ds.values_mut().flatten() {
            sort_canonical(set);
        }
        let apex = match zone.names().next() {
            Some(first) if first.role() == NameRole::Apex => first.name(),
            _ => return Err(PlanError::Chain(ChainError::ApexNotFirst)),
        };
        let nsec3param = match &changes.chain {
            ChainKind::Nsec => None,
            ChainKind::Nsec3(params) => {
                // Every NSEC3 owner is a hash label on the apex: refuse a too long apex now
                // rather than after the names are signed.
                nsec3_owner(&[0; 20], &apex)
                    .map_err(|_| PlanError::Chain(ChainError::OwnerTooLong))?;
                let mut wire = Vec::new();
                Nsec3Params {
                    flags: 0,
                    ..params.clone()
                }
                .to_wire(&mut wire);
                Some(OwnedSet {
                    rtype: RrType::NSEC3PARAM,
                    ttl: Ttl(0),
                    rdatas: vec![wire],
                })
            }
        };
        let old_nsec3 = zone.has_type(RrType::NSEC3);
        Ok(Plan {
            zone,
            changes,
            apex,
            nsec3param,
            old_nsec3,
        })
    }

    /// The zone being signed.
    pub fn zone(&self) -> &'z Zone {
        self.zone
    }

    fn apex_change(&self, rtype: RrType) -> Option<&OwnedSet> {
        self.changes.apex.iter().find(|s| s.rtype == rtype)
    }

    /// Zone name `i` in canonical order.
    fn name_at(&self, i: usize) -> Option<NameView<'z>> {
        self.zone.name_at(i)
    }

    /// The RRsets `node` has in the output, apart from the chain and the signatures: the
    /// zone's own (old chain and signatures dropped, replaced ones left out), then the ones
    /// the signer adds. Not sorted.
    fn kept<'p>(&'p self, node: NameView<'z>) -> impl Iterator<Item = Kept<'p>> + 'p
    where
        'z: 'p,
    {
        let role = node.role();
        let apex = role == NameRole::Apex;
        let ds_change = if role == NameRole::Delegation && !self.changes.ds.is_empty() {
            self.changes.ds.get(&node.name())
        } else {
            None
        };
        let own = node
            .rrsets()
            .filter(move |set| {
                let t = set.rtype();
                let replaced = (apex && self.apex_change(t).is_some())
                    || (t == RrType::DS && ds_change.is_some());
                !regenerated(t, apex) && !replaced
            })
            .map(Kept::Zone);
        let added = self
            .changes
            .apex
            .iter()
            .chain(&self.nsec3param)
            .filter(move |_| apex)
            .chain(ds_change.and_then(Option::as_ref))
            .filter(|set| !set.rdatas.is_empty())
            .map(Kept::Owned);
        own.chain(added)
    }

    /// Zone name `i`'s role in the chains, or `None` when it has no place in them (nothing
    /// left there but records the signer regenerates, as at the owners of an old NSEC3
    /// chain).
    fn chain_kind(&self, i: usize) -> Option<NameKind> {
        let node = self.name_at(i)?;
        let role = node.role();
        let listed = match role {
            NameRole::Apex | NameRole::Delegation => true,
            _ => has_own_data(&node),
        };
        listed.then(|| NameKind::from(role))
    }

    /// The owner of the NSEC after zone name `i`: the next name that has one (RFC 4034
    /// section 4.1.1), wrapping to the apex. Names without an NSEC are few in a row (glue
    /// under one cut), so each name's scan is short and all scans together cover the zone
    /// once.
    fn next_nsec_owner(&self, i: usize) -> &[u8] {
        let mut j = i + 1;
        while let Some(node) = self.name_at(j) {
            let member = match node.role() {
                NameRole::Delegation => true,
                NameRole::Authoritative => has_own_data(&node),
                _ => false,
            };
            if member {
                return node.owner_wire();
            }
            j += 1;
        }
        self.apex.as_wire()
    }

    fn cap(&self, ttl: Ttl) -> Ttl {
        match self.changes.max_ttl {
            Some(m) if ttl > m => m,
            _ => ttl,
        }
    }

    fn owned_set<'p>(&self, set: &'p OwnedSet, sign: bool, existing: Vec<&'p [u8]>) -> OutSet<'p> {
        OutSet {
            rtype: set.rtype,
            ttl: self.cap(set.ttl),
            canonical: canonical_set(set.rtype, &set.rdatas),
            rdatas: set
                .rdatas
                .iter()
                .map(|r| Cow::Borrowed(r.as_slice()))
                .collect(),
            sign,
            existing,
            generated: true,
        }
    }

    /// The output node for zone name `i`, with its NSEC when the chain is NSEC.
    fn zone_node<'p>(&'p self, i: usize) -> Option<OutNode<'p>>
    where
        'z: 'p,
    {
        let node = self.name_at(i)?;
        let role = node.role();
        let sigs = node.rrset(RrType::RRSIG);
        let existing = |t: RrType| -> Vec<&'z [u8]> {
            sigs.map(|s| s.covering(t).collect()).unwrap_or_default()
        };
        let signs = |t: RrType| match role {
            NameRole::Apex | NameRole::Authoritative => true,
            NameRole::Delegation => t == RrType::DS,
            NameRole::Glue | NameRole::Occluded => false,
        };
        let mut sets: Vec<OutSet<'p>> = self
            .kept(node)
            .map(|kept| match kept {
                Kept::Zone(rrset) => {
                    let t = rrset.rtype();
                    OutSet {
                        rtype: t,
                        ttl: self.cap(rrset.ttl()),
                        rdatas: rrset.rdatas().map(Cow::Borrowed).collect(),
                        // The zone keeps a canonical copy only of rdata that differs.
                        canonical: rrset
                            .rdatas()
                            .zip(rrset.canonical_rdatas())
                            .any(|(r, c)| !std::ptr::eq(r, c))
                            .then(|| rrset.canonical_rdatas().map(Cow::Borrowed).collect()),
                        sign: signs(t),
                        existing: existing(t),
                        generated: false,
                    }
                }
                Kept::Owned(set) => self.owned_set(set, true, existing(set.rtype)),
            })
            .collect();
        if sets.is_empty() {
            return None;
        }
        let in_nsec_chain = matches!(
            role,
            NameRole::Apex | NameRole::Authoritative | NameRole::Delegation
        );
        if self.changes.chain == ChainKind::Nsec && in_nsec_chain {
            let types: Vec<RrType> = sets.iter().map(|s| s.rtype).collect();
            // RFC 4034 section 4.2: the next name (case kept, RFC 6840 section 5.1), then
            // the type bitmap, as `Nsec::to_wire` writes them.
            let next = self.next_nsec_owner(i);
            let mut wire = Vec::with_capacity(next.len() + 16);
            wire.extend_from_slice(next);
            bitmap::encode(&nsec_bitmap(NameKind::from(role), &types), &mut wire);
            sets.push(OutSet {
                rtype: RrType::NSEC,
                ttl: self.changes.chain_ttl,
                canonical: canonical_of(RrType::NSEC, &wire).map(|c| vec![Cow::Owned(c)]),
                rdatas: vec![Cow::Owned(wire)],
                sign: true,
                existing: existing(RrType::NSEC),
                generated: true,
            });
        }
        sets.sort_by_key(|s| s.rtype);
        Some(OutNode {
            owner: node.name(),
            sets,
        })
    }

    /// The role of zone name `i` and, into `types`, the types it has in the output (chain
    /// and signatures aside), for its NSEC3 type bitmap (RFC 5155 section 3.2.1).
    fn output_types(&self, i: usize, types: &mut Vec<RrType>) -> NameKind {
        types.clear();
        let Some(node) = self.name_at(i) else {
            return NameKind::EmptyNonTerminal;
        };
        let role = node.role();
        // The signer's changes apply at the apex and (with -g) at delegations only;
        // elsewhere the types are the zone's own.
        let changed =
            role == NameRole::Apex || (role == NameRole::Delegation && !self.changes.ds.is_empty());
        if changed {
            types.extend(self.kept(node).map(|k| k.rtype()));
        } else {
            for t in node.record_types() {
                if !regenerated(t, false) && types.last() != Some(&t) {
                    types.push(t);
                }
            }
        }
        NameKind::from(role)
    }

    /// The output node of NSEC3 record `k` of `order`, whose tags index `bitmaps`.
    fn nsec3_node<'p>(
        &'p self,
        order: &Nsec3Order,
        bitmaps: &Bitmaps,
        params: &Nsec3Params,
        k: usize,
    ) -> Option<OutNode<'p>>
    where
        'z: 'p,
    {
        let (hash, next, tag) = (order.hash(k)?, order.next_hash(k)?, order.tag(k)?);
        let bitmap = bitmaps.get(tag);
        let owner = nsec3_owner(hash, &self.apex).ok()?;
        // RFC 5155 section 3.2, as `Nsec3::to_wire` writes it.
        let mut wire = Vec::with_capacity(6 + params.salt.len() + next.len() + bitmap.len());
        params.to_wire(&mut wire);
        wire.push(next.len() as u8);
        wire.extend_from_slice(next);
        wire.extend_from_slice(bitmap);
        let existing = if self.old_nsec3 {
            self.zone
                .find(&owner)
                .and_then(|n| n.rrset(RrType::RRSIG))
                .map(|s| s.covering(RrType::NSEC3).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Some(OutNode {
            owner,
            sets: vec![OutSet {
                rtype: RrType::NSEC3,
                ttl: self.changes.chain_ttl,
                canonical: None,
                rdatas: vec![Cow::Owned(wire)],
                sign: true,
                existing,
                generated: true,
            }],
        })
    }

    /// Walks the output in chunks of about `chunk` names: zone names in canonical order,
    /// then the NSEC3 records in hash order. Each chunk's nodes are made and signed on the
    /// pool and handed to `sink` in order; the sink of one chunk (formatting, writing) runs
    /// while the next chunk is made and signed, and the NSEC3 order is computed while the
    /// zone's names are, so the workers do not wait for either.
    pub fn sign_chunks<E: From<PlanError> + Send>(
        &self,
        ctx: &Context<'_>,
        chunk: usize,
        mut sink: impl FnMut(SignedChunk<'_>) -> Result<(), E> + Send,
    ) -> Result<(), E> {
        let chunk = chunk.max(1);
        let ranges = move |len: usize| (0..len).step_by(chunk).map(move |a| a..len.min(a + chunk));
        let names = ranges(self.zone.name_count());
        let zone_node = |i: usize| self.zone_node(i);
        let mut pending: Option<SignedChunk<'_>> = None;
        match &self.changes.chain {
            ChainKind::Nsec => self.pipeline(ctx, names, &zone_node, &mut pending, &mut sink)?,
            ChainKind::Nsec3(params) => {
                let (order, signed) = rayon::join(
                    || {
                        let source = ChainSource {
                            plan: self,
                            bitmaps: Mutex::new((Bitmaps::default(), Vec::new())),
                        };
                        let order = Nsec3Order::build(&source, &self.apex, params)?;
                        let (bitmaps, _) = source
                            .bitmaps
                            .into_inner()
                            .unwrap_or_else(|e| e.into_inner());
                        Ok((order, bitmaps))
                    },
                    || self.pipeline(ctx, names, &zone_node, &mut pending, &mut sink),
                );
                signed?;
                let (order, bitmaps) = order.map_err(PlanError::Chain)?;
                let nsec3_node = |k: usize| self.nsec3_node(&order, &bitmaps, params, k);
                self.pipeline(
                    ctx,
                    ranges(order.len()),
                    &nsec3_node,
                    &mut pending,
                    &mut sink,
                )?;
            }
        }
        match pending {
            Some(last) => sink(last),
            None => Ok(()),
        }
    }

    /// Signs the chunks of `ranges` (indices for `make`) one after the other, each while the
    /// one before it goes to `sink`; the last one is left in `pending`.
    fn pipeline<'p, E, F>(
        &'p self,
        ctx: &Context<'_>,
        ranges: impl Iterator<Item = Range<usize>> + Send,
        make: &(impl Fn(usize) -> Option<OutNode<'p>> + Sync),
        pending: &mut Option<SignedChunk<'p>>,
        sink: &mut F,
    ) -> Result<(), E>
    where
        E: From<PlanError> + Send,
        F: FnMut(SignedChunk<'p>) -> Result<(), E> + Send,
    {
        for range in ranges {
            let (signed, sunk) = rayon::join(
                || sign_range(ctx, range, make),
                || pending.take().map(&mut *sink).transpose(),
            );
            sunk?;
            let signed = signed.map_err(PlanError::Sign)?;
            if !signed.nodes.is_empty() {
                *pending = Some(signed);
            }
        }
        Ok(())
    }
}

/// The distinct NSEC3 type bitmaps of a zone, in wire form: a zone has few, and the NSEC3
/// records, written in hash order, find theirs here by index instead of visiting their
/// names again (a cache miss or two each, in a random order).
#[derive(Default)]
struct Bitmaps {
    index: HashMap<Vec<u8>, u32>,
    wire: Vec<Vec<u8>>,
    /// The last name's role, types and bitmap index: neighbours mostly have the same.
    last: Option<(NameKind, Vec<RrType>, u32)>,
}

impl Bitmaps {
    /// The index of the bitmap of a name of role `kind` holding `types`.
    fn tag(&mut self, kind: NameKind, types: &[RrType]) -> u32 {
        if let Some((k, t, tag)) = &self.last {
            if *k == kind && t.as_slice() == types {
                return *tag;
            }
        }
        let mut bitmap = Vec::new();
        bitmap::encode(&nsec3_bitmap(kind, types), &mut bitmap);
        let tag = match self.index.get(&bitmap) {
            Some(&i) => i,
            None => {
                let i = self.wire.len() as u32;
                self.wire.push(bitmap.clone());
                self.index.insert(bitmap, i);
                i
            }
        };
        self.last = Some((kind, types.to_vec(), tag));
        tag
    }

    /// The bitmap with index `tag`; empty for an empty non-terminal's.
    fn get(&self, tag: u32) -> &[u8] {
        self.wire.get(tag as usize).map_or(&[], Vec::as_slice)
    }
}

/// The plan's zone names as the NSEC3 builder reads them; each record's tag is the index of
/// its type bitmap.
struct ChainSource<'a, 'z> {
    plan: &'a Plan<'z>,
    /// Asked from one thread, in canonical order; with a buffer for the types.
    bitmaps: Mutex<(Bitmaps, Vec<RrType>)>,
}

impl Nsec3Source for ChainSource<'_, '_> {
    fn len(&self) -> usize {
        self.plan.zone.name_count()
    }
    fn wire(&self, i: usize) -> &[u8] {
        self.plan.name_at(i).map_or(&[0], |n| n.owner_wire())
    }
    fn kind(&self, i: usize) -> Option<NameKind> {
        self.plan.chain_kind(i)
    }
    fn is_secure(&self, i: usize) -> bool {
        self.plan.name_at(i).is_some_and(|node| {
            node.role() == NameRole::Delegation
                && if self.plan.changes.ds.is_empty() {
                    node.record_types().any(|t| t == RrType::DS)
                } else {
                    self.plan.kept(node).any(|k| k.rtype() == RrType::DS)
                }
        })
    }
    fn tag(&self, i: usize) -> u32 {
        // Interning cannot panic half-way, so a poisoned lock still holds a whole table.
        let mut state = self.bitmaps.lock().unwrap_or_else(|e| e.into_inner());
        let (bitmaps, types) = &mut *state;
        let kind = self.plan.output_types(i, types);
        bitmaps.tag(kind, types)
    }
}

/// Makes and signs the nodes `make` gives for `range`, in parallel, in order.
fn sign_range<'p>(
    ctx: &Context<'_>,
    range: Range<usize>,
    make: &(impl Fn(usize) -> Option<OutNode<'p>> + Sync),
) -> Result<SignedChunk<'p>, DriverError> {
    let pairs: Vec<(OutNode<'p>, Vec<Signed>)> = range
        .into_par_iter()
        .map_init(Vec::new, |buf, i| {
            make(i).map(|node| sign_node(ctx, &node, buf).map(|signed| (node, signed)))
        })
        .filter_map(|x| x)
        .collect::<Result<_, _>>()?;
    let (nodes, signed) = pairs.into_iter().unzip();
    Ok(SignedChunk { nodes, signed })
}

/// The signatures of each set of `node` (an empty `Signed` for sets that get none).
fn sign_node(
    ctx: &Context<'_>,
    node: &OutNode<'_>,
    buf: &mut Vec<u8>,
) -> Result<Vec<Signed>, DriverError> {
    node.sets
        .iter()
        .map(|set| {
            if !set.sign {
                return Ok(Signed::default());
            }
            let mut job = Job {
                owner: &node.owner,
                rtype: set.rtype,
                ttl: set.ttl,
                rdatas: set.canonical_rdatas().collect(),
                existing: set.existing.clone(),
            };
            sign_job(ctx, &mut job, buf)
        })
        .collect()
}

#[cfg(test)]
mod tests;
