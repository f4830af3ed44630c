//! The signed zone's content, name by name (RFC 4035 section 2): which RRsets each owner
//! keeps, which get signatures, the regenerated apex key RRsets and denial-of-existence
//! chain, and which existing RRSIGs are candidates for retention. The plan walks the loaded
//! compact zone once in canonical order and hands out chunks of output nodes, so a large
//! zone is signed and written in pieces without holding every signature at once.

use std::borrow::Cow;
use std::collections::HashMap;

use super::chain_name::{add_empty_non_terminals, ChainError, ChainName, NameKind};
use super::driver::{sign_jobs, Context, DriverError, Job, Signed};
use super::nsec3_chain::{build_nsec3_chain, Nsec3Record};
use super::nsec_chain::{build_nsec_chain, NsecRecord};
use crate::name::Name;
use crate::rr::nsec::Nsec3Params;
use crate::rr::rdata;
use crate::zone::{NameRole, NameView, Zone};
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
    /// The same rdatas in canonical form (RFC 4034 section 6.2).
    pub canonical: Vec<Cow<'p, [u8]>>,
    /// True when the RRset is authoritative and gets signatures.
    pub sign: bool,
    /// The RRSIGs over it already in the zone.
    pub existing: Vec<&'p [u8]>,
    /// True for records the signer made (chain, keys): `-D` output includes only these
    /// and the signatures.
    pub generated: bool,
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
    nsec: Vec<NsecRecord>,
    nsec3: Vec<Nsec3Record>,
    nsec3param: Option<OwnedSet>,
}

/// Types the signer always regenerates: the chain and the signatures themselves.
fn regenerated(rtype: RrType) -> bool {
    matches!(
        rtype,
        RrType::RRSIG | RrType::NSEC | RrType::NSEC3 | RrType::NSEC3PARAM
    )
}

/// True for the owners of a previous NSEC3 chain: only NSEC3 and RRSIG there.
pub fn is_nsec3_owner(node: &NameView<'_>) -> bool {
    let mut has_nsec3 = false;
    for s in node.rrsets() {
        match s.rtype() {
            RrType::NSEC3 => has_nsec3 = true,
            RrType::RRSIG => {}
            _ => return false,
        }
    }
    has_nsec3
}

fn canonical_of(rtype: RrType, wire: &[u8]) -> Cow<'static, [u8]> {
    let mut owned = wire.to_vec();
    match rdata::canonicalize(rtype, &mut owned) {
        Ok(true) => Cow::Owned(owned),
        _ => Cow::Owned(wire.to_vec()),
    }
}

fn sort_canonical(set: &mut OwnedSet) {
    set.rdatas.sort_by(|a, b| {
        let (ca, cb) = (canonical_of(set.rtype, a), canonical_of(set.rtype, b));
        ca.cmp(&cb)
    });
    set.rdatas.dedup();
}

impl<'z> Plan<'z> {
    /// Builds the plan: applies the apex and DS changes to the zone's names and builds the
    /// chain over the result.
    pub fn new(zone: &'z Zone, mut changes: Changes) -> Result<Plan<'z>, PlanError> {
        for set in &mut changes.apex {
            sort_canonical(set);
        }
        for set in changes.ds.values_mut().flatten() {
            sort_canonical(set);
        }
        let mut plan = Plan {
            zone,
            changes,
            nsec: Vec::new(),
            nsec3: Vec::new(),
            nsec3param: None,
        };
        let names = plan.chain_names();
        match &plan.changes.chain {
            ChainKind::Nsec => {
                plan.nsec =
                    build_nsec_chain(&names, plan.changes.chain_ttl).map_err(PlanError::Chain)?;
            }
            ChainKind::Nsec3(params) => {
                let names = add_empty_non_terminals(names);
                plan.nsec3 = build_nsec3_chain(&names, params, plan.changes.chain_ttl)
                    .map_err(PlanError::Chain)?;
                let mut wire = Vec::new();
                Nsec3Params {
                    flags: 0,
                    ..params.clone()
                }
                .to_wire(&mut wire);
                plan.nsec3param = Some(OwnedSet {
                    rtype: RrType::NSEC3PARAM,
                    ttl: Ttl(0),
                    rdatas: vec![wire],
                });
            }
        }
        Ok(plan)
    }

    /// The zone being signed.
    pub fn zone(&self) -> &'z Zone {
        self.zone
    }

    /// Number of NSEC or NSEC3 records in the chain.
    pub fn chain_len(&self) -> usize {
        self.nsec.len() + self.nsec3.len()
    }

    fn apex_change(&self, rtype: RrType) -> Option<&OwnedSet> {
        self.changes.apex.iter().find(|s| s.rtype == rtype)
    }

    /// The types each name will carry, for the chain builders.
    fn chain_names(&self) -> Vec<ChainName> {
        let mut out = Vec::with_capacity(self.zone.len() / 2 + 1);
        for node in self.zone.names() {
            if is_nsec3_owner(&node) {
                continue;
            }
            let role = node.role();
            let kind = match role {
                NameRole::Apex => NameKind::Apex,
                NameRole::Authoritative => NameKind::Authoritative,
                NameRole::Delegation => NameKind::Delegation,
                NameRole::Glue | NameRole::Occluded => NameKind::BelowCut,
            };
            let name = node.name();
            let mut types: Vec<RrType> = node
                .types()
                .into_iter()
                .filter(|t| !regenerated(*t))
                .collect();
            if role == NameRole::Apex {
                for set in &self.changes.apex {
                    types.retain(|t| *t != set.rtype);
                    if !set.rdatas.is_empty() {
                        types.push(set.rtype);
                    }
                }
                if matches!(self.changes.chain, ChainKind::Nsec3(_)) {
                    types.push(RrType::NSEC3PARAM);
                }
                types.sort_unstable();
            }
            if role == NameRole::Delegation {
                if let Some(ds) = self.changes.ds.get(&name) {
                    types.retain(|t| *t != RrType::DS);
                    if ds.as_ref().is_some_and(|s| !s.rdatas.is_empty()) {
                        types.push(RrType::DS);
                        types.sort_unstable();
                    }
                }
            }
            if types.is_empty() && role != NameRole::Apex {
                continue;
            }
            out.push(ChainName { name, types, kind });
        }
        out
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
            canonical: set
                .rdatas
                .iter()
                .map(|r| canonical_of(set.rtype, r))
                .collect(),
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

    /// The output node for one zone name, with `nsec` its NSEC record if it has one.
    fn node_for<'p>(
        &'p self,
        node: NameView<'z>,
        nsec: Option<&'p NsecRecord>,
    ) -> Option<OutNode<'p>>
    where
        'z: 'p,
    {
        if is_nsec3_owner(&node) {
            return None;
        }
        let role = node.role();
        let owner = node.name();
        let sigs = node.rrset(RrType::RRSIG);
        let existing = |t: RrType| -> Vec<&'z [u8]> {
            sigs.map(|s| s.covering(t).collect()).unwrap_or_default()
        };
        let signs = |t: RrType| match role {
            NameRole::Apex | NameRole::Authoritative => true,
            NameRole::Delegation => t == RrType::DS,
            NameRole::Glue | NameRole::Occluded => false,
        };
        let mut sets: Vec<OutSet<'p>> = Vec::new();
        let ds_change = if role == NameRole::Delegation {
            self.changes.ds.get(&owner)
        } else {
            None
        };
        for rrset in node.rrsets() {
            let t = rrset.rtype();
            if regenerated(t) {
                continue;
            }
            if role == NameRole::Apex && self.apex_change(t).is_some() {
                continue;
            }
            if t == RrType::DS && ds_change.is_some() {
                continue;
            }
            sets.push(OutSet {
                rtype: t,
                ttl: self.cap(rrset.ttl()),
                rdatas: rrset.rdatas().map(Cow::Borrowed).collect(),
                canonical: rrset.canonical_rdatas().map(Cow::Borrowed).collect(),
                sign: signs(t),
                existing: existing(t),
                generated: false,
            });
        }
        if role == NameRole::Apex {
            for set in &self.changes.apex {
                if !set.rdatas.is_empty() {
                    sets.push(self.owned_set(set, true, existing(set.rtype)));
                }
            }
            if let Some(p) = &self.nsec3param {
                sets.push(self.owned_set(p, true, existing(RrType::NSEC3PARAM)));
            }
        }
        if let Some(Some(ds)) = ds_change {
            if !ds.rdatas.is_empty() {
                sets.push(self.owned_set(ds, true, existing(RrType::DS)));
            }
        }
        if let Some(rec) = nsec {
            let mut wire = Vec::new();
            rec.nsec.to_wire(&mut wire);
            sets.push(OutSet {
                rtype: RrType::NSEC,
                ttl: rec.ttl,
                canonical: vec![canonical_of(RrType::NSEC, &wire)],
                rdatas: vec![Cow::Owned(wire)],
                sign: true,
                existing: existing(RrType::NSEC),
                generated: true,
            });
        }
        if sets.is_empty() {
            return None;
        }
        sets.sort_by_key(|s| s.rtype);
        Some(OutNode { owner, sets })
    }

    fn nsec3_node<'p>(&'p self, rec: &'p Nsec3Record) -> OutNode<'p> {
        let mut wire = Vec::new();
        rec.nsec3.to_wire(&mut wire);
        let existing = self
            .zone
            .find(&rec.owner)
            .and_then(|n| n.rrset(RrType::RRSIG))
            .map(|s| s.covering(RrType::NSEC3).collect())
            .unwrap_or_default();
        OutNode {
            owner: rec.owner.clone(),
            sets: vec![OutSet {
                rtype: RrType::NSEC3,
                ttl: rec.ttl,
                canonical: vec![Cow::Owned(wire.clone())],
                rdatas: vec![Cow::Owned(wire)],
                sign: true,
                existing,
                generated: true,
            }],
        }
    }

    /// Walks the output in chunks of about `chunk` names: zone names in canonical order,
    /// then the NSEC3 records in hash order. Each chunk is signed on the pool and handed to
    /// `sink` in order; the sink of one chunk (formatting, writing) runs while the next
    /// chunk is built and signed, so the workers do not wait for the output.
    pub fn sign_chunks<E: From<PlanError> + Send>(
        &self,
        ctx: &Context<'_>,
        chunk: usize,
        mut sink: impl FnMut(SignedChunk<'_>) -> Result<(), E> + Send,
    ) -> Result<(), E> {
        let chunk = chunk.max(1);
        let mut nsec_iter = self.nsec.iter().peekable();
        let mut names = self.zone.names().peekable();
        let mut nsec3 = self.nsec3.chunks(chunk);
        let mut next_nodes = move || -> Vec<OutNode<'_>> {
            let mut nodes = Vec::with_capacity(chunk);
            while nodes.len() < chunk {
                let Some(node) = names.next() else { break };
                let nsec = match nsec_iter.peek() {
                    Some(rec) if rec.owner.as_wire().eq_ignore_ascii_case(node.owner_wire()) => {
                        nsec_iter.next()
                    }
                    _ => None,
                };
                if let Some(out) = self.node_for(node, nsec) {
                    nodes.push(out);
                }
            }
            if nodes.is_empty() {
                if let Some(recs) = nsec3.next() {
                    nodes = recs.iter().map(|r| self.nsec3_node(r)).collect();
                }
            }
            nodes
        };
        let mut pending: Option<SignedChunk<'_>> = None;
        loop {
            let (signed, sunk) = rayon::join(
                || {
                    let nodes = next_nodes();
                    if nodes.is_empty() {
                        Ok(None)
                    } else {
                        sign_nodes(ctx, nodes).map(Some)
                    }
                },
                || pending.take().map(&mut sink).transpose(),
            );
            sunk?;
            pending = signed.map_err(PlanError::Sign)?;
            if pending.is_none() {
                return Ok(());
            }
        }
    }
}

/// Signs the signable sets of `nodes` in parallel and pairs the results with them.
fn sign_nodes<'p>(
    ctx: &Context<'_>,
    nodes: Vec<OutNode<'p>>,
) -> Result<SignedChunk<'p>, DriverError> {
    let mut jobs = Vec::new();
    for node in &nodes {
        for set in node.sets.iter().filter(|s| s.sign) {
            jobs.push(Job {
                owner: &node.owner,
                rtype: set.rtype,
                ttl: set.ttl,
                rdatas: set.canonical.iter().map(|c| c.as_ref()).collect(),
                existing: set.existing.clone(),
            });
        }
    }
    let mut results = sign_jobs(ctx, &jobs)?.into_iter();
    drop(jobs);
    let signed = nodes
        .iter()
        .map(|node| {
            node.sets
                .iter()
                .map(|s| {
                    if s.sign {
                        results.next().unwrap_or_default()
                    } else {
                        Signed::default()
                    }
                })
                .collect()
        })
        .collect();
    Ok(SignedChunk { nodes, signed })
}
