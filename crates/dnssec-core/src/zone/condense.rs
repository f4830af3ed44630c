//! Judged RRSIGs: a verifier that judges signatures while a big zone loads keeps only what
//! the whole-zone check still reads of each one it judged (the fixed fields and signer of
//! RFC 4034 section 3.1, the signature's first octets, and the verdict), not the signature
//! itself, which is most of a signed zone's bytes (docs/bind-compat.md, "verify: memory").
//! They are not records of the zone's table either (a record entry costs more than what is
//! kept of the RRSIG): each is a [`JudgedSig`] in a table of its own, sorted by name, which
//! the names' views merge back ([`NameView::signatures`](super::NameView::signatures),
//! [`NameView::types`](super::NameView::types)). The fields after the type covered
//! (algorithm to signer) are the same for most RRSIGs of a zone, so they are kept once in a
//! table. Within one part the indices follow the fields' canonical order, so a name's RRSIGs
//! keep the order their whole rdatas have (RFC 4034 section 6.3).
//!
//! The zone does not judge anything: a judge from a higher layer is handed the runs of a
//! part as it is read (consecutive records at one owner, in reading order) and says, for
//! each RRSIG it judged, the verdict octet to keep. Only runs wholly inside the part are
//! handed over (the first and last may go on in the parts beside it), and a judge may rely
//! on a run holding all of its owner's records only if [`Zone::names_are_single_runs`]
//! holds once the zone is finished; otherwise the caller must load the zone again without
//! judging.

use rayon::prelude::*;

use super::store::{Rec, Zone};
use super::views::RecordView;
use crate::rr::{RrType, SigTime};
use crate::zonefile::ZoneError;

/// The signature octets a judged RRSIG keeps: enough to keep distinct signatures apart
/// when the zone drops duplicate records, and to keep them in nearly the order their whole
/// rdata sorts in.
const KEPT_SIGNATURE_OCTETS: usize = 4;

/// Runs handed to the judge at a time (its signatures can share one batch of work).
const RUNS_PER_JUDGE: usize = 256;

/// Where an RRSIG's fields (algorithm to signer) start, after the type covered.
const FIELDS_AT: usize = 2;

/// One run of an unfinished zone: consecutive records at one owner, in reading order.
pub(crate) struct RunView<'z> {
    zone: &'z Zone,
    owner: &'z [u8],
    first: usize,
    recs: &'z [Rec],
}

impl<'z> RunView<'z> {
    /// The owner in wire form, as written.
    pub(crate) fn owner_wire(&self) -> &'z [u8] {
        self.owner
    }

    /// The records with their index in the zone's table (what a verdict names).
    pub(crate) fn records(&self) -> impl Iterator<Item = (usize, RecordView<'z>)> + '_ {
        let zone = self.zone;
        let owner = self.owner;
        self.recs
            .iter()
            .enumerate()
            .map(move |(i, r)| (self.first + i, zone.record_view(owner, r)))
    }
}

/// What a judge says of the RRSIGs of some runs: the index of each RRSIG it judged and the
/// verdict octet to keep for it, by ascending index.
pub(crate) type Verdicts = Vec<(usize, u8)>;

/// A judge of runs, shared by the threads that read the parts.
pub(crate) type Judge<'a> = dyn Fn(&[RunView<'_>]) -> Verdicts + Sync + 'a;

/// Makes the judge once the head of the file (everything before the first part) is read, or
/// says not to judge.
pub(crate) type StartJudge<'a> = dyn Fn(&Zone) -> Option<Box<Judge<'a>>> + 'a;

/// What is kept of one RRSIG judged while the zone loaded. Packed: 15 bytes, where a record
/// entry and a short rdata would take 31 and the whole RRSIG of a P-256 zone some 120.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, packed)]
pub(super) struct JudgedSig {
    /// The owner entry while the zone loads; the node once it is finished.
    pub(super) at: u32,
    /// The type covered (RFC 4034 section 3.1.1).
    pub(super) covered: u16,
    /// The index of its fields (algorithm to signer) in the zone's [`FieldTable`].
    pub(super) fields: u32,
    /// The signature's first octets.
    pub(super) signature: [u8; KEPT_SIGNATURE_OCTETS],
    /// The judge's verdict.
    pub(super) verdict: u8,
}

impl JudgedSig {
    /// The table's order: by name, then (a name's RRSIGs) by type covered, fields and
    /// signature octets, as their whole rdatas sort (RFC 4034 section 6.3; a name's fields
    /// came from one part, where their indices follow their canonical order).
    fn key(&self) -> (u32, u16, u32, [u8; KEPT_SIGNATURE_OCTETS], u8) {
        (
            self.at,
            self.covered,
            self.fields,
            self.signature,
            self.verdict,
        )
    }
}

/// The fields of judged RRSIGs (algorithm to signer), each kept once: their octets end to
/// end, where each ends, and where the first RRSIG with them was read. A zone whose RRSIGs
/// all differ (signature times spread by jitter) costs some 14 octets per RRSIG more than
/// keeping the fields with each; one signed at once costs next to nothing.
#[derive(Clone, Debug, Default)]
pub(super) struct FieldTable {
    bytes: Vec<u8>,
    ends: Vec<u32>,
    /// (file, line) of the first RRSIG read with these fields; line 0 when none was.
    first_read: Vec<(u16, u32)>,
}

impl FieldTable {
    /// The number of entries.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Entry `i`.
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)? as usize,
        };
        self.bytes.get(start..end)
    }

    fn push(&mut self, fields: &[u8]) {
        self.bytes.extend_from_slice(fields);
        self.ends.push(self.bytes.len() as u32);
        self.first_read.push((u16::MAX, 0));
    }

    /// Notes an RRSIG with fields `i` read at (`file`, `line`).
    fn read_at(&mut self, i: usize, file: u16, line: u32) {
        if let Some(f) = self.first_read.get_mut(i) {
            if f.1 == 0 || (file, line) < *f {
                *f = (file, line);
            }
        }
    }

    /// Moves the entries of `other` behind these (their indices grow by `self.len()`), its
    /// file indices mapped by `file_of`.
    pub(super) fn append(&mut self, other: &mut FieldTable, file_of: impl Fn(u16) -> u16) {
        let base = self.bytes.len() as u32;
        self.bytes.append(&mut other.bytes);
        self.ends.extend(other.ends.drain(..).map(|e| e + base));
        self.first_read.extend(
            other
                .first_read
                .drain(..)
                .map(|(file, line)| (if line == 0 { file } else { file_of(file) }, line)),
        );
    }

    /// Octets held.
    pub(super) fn memory_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.ends.capacity() * std::mem::size_of::<u32>()
            + self.first_read.capacity() * std::mem::size_of::<(u16, u32)>()
    }
}

/// The length of an RRSIG's rdata before its signature: the 18 fixed octets and the
/// signer's name (RFC 4034 section 3.1). None when the rdata is shorter.
fn before_signature(rd: &[u8]) -> Option<usize> {
    let mut at = 18usize;
    loop {
        let len = usize::from(*rd.get(at)?);
        if len == 0 {
            return Some(at + 1);
        }
        if len > 63 {
            return None;
        }
        at += len + 1;
    }
}

impl Zone {
    /// The runs of an unfinished zone, in reading order.
    pub(crate) fn runs(&self) -> Vec<RunView<'_>> {
        let mut runs = Vec::new();
        let mut at = 0;
        while let Some(first) = self.records.get(at) {
            let len = self.records[at..]
                .iter()
                .take_while(|r| r.owner == first.owner)
                .count();
            runs.push(RunView {
                zone: self,
                owner: self.owner_wire(first.owner),
                first: at,
                recs: &self.records[at..at + len],
            });
            at += len;
        }
        runs
    }

    /// Hands the runs of this unfinished zone to `judge` (in parallel, a few hundred at a
    /// time), all but the last and, with `skip_first`, the first, and moves each RRSIG it
    /// judged out of the records into the judged table. An RRSIG stays a record when its
    /// signer is not in canonical case, when its signature is shorter than what is kept of
    /// it, or when its run holds nothing but RRSIGs (a name is never left without records).
    pub(crate) fn condense(
        &mut self,
        skip_first: bool,
        judge: &Judge<'_>,
    ) -> Result<(), ZoneError> {
        let verdicts: Verdicts = {
            let runs = self.runs();
            let end = runs.len().saturating_sub(1);
            let start = usize::from(skip_first).min(end);
            runs[start..end]
                .par_chunks(RUNS_PER_JUDGE)
                .flat_map_iter(judge)
                .collect()
        };
        if verdicts.is_empty() || !self.laid_out_in_order() {
            return Ok(());
        }
        // Owner entries are runs while loading: those holding more than RRSIGs.
        let mut has_data = vec![false; self.owners.len()];
        for r in &self.records {
            if r.rtype != RrType::RRSIG.0 {
                if let Some(h) = has_data.get_mut(r.owner as usize) {
                    *h = true;
                }
            }
        }
        // What is kept of each RRSIG to move: where its signature ends, and its verdict.
        let kept = |i: usize, v: u8| -> Option<(usize, u8)> {
            let rec = self.records.get(i)?;
            if rec.rtype != RrType::RRSIG.0
                || !has_data.get(rec.owner as usize).copied().unwrap_or(false)
                || self.canon.binary_search_by_key(&rec.rdata, |c| c.0).is_ok()
            {
                return None;
            }
            let rd = self.rdata_of(rec);
            let n = before_signature(rd)? + KEPT_SIGNATURE_OCTETS;
            (n <= rd.len()).then_some((n, v))
        };
        let moves: Vec<(usize, usize, u8)> = verdicts
            .iter()
            .filter_map(|&(i, v)| kept(i, v).map(|(n, v)| (i, n, v)))
            .collect();
        if moves.is_empty() {
            return Ok(());
        }
        // The distinct fields of the RRSIGs to move, indexed in their canonical order after
        // those already in the table.
        let mut fields: std::collections::BTreeMap<&[u8], u32> = std::collections::BTreeMap::new();
        for &(i, n, _) in &moves {
            let rd = self.rdata_of(&self.records[i]);
            fields
                .entry(&rd[FIELDS_AT..n - KEPT_SIGNATURE_OCTETS])
                .or_insert(0);
        }
        let base = self.rrsig_fields.len() as u32;
        let mut new_fields = FieldTable::default();
        for (k, (f, id)) in fields.iter_mut().enumerate() {
            *id = base + k as u32;
            new_fields.push(f);
        }
        let mut judged = Vec::with_capacity(moves.len());
        for &(i, n, verdict) in &moves {
            let rec = self.records[i];
            let rd = self.rdata_of(&rec);
            let Some(&id) = fields.get(&rd[FIELDS_AT..n - KEPT_SIGNATURE_OCTETS]) else {
                continue;
            };
            let mut signature = [0u8; KEPT_SIGNATURE_OCTETS];
            signature.copy_from_slice(&rd[n - KEPT_SIGNATURE_OCTETS..n]);
            judged.push(JudgedSig {
                at: rec.owner,
                covered: u16::from_be_bytes([rd[0], rd[1]]),
                fields: id,
                signature,
                verdict,
            });
            let file = self
                .owners
                .get(rec.owner as usize)
                .map_or(u16::MAX, |o| o.file);
            if rec.line != 0 {
                new_fields.read_at((id - base) as usize, file, rec.line);
            }
        }
        drop(fields);
        // The records left, their rdata (and canonical copies) moved down over the moved
        // ones' in place (`laid_out_in_order` holds), so a part needs no second arena.
        let mut gone = moves.iter().map(|m| m.0).peekable();
        let mut canon = self.canon.iter().copied().peekable();
        let mut new_canon = Vec::with_capacity(self.canon.len());
        let mut end = 0u32;
        let mut w = 0;
        for i in 0..self.records.len() {
            let mut rec = self.records[i];
            let copy = canon.next_if(|c| c.0 == rec.rdata).map(|c| c.1);
            if gone.next_if_eq(&i).is_some() {
                continue;
            }
            let len = usize::from(rec.rdata_len);
            self.rdata.move_down(rec.rdata, len, end);
            rec.rdata = end;
            end += len as u32;
            if let Some(c) = copy {
                self.rdata.move_down(c, len, end);
                new_canon.push((rec.rdata, end));
                end += len as u32;
            }
            self.records[w] = rec;
            w += 1;
        }
        self.records.truncate(w);
        self.rdata.truncate(end as usize);
        self.canon = new_canon;
        // A warning placed before record `i` goes before the record that now follows it.
        let removed: Vec<u64> = moves.iter().map(|m| m.0 as u64).collect();
        for warning in &mut self.warnings {
            let i = warning.order / 2;
            let before = removed.partition_point(|&r| r < i) as u64;
            warning.order -= 2 * before;
        }
        self.judged.append(&mut judged);
        self.rrsig_fields.append(&mut new_fields, |f| f);
        Ok(())
    }

    /// True when the records' rdatas lie in the arena in the records' order, each canonical
    /// copy right after its rdata, as reading lays them out: what compacting in place needs.
    fn laid_out_in_order(&self) -> bool {
        let mut canon = self.canon.iter().peekable();
        let mut end = 0u32;
        for rec in &self.records {
            if rec.rdata < end {
                return false;
            }
            end = rec.rdata + u32::from(rec.rdata_len);
            if let Some(c) = canon.next_if(|c| c.0 == rec.rdata) {
                if c.1 != end {
                    return false;
                }
                end += u32::from(rec.rdata_len);
            }
        }
        canon.next().is_none()
    }

    /// Puts the judged RRSIGs of a zone being finished by owner entry again (a finished
    /// zone holds them by node).
    pub(super) fn judged_by_owner(&mut self) {
        if !self.judged_by_node {
            return;
        }
        for k in 0..self.judged.len() {
            let node = self.judged[k].at as usize;
            self.judged[k].at = self.node_owner(node);
        }
        self.judged_by_node = false;
    }

    /// Once the nodes are made (ascending by `rank` of their owner entries, a node's first
    /// record at an owner of its rank): the judged RRSIGs by node, in their order at each,
    /// duplicates dropped.
    pub(super) fn judged_by_node(&mut self, rank: impl Fn(u32) -> u32 + Sync) {
        if self.judged.is_empty() {
            self.judged_by_node = true;
            return;
        }
        let mut judged = std::mem::take(&mut self.judged);
        for j in &mut judged {
            j.at = rank(j.at);
        }
        if !judged.par_windows(2).all(|w| w[0].key() <= w[1].key()) {
            judged.par_sort_unstable_by_key(JudgedSig::key);
        }
        judged.dedup();
        // Ranks to nodes: the nodes come in ascending rank, each that of its first record's
        // owner. A rank with no node has no records, which condensing never leaves.
        let node_rank = |k: usize| {
            let n = self.nodes.get(k)?;
            self.records.get(n.first as usize).map(|r| rank(r.owner))
        };
        let mut node = 0;
        judged.retain_mut(|j| {
            while node_rank(node).is_some_and(|r| r < j.at) {
                node += 1;
            }
            let found = node_rank(node) == Some(j.at);
            j.at = node as u32;
            found
        });
        judged.shrink_to_fit();
        self.judged = judged;
        self.judged_by_node = true;
    }

    /// The judged RRSIGs at node `k` of the finished zone, in their order.
    pub(super) fn judged_at(&self, k: usize) -> &[JudgedSig] {
        if self.judged.is_empty() {
            return &[];
        }
        let k = k as u32;
        let start = self.judged.partition_point(|j| j.at < k);
        let end = start + self.judged[start..].partition_point(|j| j.at == k);
        &self.judged[start..end]
    }

    /// A judged RRSIG's rdata as far as it is kept: the fixed fields and signer, then the
    /// signature's first octets (what [`Rrsig::from_wire`](crate::rr::Rrsig::from_wire)
    /// reads as a short signature). None for one whose fields are missing, which the zone
    /// never holds.
    pub(super) fn expand_judged(&self, j: &JudgedSig) -> Option<Vec<u8>> {
        let fields = self.rrsig_fields.get(j.fields as usize)?;
        let signature = j.signature;
        let mut out = Vec::with_capacity(FIELDS_AT + fields.len() + KEPT_SIGNATURE_OCTETS);
        out.extend_from_slice(&j.covered.to_be_bytes());
        out.extend_from_slice(fields);
        out.extend_from_slice(&signature);
        Some(out)
    }

    /// Where the first (in file order) judged RRSIG that expired before `now` was read (RFC
    /// 4034 section 3.1.5): its file index and line.
    pub(crate) fn first_expired_judged(&self, now: SigTime) -> Option<(u16, u32)> {
        let table = &self.rrsig_fields;
        (0..table.len())
            .filter_map(|i| {
                let at = *table.first_read.get(i)?;
                // Fields: algorithm, labels, original TTL (4), then the expiration.
                let b = table.get(i)?.get(6..10)?;
                let expiration = SigTime(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                (at.1 != 0 && expiration.is_before(now)).then_some(at)
            })
            .min()
    }

    /// After `other` was appended with its owner entries mapped by `owner_of` and its
    /// fields table behind this zone's first `fields_base` entries: its judged RRSIGs.
    pub(super) fn append_judged(
        &mut self,
        other: &[JudgedSig],
        owner_of: impl Fn(u32) -> u32,
        fields_base: u32,
    ) {
        self.judged.extend(other.iter().map(|j| JudgedSig {
            at: owner_of(j.at),
            fields: j.fields + fields_base,
            ..*j
        }));
    }

    /// True when some RRSIG of the zone was judged while it loaded.
    pub(crate) fn has_judged(&self) -> bool {
        !self.judged.is_empty()
    }

    /// How many RRSIGs were judged while the zone loaded and are held apart from the
    /// records (docs/bind-compat.md, "verify: memory"): for a verifier's report of its work.
    pub fn judged_signatures(&self) -> usize {
        self.judged.len()
    }

    /// True when each owner name of the finished zone came in one run of records (as
    /// signers and dumpers write zones): the condition for trusting verdicts made run by
    /// run while loading.
    pub(crate) fn names_are_single_runs(&self) -> bool {
        self.single_runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_starts_after_the_signer() {
        let mut rd = vec![0u8; 18];
        rd.extend_from_slice(b"\x03tld\x00");
        rd.extend_from_slice(&[9; 64]);
        assert_eq!(before_signature(&rd), Some(23));
        assert_eq!(before_signature(&rd[..20]), None);
        let mut bad = vec![0u8; 18];
        bad.push(64);
        assert_eq!(before_signature(&bad), None);
    }
}
