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
use crate::zonefile::{Warning, WarningKind, ZoneError, ZoneErrorKind};

impl Zone {
    /// Sorts, de-duplicates and classifies the records added so far. Loading calls it; call
    /// it again after [`Zone::add`]. Fails on a CNAME beside other data.
    pub fn finish(&mut self) -> Result<(), ZoneError> {
        self.judged_by_owner();
        // Only a zone that may break a rule needs where its runs end (`check_singletons`);
        // a big signed zone is spared the table.
        let run_last = match self.may_break_rules() {
            true => Some(self.run_last_lines()),
            false => None,
        };
        let ranks = self.owner_ranks();
        let rank = |owner: u32| match &ranks {
            Some(r) => r.get(owner as usize).copied().unwrap_or(0),
            None => owner,
        };
        let key = |r: &Rec| (u64::from(rank(r.owner)) << 16) | r.rtype as u64;
        let mut grouping = Grouping::default();
        // Zones written by signers and dumpers hold each name's records together, names in
        // canonical order: they are then sorted name by name, with no permutation of the
        // whole zone held beside it.
        let by_name = self
            .records
            .par_windows(2)
            .all(|w| rank(w[0].owner) <= rank(w[1].owner));
        if by_name {
            let mut perm: Vec<(u64, u32)> = Vec::new();
            let mut at = 0;
            while let Some(first) = self.records.get(at) {
                let name = rank(first.owner);
                let len = self.records[at..]
                    .iter()
                    .take_while(|r| rank(r.owner) == name)
                    .count();
                perm.clear();
                perm.extend(
                    self.records[at..at + len]
                        .iter()
                        .enumerate()
                        .map(|(i, r)| (key(r), (at + i) as u32)),
                );
                {
                    let cmp = self.record_order();
                    if !perm.windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
                        perm.sort_unstable_by(cmp);
                    }
                }
                permute(&mut self.records[at..at + len], &perm, at);
                self.group(&perm, at, &mut grouping);
                at += len;
            }
        } else {
            // Names out of canonical order: a name's NSEC may come after its descendants'.
            grouping.nsec_first = Some(Vec::new());
            let mut perm: Vec<(u64, u32)> = self
                .records
                .par_iter()
                .enumerate()
                .map(|(i, r)| (key(r), i as u32))
                .collect();
            {
                let cmp = self.record_order();
                if !perm.par_windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
                    perm.par_sort_unstable_by(cmp);
                }
            }
            // The records are put in order where they are, not copied: a zone of millions
            // of records would otherwise be held twice while it is finished.
            permute(&mut self.records, &perm, 0);
            self.group(&perm, 0, &mut grouping);
        }
        self.records.truncate(grouping.kept);
        self.records.shrink_to_fit();
        let Grouping {
            nodes,
            node_owners,
            mut warnings,
            nsec_first,
            ..
        } = grouping;
        if let Some(firsts) = nsec_first {
            warnings.extend(self.nsec_node_warnings(firsts));
        }
        // In input order, as BIND prints them while loading.
        warnings.sort_by_key(|w| w.0);
        let warnings = warnings.into_iter().map(|w| w.1);
        self.nodes = nodes;
        self.node_owners = node_owners;
        self.judged_by_node(rank);
        drop(ranks);
        // Before `apply_tree_case`, which may add owner entries of its own.
        self.single_runs = self.nodes.len() == self.owners.len();
        self.warnings.extend(warnings);
        // In input order: those of reading, of dropping out-of-zone data and of evening TTLs
        // were found at different stages.
        self.warnings.sort_by_key(|w| w.order);
        self.check_singletons(run_last)?;
        self.classify();
        self.apply_tree_case()?;
        self.names.shrink();
        self.rdata.shrink();
        self.finished = true;
        Ok(())
    }

    /// BIND's `addnode: NSEC node already exists` warnings (`nsec_tree.rs`) for names whose
    /// first NSEC record (reading index, owner entry, line) is in `firsts`, each at that
    /// record.
    fn nsec_node_warnings(&self, mut firsts: Vec<(u32, u32, u32)>) -> Vec<(u32, Warning)> {
        firsts.sort_unstable_by_key(|f| f.0);
        // NSEC owners read in canonical order never warn (a name's descendants come after
        // it), and zones whose other records are moved about (Knot writes its NSEC chain
        // after all other records) mostly read them so: the tree of names is then spared.
        let in_order = firsts.windows(2).all(|w| {
            crate::name::canonical_cmp_wire(self.owner_wire(w[0].1), self.owner_wire(w[1].1))
                .is_lt()
        });
        if in_order {
            return Vec::new();
        }
        let made = super::nsec_tree::nodes_already_made(
            firsts.iter().map(|&(_, owner, _)| self.owner_wire(owner)),
        );
        made.into_iter()
            .filter_map(|at| {
                let &(idx, owner, line) = firsts.get(at)?;
                let file = self.owners.get(owner as usize)?.file;
                let mut w = Warning::new(self.location(file, line)?, WarningKind::NsecNodeExists);
                w.order = 2 * u64::from(idx) + 1;
                Some((idx, w))
            })
            .collect()
    }

    /// The order of records by (owner rank, type) key, then canonical rdata (RFC 4034
    /// section 6.3), then reading order; entries are (key, index of the record).
    fn record_order(&self) -> impl Fn(&(u64, u32), &(u64, u32)) -> std::cmp::Ordering + Sync + '_ {
        let canon = |i: u32| {
            self.records
                .get(i as usize)
                .map(|r| self.canonical_rdata_of(r))
                .unwrap_or(&[])
        };
        move |a: &(u64, u32), b: &(u64, u32)| {
            a.0.cmp(&b.0)
                .then_with(|| canon(a.1).cmp(canon(b.1)))
                .then(a.1.cmp(&b.1))
        }
    }

    /// For each owner entry, the position of its name in canonical order (equal names get
    /// equal ranks, whatever their case); None when that is the entry's own index (the
    /// names come in order, each once), which needs no table.
    fn owner_ranks(&self) -> Option<Vec<u32>> {
        // Zones written by signers and dumpers list their names in order: the ranks then
        // follow from comparing neighbours, with no sort keys built.
        let n = self.owners.len();
        let neighbours = |i: usize| {
            crate::name::canonical_cmp_wire(
                self.owner_wire(i as u32),
                self.owner_wire(i as u32 + 1),
            )
        };
        if (0..n.saturating_sub(1))
            .into_par_iter()
            .all(|i| neighbours(i).is_lt())
        {
            return None;
        }
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
        Some(rank)
    }

    /// The one TTL of an RRset whose records disagree, as BIND's loader settles it (RFC
    /// 2181 section 5.2; docs/bind-compat.md, "zone reader: TTLs and warnings", observed):
    /// records come in runs of consecutive entries at one owner in one file; within a run the
    /// first record's TTL holds and every other TTL is warned about
    /// (`TTL set to prior TTL (N)`); a later run replaces the TTL of earlier ones silently.
    /// `members` are the RRset's records with their indices in reading order.
    fn even_ttl(&self, members: &mut [(u32, Rec)], warnings: &mut Vec<(u32, Warning)>) -> u32 {
        members.sort_unstable_by_key(|m| m.0);
        let mut run: Option<(u32, u32)> = None;
        for &(idx, r) in members.iter() {
            match run {
                Some((owner, ttl)) if owner == r.owner => {
                    if r.ttl != ttl {
                        let file = self
                            .owners
                            .get(r.owner as usize)
                            .map(|o| o.file)
                            .unwrap_or(u16::MAX);
                        if let Some(location) = self.location(file, r.line) {
                            let mut w = Warning::new(location, WarningKind::PriorTtl(ttl));
                            w.order = 2 * u64::from(idx) + 1;
                            warnings.push((idx, w));
                        }
                    }
                }
                _ => run = Some((r.owner, r.ttl)),
            }
        }
        run.map_or(0, |(_, ttl)| ttl)
    }

    /// Walks records `at..` (as many as `perm` has entries), already in the order `perm`
    /// gives (each entry's index is where the record was in reading order): drops
    /// duplicates, evens out RRset TTLs and builds the nodes, in place: the records kept
    /// move to the front of the zone's table, which only overwrites records already looked
    /// at. `perm` holds whole names.
    fn group(&mut self, perm: &[(u64, u32)], at: usize, g: &mut Grouping) {
        let mut i = 0;
        while i < perm.len() {
            let rank = perm[i].0 >> 16;
            let node_start = g.kept;
            let mut owner_of_first = (perm[i].1, self.records[at + i].owner);
            while i < perm.len() && perm[i].0 >> 16 == rank {
                let key = perm[i].0;
                let end = i + perm[i..].iter().take_while(|p| p.0 == key).count();
                let set = at + i..at + end;
                for (p, r) in perm[i..end].iter().zip(&self.records[set.clone()]) {
                    if p.1 < owner_of_first.0 {
                        owner_of_first = (p.1, r.owner);
                    }
                }
                // RRSIGs covering different types legitimately differ in TTL. The TTL is
                // settled on every member (duplicates too) before any of them is moved.
                let first_ttl = self.records[set.start].ttl;
                let ttl = if key & 0xffff != RrType::RRSIG.0 as u64
                    && self.records[set.clone()].iter().any(|r| r.ttl != first_ttl)
                {
                    let mut members: Vec<(u32, Rec)> = perm[i..end]
                        .iter()
                        .zip(&self.records[set.clone()])
                        .map(|(p, r)| (p.1, *r))
                        .collect();
                    Some(self.even_ttl(&mut members, &mut g.warnings))
                } else {
                    None
                };
                if key & 0xffff == RrType::NSEC.0 as u64 {
                    if let Some(firsts) = &mut g.nsec_first {
                        let first = perm[i..end]
                            .iter()
                            .zip(&self.records[set.clone()])
                            .min_by_key(|(p, _)| p.1);
                        if let Some((p, r)) = first {
                            firsts.push((p.1, r.owner, r.line));
                        }
                    }
                }
                let set_start = g.kept;
                for j in set {
                    let r = self.records[j];
                    // Of equal records BIND keeps the last one of a run (its loader sorts
                    // each run's records stably and drops all but the last of equals), and a
                    // later run adds nothing new; which one is kept shows in its case.
                    let last = g.kept.checked_sub(1).filter(|&k| k >= set_start);
                    match last {
                        Some(k)
                            if self.canonical_rdata_of(&self.records[k])
                                == self.canonical_rdata_of(&r) =>
                        {
                            if self.records[k].owner == r.owner {
                                self.records[k] = r;
                            }
                        }
                        _ => {
                            self.records[g.kept] = r;
                            g.kept += 1;
                        }
                    }
                }
                if let Some(ttl) = ttl {
                    for r in &mut self.records[set_start..g.kept] {
                        r.ttl = ttl;
                    }
                }
                i = end;
            }
            let k = g.nodes.len();
            g.nodes.push(Node {
                first: node_start as u32,
                role: NameRole::Authoritative,
            });
            // The table is only made once a node's owner entry is not its own index.
            if g.node_owners.is_empty() && owner_of_first.1 != k as u32 {
                g.node_owners = (0..k as u32).collect();
                g.node_owners.push(owner_of_first.1);
            } else if !g.node_owners.is_empty() {
                g.node_owners.push(owner_of_first.1);
            }
        }
    }

    /// Sets each node's role from the cuts above it (canonical order visits a cut's
    /// descendants right after it).
    fn classify(&mut self) {
        let origin_len = self.origin.wire_len();
        let mut cut: Option<(u32, bool)> = None; // owner entry of the cut, and whether NS
        for k in 0..self.nodes.len() {
            let node_owner = self.node_owner(k);
            let wire = self.owner_wire(node_owner);
            let recs = self.node_recs(k);
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
                cut = Some((node_owner, true));
                NameRole::Delegation
            } else {
                NameRole::Authoritative
            };
            if cut.is_none() && has(RrType::DNAME) {
                cut = Some((node_owner, false));
            }
            self.nodes[k].role = role;
        }
    }

    /// True when `check_singletons` may find a broken rule, judged from the records as read:
    /// a CNAME or DNAME, more than one SOA, or a run whose rdata together come near what
    /// one RRset may hold.
    fn may_break_rules(&self) -> bool {
        let mut soas = 0usize;
        let mut run = (u32::MAX, 0usize);
        for r in &self.records {
            match RrType(r.rtype) {
                RrType::CNAME | RrType::DNAME => return true,
                RrType::SOA => soas += 1,
                _ => {}
            }
            if run.0 != r.owner {
                run = (r.owner, 0);
            }
            run.1 += usize::from(r.rdata_len) + 2;
            if soas > 1 || run.1 > crate::zonefile::MAX_RDATASET_OCTETS {
                return true;
            }
        }
        false
    }

    /// The line of the last record of each run of consecutive records at one owner (one
    /// entry of `owners`): BIND adds a run to its database when the owner changes, and names
    /// that line when the run breaks a rule.
    fn run_last_lines(&self) -> Vec<u32> {
        let mut last = vec![0u32; self.owners.len()];
        for r in &self.records {
            if let Some(l) = last.get_mut(r.owner as usize) {
                *l = (*l).max(r.line);
            }
        }
        last
    }

    /// The run that brings one of a node's RRsets (RRSIGs counted by the type they cover, as
    /// BIND stores them) past what BIND's rdataset holds: each rdata with its 2-octet length,
    /// [`MAX_RDATASET_OCTETS`](crate::zonefile::MAX_RDATASET_OCTETS) in all
    /// (docs/bind-compat.md, "zone reader: limits and $GENERATE"). Such an RRset could never
    /// be served in a DNS message.
    fn oversized_rrset(&self, recs: &[Rec]) -> Option<u32> {
        let limit = crate::zonefile::MAX_RDATASET_OCTETS;
        // The common case costs one pass: no node comes near the limit.
        let total: usize = recs.iter().map(|r| usize::from(r.rdata_len) + 2).sum();
        if total <= limit {
            return None;
        }
        let key = |r: &Rec| {
            let covered = match self.rdata_of(r) {
                [a, b, ..] if r.rtype == RrType::RRSIG.0 => u16::from_be_bytes([*a, *b]),
                _ => 0,
            };
            (u32::from(r.rtype) << 16) | u32::from(covered)
        };
        let mut keys: Vec<u32> = recs.iter().map(key).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut worst: Option<u32> = None;
        for k in keys {
            let mut runs: Vec<(u32, usize)> = recs
                .iter()
                .filter(|r| key(r) == k)
                .map(|r| (r.owner, usize::from(r.rdata_len) + 2))
                .collect();
            runs.sort_unstable();
            let mut sum = 0usize;
            if let Some(&(run, _)) = runs.iter().find(|(_, len)| {
                sum += len;
                sum > limit
            }) {
                worst = Some(worst.map_or(run, |w| w.min(run)));
            }
        }
        worst
    }

    /// The rules on what a zone may hold, checked on the de-duplicated records: no SOA away
    /// from the origin (RFC 1035 section 5.2), no CNAME
    /// beside other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1; RRSIG, NSEC and KEY
    /// may sit beside it, RFC 4035 section 2.5), and at most one SOA, CNAME or DNAME (RFC
    /// 1035 section 5.2, RFC 6672 section 2.4). Of several broken names, the one BIND meets
    /// first is reported: the one whose breaking run comes first in the input.
    fn check_singletons(&mut self, run_last: Option<Vec<u32>>) -> Result<(), ZoneError> {
        // The run that a failed load stopped in was not added yet (see `tail_open`).
        let open_run = self
            .owners
            .last()
            .filter(|o| {
                self.tail_open
                    && o.file == self.run.file
                    && self.names.get(o.off, usize::from(o.len)) == self.run.owner.as_slice()
            })
            .map(|_| (self.owners.len() - 1) as u32);
        if let Some(f) = self
            .foreign_soa
            .take()
            .filter(|f| !(self.tail_open && f.open))
        {
            // BIND stops at the SOA's run without a word about the run's out-of-zone data.
            let run = &f.run;
            self.warnings.retain(|w| {
                !(matches!(&w.kind, WarningKind::OutOfZone(n) if *n == f.name)
                    && self.files.get(usize::from(run.file)) == Some(&w.location.file)
                    && (run.first_line..=run.last_line).contains(&w.location.line))
            });
            return Err(ZoneError {
                location: self.location(run.file, run.last_line),
                kind: ZoneErrorKind::NotAtTop(f.name),
            });
        }
        let mut worst: Option<(u32, ZoneErrorKind)> = None;
        for k in 0..self.nodes.len() {
            let recs = self.node_recs(k);
            let first_run = |pick: &dyn Fn(RrType) -> bool| {
                recs.iter()
                    .filter(|r| pick(RrType(r.rtype)))
                    .map(|r| r.owner)
                    .min()
            };
            let name = || {
                Name::from_wire(self.owner_wire(self.node_owner(k)))
                    .map(|n| n.bind_text())
                    .unwrap_or_default()
            };
            let mut found = |run: u32, kind: fn(String) -> ZoneErrorKind| {
                if Some(run) != open_run && worst.as_ref().is_none_or(|(w, _)| run < *w) {
                    worst = Some((run, kind(name())));
                }
            };
            for t in [RrType::SOA, RrType::CNAME, RrType::DNAME] {
                let mut runs: Vec<u32> = recs
                    .iter()
                    .filter(|r| r.rtype == t.0)
                    .map(|r| r.owner)
                    .collect();
                if runs.len() > 1 {
                    runs.sort_unstable();
                    found(runs[1], ZoneErrorKind::MultipleSingleton);
                }
            }
            let cname = first_run(&|t| t == RrType::CNAME);
            let other = first_run(&|t| {
                !matches!(
                    t,
                    RrType::CNAME | RrType::RRSIG | RrType::NSEC | RrType::KEY
                )
            });
            if let (Some(c), Some(o)) = (cname, other) {
                found(c.max(o), ZoneErrorKind::CnameAndOtherData);
            }
            if let Some(run) = self.oversized_rrset(recs) {
                found(run, ZoneErrorKind::RrsetTooLarge);
            }
        }
        let Some((run, kind)) = worst else {
            return Ok(());
        };
        // Without the table (`may_break_rules` saw no risk, and only several runs of one
        // name together broke a rule) the run's last record kept stands in for its last.
        let run_last = run_last.unwrap_or_else(|| self.run_last_lines());
        let line = run_last.get(run as usize).copied().unwrap_or(0);
        let location = self
            .owners
            .get(run as usize)
            .and_then(|o| self.location(o.file, line));
        Err(ZoneError { location, kind })
    }
}

/// What grouping the sorted records has made so far: the records kept (at the front of the
/// table), the nodes, and the TTL warnings with the index of the record each is about.
#[derive(Default)]
struct Grouping {
    kept: usize,
    nodes: Vec<Node>,
    node_owners: Vec<u32>,
    warnings: Vec<(u32, Warning)>,
    /// For a zone whose names are out of canonical order: each name's first NSEC record
    /// read (its index in reading order, owner entry and line), for `nsec_tree.rs`.
    nsec_first: Option<Vec<(u32, u32, u32)>>,
}

/// Puts `records` (those from index `base` of the zone's table) in the order `perm` gives
/// (the record at position `j` becomes the one that was at index `perm[j].1`), in place:
/// each cycle of the permutation is followed once, with one bit per record to mark those
/// already placed.
fn permute(records: &mut [Rec], perm: &[(u64, u32)], base: usize) {
    // Most names' records need no move at all.
    if perm
        .iter()
        .enumerate()
        .all(|(j, p)| p.1 as usize == base + j)
    {
        return;
    }
    let mut placed = vec![0u64; records.len().div_ceil(64)];
    let is_placed = |placed: &[u64], j: usize| placed[j / 64] & (1 << (j % 64)) != 0;
    for start in 0..records.len().min(perm.len()) {
        if is_placed(&placed, start) {
            continue;
        }
        let held = records[start];
        let mut j = start;
        loop {
            placed[j / 64] |= 1 << (j % 64);
            let k = (perm[j].1 as usize).wrapping_sub(base);
            if k == start {
                records[j] = held;
                break;
            }
            records[j] = records[k];
            j = k;
        }
    }
}
