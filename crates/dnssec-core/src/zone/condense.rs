//! Condensed RRSIGs: a verifier that judges signatures while a big zone loads keeps only
//! what the whole-zone check still reads of each one it judged (the fixed fields and signer
//! of RFC 4034 section 3.1, the signature's first octets, and the verdict), not the
//! signature itself, which is most of a signed zone's bytes (docs/bind-compat.md, "verify:
//! memory"). The fields after the type covered (algorithm to signer) are the same for most
//! RRSIGs of a zone, so they are kept once in a table: a condensed rdata is the type covered,
//! the index of its fields in that table, the signature's first octets and the verdict.
//! Within one part the indices follow the fields' canonical order, so a name's RRSIGs keep
//! the order their whole rdatas have (RFC 4034 section 6.3).
//!
//! The zone does not judge anything: a judge from a higher layer is handed the runs of a
//! part as it is read (consecutive records at one owner, in reading order) and says, for
//! each RRSIG it judged, the verdict octet to keep. Only runs wholly inside the part are
//! handed over (the first and last may go on in the parts beside it), and a judge may rely
//! on a run holding all of its owner's records only if [`Zone::names_are_single_runs`]
//! holds once the zone is finished; otherwise the caller must load the zone again without
//! condensing.

use rayon::prelude::*;

use super::arena::Arena;
use super::store::{Rec, Zone};
use super::views::RecordView;
use crate::rr::RrType;
use crate::zonefile::ZoneError;

/// The signature octets a condensed RRSIG keeps: enough to keep distinct signatures apart
/// when the zone drops duplicate records, and to keep them in nearly the order their whole
/// rdata sorts in.
pub(crate) const KEPT_SIGNATURE_OCTETS: usize = 4;

/// Runs handed to the judge at a time (its signatures can share one batch of work).
const RUNS_PER_JUDGE: usize = 256;

/// Where a condensed rdata keeps the index of its fields, after the type covered.
const FIELDS_AT: usize = 2;

/// The length of a condensed rdata: type covered, fields index, signature octets, verdict.
const CONDENSED_LEN: usize = FIELDS_AT + 4 + KEPT_SIGNATURE_OCTETS + 1;

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
/// says not to condense.
pub(crate) type StartJudge<'a> = dyn Fn(&Zone) -> Option<Box<Judge<'a>>> + 'a;

/// The fields of condensed RRSIGs (algorithm to signer), each kept once: their octets end to
/// end and where each ends. A zone whose RRSIGs all differ (signature times spread by jitter)
/// costs 4 octets per RRSIG more than keeping the fields in each rdata; one signed at once
/// costs next to nothing.
#[derive(Clone, Debug, Default)]
pub(super) struct FieldTable {
    bytes: Vec<u8>,
    ends: Vec<u32>,
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
    }

    /// Moves the entries of `other` behind these (their indices grow by `self.len()`).
    pub(super) fn append(&mut self, other: &mut FieldTable) {
        let base = self.bytes.len() as u32;
        self.bytes.append(&mut other.bytes);
        self.ends.extend(other.ends.drain(..).map(|e| e + base));
    }

    /// Octets held.
    pub(super) fn memory_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * std::mem::size_of::<u32>()
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
    /// time), all but the last and, with `skip_first`, the first, and condenses each RRSIG it
    /// judged. An RRSIG whose signer is not in canonical case, or whose signature is shorter
    /// than what a condensed one keeps, stays whole.
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
        if verdicts.is_empty() {
            return Ok(());
        }
        // The distinct fields of the RRSIGs to condense, indexed in their canonical order
        // after those already in the table.
        let mut fields: std::collections::BTreeMap<&[u8], u32> = std::collections::BTreeMap::new();
        for &(i, _) in &verdicts {
            let Some(rec) = self.records.get(i) else {
                continue;
            };
            let rd = self.rdata.get(rec.rdata, usize::from(rec.rdata_len));
            if let Some(n) = before_signature(rd) {
                fields.entry(&rd[FIELDS_AT..n]).or_insert(0);
            }
        }
        let base = self.rrsig_fields.len() as u32;
        let mut new_fields = FieldTable::default();
        for (k, (f, id)) in fields.iter_mut().enumerate() {
            *id = base + k as u32;
            new_fields.push(f);
        }
        let mut next = verdicts.iter().peekable();
        let mut rdata = Arena::default();
        rdata.reserve(self.rdata.len());
        let mut canon = Vec::with_capacity(self.canon.len());
        let mut condensed = Vec::with_capacity(self.condensed.len() + verdicts.len());
        let mut old_condensed = self.condensed.iter().peekable();
        for (i, rec) in self.records.iter_mut().enumerate() {
            let old = self.rdata.get(rec.rdata, usize::from(rec.rdata_len));
            let canonical = match self.canon.binary_search_by_key(&rec.rdata, |c| c.0) {
                Ok(k) => Some(self.canon[k].1),
                Err(_) => None,
            };
            let was_condensed = old_condensed.next_if(|&&o| o == rec.rdata).is_some();
            let verdict = next.next_if(|v| v.0 == i).map(|v| v.1);
            let keep = match (verdict, canonical) {
                (Some(v), None) if rec.rtype == RrType::RRSIG.0 && !was_condensed => {
                    before_signature(old)
                        .map(|n| n + KEPT_SIGNATURE_OCTETS)
                        .filter(|&n| n <= old.len())
                        .map(|n| (n, v))
                }
                _ => None,
            };
            let id = keep.and_then(|(n, _)| {
                let head = old.get(FIELDS_AT..n - KEPT_SIGNATURE_OCTETS)?;
                fields.get(head).copied()
            });
            let off = match (keep, id) {
                (Some((n, v)), Some(id)) => {
                    let off = rdata.push(&old[..FIELDS_AT])?;
                    rdata.push(&id.to_be_bytes())?;
                    rdata.push(&old[n - KEPT_SIGNATURE_OCTETS..n])?;
                    rdata.push(&[v])?;
                    condensed.push(off);
                    rec.rdata_len = CONDENSED_LEN as u16;
                    off
                }
                _ => {
                    let off = rdata.push(old)?;
                    if was_condensed {
                        condensed.push(off);
                    }
                    if let Some(c) = canonical {
                        let copy = rdata.push(self.rdata.get(c, usize::from(rec.rdata_len)))?;
                        canon.push((off, copy));
                    }
                    off
                }
            };
            rec.rdata = off;
        }
        drop(fields);
        rdata.shrink();
        self.rdata = rdata;
        self.canon = canon;
        self.condensed = condensed;
        self.rrsig_fields.append(&mut new_fields);
        Ok(())
    }

    /// A condensed RRSIG's rdata as far as it is kept: the fixed fields and signer, then the
    /// signature's first octets (what [`Rrsig::from_wire`](crate::rr::Rrsig::from_wire)
    /// reads as a short signature). None for a malformed one, which the zone never holds.
    pub(super) fn expand_condensed(&self, rd: &[u8]) -> Option<Vec<u8>> {
        let id = rd.get(FIELDS_AT..FIELDS_AT + 4)?;
        let id = u32::from_be_bytes([id[0], id[1], id[2], id[3]]);
        let fields = self.rrsig_fields.get(id as usize)?;
        let sig = rd.get(FIELDS_AT + 4..FIELDS_AT + 4 + KEPT_SIGNATURE_OCTETS)?;
        let mut out = Vec::with_capacity(FIELDS_AT + fields.len() + sig.len());
        out.extend_from_slice(rd.get(..FIELDS_AT)?);
        out.extend_from_slice(fields);
        out.extend_from_slice(sig);
        Some(out)
    }

    /// The Signature Expiration of a condensed RRSIG (RFC 4034 section 3.1.5).
    pub(super) fn condensed_expiration(&self, rd: &[u8]) -> Option<[u8; 4]> {
        let id = rd.get(FIELDS_AT..FIELDS_AT + 4)?;
        let id = u32::from_be_bytes([id[0], id[1], id[2], id[3]]);
        // Fields: algorithm, labels, original TTL (4), then the expiration.
        let b = self.rrsig_fields.get(id as usize)?.get(6..10)?;
        Some([b[0], b[1], b[2], b[3]])
    }

    /// After `other` was appended at `rdata_base` with its fields table behind this zone's
    /// `fields_base` entries: its condensed rdatas get their fields' new indices.
    pub(super) fn rebase_condensed(&mut self, first: usize, fields_base: u32) {
        for k in first..self.condensed.len() {
            let off = self.condensed[k];
            if let Some(b) = self.rdata.get_mut(off + FIELDS_AT as u32, 4) {
                let id = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) + fields_base;
                b.copy_from_slice(&id.to_be_bytes());
            }
        }
    }

    /// True when some RRSIG of the zone was condensed while it loaded.
    pub(crate) fn has_condensed(&self) -> bool {
        !self.condensed.is_empty()
    }

    /// How many RRSIGs were judged while the zone loaded and kept condensed
    /// (docs/bind-compat.md, "verify: memory"): for a verifier's report of its work.
    pub fn judged_signatures(&self) -> usize {
        self.condensed.len()
    }

    /// For a condensed RRSIG's rdata offset: true. The table is short or empty unless a
    /// verifier loaded the zone.
    pub(super) fn is_condensed(&self, r: &Rec) -> bool {
        !self.condensed.is_empty() && self.condensed.binary_search(&r.rdata).is_ok()
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
