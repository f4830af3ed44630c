//! Finishing a zone: canonical order of names (RFC 4034 section 6.1) and of records within
//! an RRset (section 6.3), duplicates dropped (section 6.3 and RFC 2181 section 5), one TTL
//! per RRset (RFC 2181 section 5.2, BIND's "TTL set to prior TTL"), then each name's role
//! (cuts, glue, occluded data) and the CNAME rule of RFC 1034 section 3.6.2.

use rayon::prelude::*;

use super::canonical_key::push_key;
use super::roles::NameRole;
use super::store::{is_at_or_below, Node, Rec, Zone};
use crate::name::Name;
use crate::rr::RrType;
use crate::zonefile::{Warning, ZoneError, ZoneErrorKind};

impl Zone {
    /// Sorts, de-duplicates and classifies the records added so far. Loading calls it; call
    /// it again after [`Zone::add`]. Fails on a CNAME beside other data.
    pub fn finish(&mut self) -> Result<(), ZoneError> {
        let rank = self.owner_ranks();
        let mut perm: Vec<(u64, u32)> = self
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    ((rank[r.owner as usize] as u64) << 16) | r.rtype as u64,
                    i as u32,
                )
            })
            .collect();
        drop(rank);
        {
            let this = &*self;
            let canon = |i: u32| {
                this.records
                    .get(i as usize)
                    .map(|r| this.canonical_rdata_of(r))
                    .unwrap_or(&[])
            };
            let cmp = |a: &(u64, u32), b: &(u64, u32)| {
                a.0.cmp(&b.0)
                    .then_with(|| canon(a.1).cmp(canon(b.1)))
                    .then(a.1.cmp(&b.1))
            };
            // Zones written by signers and dumpers are already in order: check before sorting.
            if !perm.par_windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
                perm.par_sort_unstable_by(cmp);
            }
        }
        let (records, nodes, warnings) = self.group(&perm);
        drop(perm);
        self.records = records;
        self.nodes = nodes;
        self.warnings.extend(warnings);
        self.classify()?;
        self.apply_tree_case()?;
        self.names.shrink();
        self.rdata.shrink();
        self.finished = true;
        Ok(())
    }

    /// For each owner entry, the position of its name in canonical order (equal names get
    /// equal ranks, whatever their case).
    fn owner_ranks(&self) -> Vec<u32> {
        let chunk = 1 << 14;
        let parts: Vec<(Vec<u8>, Vec<usize>)> = self
            .owners
            .par_chunks(chunk)
            .map(|owners| {
                let mut keys = Vec::with_capacity(owners.len() * 24);
                let mut offs = Vec::with_capacity(owners.len() + 1);
                for o in owners {
                    offs.push(keys.len());
                    push_key(self.names.get(o.off, o.len as usize), &mut keys);
                }
                offs.push(keys.len());
                (keys, offs)
            })
            .collect();
        let key = |i: u32| -> &[u8] {
            let (keys, offs) = &parts[i as usize / chunk];
            let j = i as usize % chunk;
            keys.get(offs[j]..offs[j + 1]).unwrap_or(&[])
        };
        // Every owner is at or below the origin, so every key starts with the origin's key;
        // the eight bytes after it, zero padded, order the keys as the whole keys do (ties
        // aside), and most comparisons end there.
        let mut origin_key = Vec::new();
        push_key(self.origin.as_wire(), &mut origin_key);
        let skip = origin_key.len();
        let tail = |i: u32| key(i).get(skip..).unwrap_or(&[]);
        let mut order: Vec<(u64, u32)> = (0..self.owners.len() as u32)
            .into_par_iter()
            .map(|i| {
                let mut prefix = [0u8; 8];
                let t = tail(i);
                let n = t.len().min(8);
                prefix[..n].copy_from_slice(&t[..n]);
                (u64::from_be_bytes(prefix), i)
            })
            .collect();
        let cmp = |a: &(u64, u32), b: &(u64, u32)| {
            a.0.cmp(&b.0)
                .then_with(|| tail(a.1).cmp(tail(b.1)))
                .then(a.1.cmp(&b.1))
        };
        if !order.par_windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
            order.par_sort_unstable_by(cmp);
        }
        let mut rank = vec![0u32; self.owners.len()];
        let mut r = 0u32;
        for (i, &(p, o)) in order.iter().enumerate() {
            if i > 0 && (p != order[i - 1].0 || key(o) != key(order[i - 1].1)) {
                r += 1;
            }
            rank[o as usize] = r;
        }
        rank
    }

    /// The one TTL of an RRset whose records disagree, as BIND's loader settles it (RFC
    /// 2181 section 5.2; REFERENCE.md 11, observed): records come in runs of consecutive
    /// entries at one owner in one file; within a run the first record's TTL holds and every
    /// other TTL is warned about (`TTL set to prior TTL (N)`); a later run replaces the TTL
    /// of earlier ones silently. `members` are the RRset's records (indices into `records`).
    fn even_ttl(&self, members: &[(u64, u32)], warnings: &mut Vec<(u32, Warning)>) -> u32 {
        let mut order: Vec<u32> = members.iter().map(|m| m.1).collect();
        order.sort_unstable();
        let mut run: Option<(u32, u32)> = None;
        for idx in order {
            let r = self.records[idx as usize];
            match run {
                Some((owner, ttl)) if owner == r.owner => {
                    if r.ttl != ttl {
                        let file = self
                            .owners
                            .get(r.owner as usize)
                            .map(|o| o.file)
                            .unwrap_or(u16::MAX);
                        if let Some(location) = self.location(file, r.line) {
                            let message = format!("TTL set to prior TTL ({ttl})");
                            warnings.push((idx, Warning { location, message }));
                        }
                    }
                }
                _ => run = Some((r.owner, r.ttl)),
            }
        }
        run.map_or(0, |(_, ttl)| ttl)
    }

    /// Walks the sorted permutation: drops duplicates, evens out RRset TTLs, builds nodes.
    fn group(&self, perm: &[(u64, u32)]) -> (Vec<Rec>, Vec<Node>, Vec<Warning>) {
        let mut out: Vec<Rec> = Vec::with_capacity(self.records.len());
        let mut nodes: Vec<Node> = Vec::new();
        let mut warnings = Vec::new();
        let rec = |i: u32| self.records[i as usize];
        let mut i = 0;
        while i < perm.len() {
            let rank = perm[i].0 >> 16;
            let node_start = out.len();
            let mut owner_of_first = (perm[i].1, rec(perm[i].1).owner);
            while i < perm.len() && perm[i].0 >> 16 == rank {
                let key = perm[i].0;
                let set_start = out.len();
                let key_start = i;
                while i < perm.len() && perm[i].0 == key {
                    let idx = perm[i].1;
                    let r = rec(idx);
                    if idx < owner_of_first.0 {
                        owner_of_first = (idx, r.owner);
                    }
                    // Of equal records BIND keeps the last one of a run (its loader sorts
                    // each run's records stably and drops all but the last of equals), and a
                    // later run adds nothing new; which one is kept shows in its case.
                    match out[set_start..].last_mut() {
                        Some(p) if self.canonical_rdata_of(p) == self.canonical_rdata_of(&r) => {
                            if p.owner == r.owner {
                                *p = r;
                            }
                        }
                        _ => out.push(r),
                    }
                    i += 1;
                }
                // RRSIGs covering different types legitimately differ in TTL.
                let members = &perm[key_start..i];
                let first_ttl = rec(members[0].1).ttl;
                if key & 0xffff != RrType::RRSIG.0 as u64
                    && members.iter().any(|m| rec(m.1).ttl != first_ttl)
                {
                    let ttl = self.even_ttl(members, &mut warnings);
                    for r in &mut out[set_start..] {
                        r.ttl = ttl;
                    }
                }
            }
            nodes.push(Node {
                owner: owner_of_first.1,
                first: node_start as u32,
                count: (out.len() - node_start) as u32,
                role: NameRole::Authoritative,
            });
        }
        // In input order, as BIND prints them while loading.
        warnings.sort_by_key(|w| w.0);
        (out, nodes, warnings.into_iter().map(|w| w.1).collect())
    }

    /// Sets each node's role from the cuts above it (canonical order visits a cut's
    /// descendants right after it) and checks the CNAME rule.
    fn classify(&mut self) -> Result<(), ZoneError> {
        let origin_len = self.origin.wire_len();
        let mut cut: Option<(u32, bool)> = None; // owner entry of the cut, and whether NS
        for k in 0..self.nodes.len() {
            let node = self.nodes[k];
            let wire = self.owner_wire(node.owner);
            let recs = self.node_recs(&node);
            let has = |t: RrType| recs.iter().any(|r| r.rtype == t.0);
            if let Some((cut_owner, is_ns)) = cut {
                let cut_wire = self.owner_wire(cut_owner);
                if wire.len() != cut_wire.len() && is_at_or_below(wire, cut_wire) {
                    let glue = is_ns && (has(RrType::A) || has(RrType::AAAA));
                    self.nodes[k].role = if glue {
                        NameRole::Glue
                    } else {
                        NameRole::Occluded
                    };
                    continue;
                }
                cut = None;
            }
            let apex = wire.len() == origin_len && wire.eq_ignore_ascii_case(self.origin.as_wire());
            let role = if apex {
                NameRole::Apex
            } else if has(RrType::NS) {
                cut = Some((node.owner, true));
                NameRole::Delegation
            } else {
                NameRole::Authoritative
            };
            if cut.is_none() && has(RrType::DNAME) {
                cut = Some((node.owner, false));
            }
            if has(RrType::CNAME)
                && recs.iter().any(|r| {
                    !matches!(
                        RrType(r.rtype),
                        RrType::CNAME | RrType::RRSIG | RrType::NSEC | RrType::KEY
                    )
                })
            {
                let name = Name::from_wire(wire)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                let name = name.strip_suffix('.').unwrap_or(&name).to_string();
                // BIND notices the clash on whichever record came second in the file.
                let first_line = |cname: bool| {
                    recs.iter()
                        .filter(|r| (r.rtype == RrType::CNAME.0) == cname)
                        .map(|r| r.line)
                        .min()
                        .unwrap_or(0)
                };
                let line = first_line(true).max(first_line(false));
                let o = self.owners.get(node.owner as usize).copied();
                let location = o.and_then(|o| self.location(o.file, line));
                return Err(ZoneError {
                    location,
                    kind: ZoneErrorKind::CnameAndOtherData(name),
                });
            }
            self.nodes[k].role = role;
        }
        Ok(())
    }
}
