//! The case of owner names as BIND's database keeps it (observed with BIND 9.18; it shows in
//! signed output, docs/bind-compat.md, "signzone: output formats and order"). Names compare
//! without case (RFC 4343), so one name may be written with different cases; the database
//! stores each label once, in the case of the first name read that contains it, with the
//! origin's labels as the zone was opened with. Records keep the owner case they were written
//! with: RRsets read from the file are printed that way, while what the signer adds (and the
//! NSEC next names) carries the node's case.

use std::collections::HashMap;

use super::store::{Owner, Zone};
use crate::zonefile::ZoneError;

impl Zone {
    /// Gives every node the database's case for its name and notes whether some record's
    /// owner was written in another case ([`Zone::owners_differ_in_case`]).
    pub(crate) fn apply_tree_case(&mut self) -> Result<(), ZoneError> {
        self.case_differs = false;
        let has_upper = |b: &[u8]| b.iter().any(u8::is_ascii_uppercase);
        // Label length octets are at most 63, below 'A': a plain scan finds upper case.
        if !has_upper(self.origin.as_wire()) && !has_upper(self.names.all()) {
            return Ok(());
        }
        // Lower-cased suffix -> the label that starts it, in the case first seen.
        let mut first: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
        note_labels(self.origin.as_wire(), &mut first);
        for o in &self.owners {
            note_labels(self.names.get(o.off, o.len as usize), &mut first);
        }
        for k in 0..self.nodes.len() {
            let wire = self.owner_wire(self.node_owner(k)).to_vec();
            let mut cased = Vec::with_capacity(wire.len());
            for p in label_starts(&wire) {
                let key = wire[p..].to_ascii_lowercase();
                match first.get(&key) {
                    Some(label) => cased.extend_from_slice(label),
                    None => cased.extend_from_slice(&wire[p..p + 1 + wire[p] as usize]),
                }
            }
            cased.push(0);
            if cased != wire {
                let off = self.names.push(&cased)?;
                self.owners.push(Owner {
                    off,
                    file: u16::MAX,
                    len: cased.len() as u8,
                });
                self.set_node_owner(k, (self.owners.len() - 1) as u32);
            }
            let owner = self.owner_wire(self.node_owner(k));
            if !self.case_differs {
                let recs = self.node_recs(k);
                self.case_differs = recs.iter().any(|r| self.owner_wire(r.owner) != owner);
            }
        }
        Ok(())
    }

    /// True when some record's owner was written in a case other than its node's (see
    /// [`NameView::written_owner`](super::NameView::written_owner)); false for zones written
    /// in one case throughout.
    pub fn owners_differ_in_case(&self) -> bool {
        self.case_differs
    }
}

/// Records the case of each label of `wire` not seen before, shortest suffix first.
fn note_labels(wire: &[u8], first: &mut HashMap<Vec<u8>, Vec<u8>>) {
    for p in label_starts(wire).into_iter().rev() {
        let key = wire[p..].to_ascii_lowercase();
        first
            .entry(key)
            .or_insert_with(|| wire[p..p + 1 + wire[p] as usize].to_vec());
    }
}

/// Where each label of an uncompressed wire name starts (the root label excluded).
fn label_starts(wire: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = 0;
    while let Some(&len) = wire.get(p) {
        if len == 0 || p + 1 + len as usize > wire.len() {
            break;
        }
        out.push(p);
        p += 1 + len as usize;
    }
    out
}
