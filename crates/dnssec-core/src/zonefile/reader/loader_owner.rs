//! The owner BIND's loader names in its `record with inherited owner` warning
//! (docs/bind-compat.md, "zone reader: the inherited owner"): not always the owner the record
//! inherits. BIND keeps a name that is the target of an NS record of the name before it
//! (glue, as a delegation is usually written) apart from that name, which stays its current
//! name: after `sub NS ns.sub` and `ns.sub A ...`, the warning names `sub`.

use crate::name::Name;
use crate::rr::RrType;

/// BIND's current name and glue name as records are read.
#[derive(Clone, Debug, Default)]
pub(super) struct LoaderOwner {
    /// The current name (wire form, case as written); empty before the first owner.
    current: Vec<u8>,
    /// The glue name being read, when the owner is an NS target of the current name.
    glue: Option<Vec<u8>>,
    /// The targets of the current name's NS records read so far, one wire name after another.
    ns_targets: Vec<u8>,
}

impl LoaderOwner {
    /// A record names its owner `wire`. Owners compare with case, as BIND's loader compares
    /// them; an NS target matches without case.
    pub(super) fn owner(&mut self, wire: &[u8]) {
        if self.glue.as_deref().is_some_and(|g| g != wire) {
            self.glue = None;
        }
        if self.glue.is_some() || self.current == wire {
            return;
        }
        if self.is_ns_target(wire) {
            self.glue = Some(wire.to_vec());
        } else {
            self.current.clear();
            self.current.extend_from_slice(wire);
            self.ns_targets.clear();
        }
    }

    /// A record of type `rtype` with rdata `rdata` was read at the owner last given.
    pub(super) fn record(&mut self, rtype: RrType, rdata: &[u8]) {
        if rtype == RrType::NS && self.glue.is_none() {
            self.ns_targets.extend_from_slice(rdata);
        }
    }

    /// The name BIND's warning names; `None` before any owner.
    pub(super) fn current(&self) -> Option<Name> {
        Name::from_wire(&self.current).ok()
    }

    fn is_ns_target(&self, wire: &[u8]) -> bool {
        let mut rest = self.ns_targets.as_slice();
        while !rest.is_empty() {
            let len = wire_len(rest);
            let (target, tail) = rest.split_at(len.min(rest.len()));
            if target.eq_ignore_ascii_case(wire) {
                return true;
            }
            rest = tail;
        }
        false
    }
}

/// The length of the uncompressed wire name at the start of `wire` (all of it when the name
/// does not end).
fn wire_len(wire: &[u8]) -> usize {
    let mut pos = 0;
    while let Some(&len) = wire.get(pos) {
        pos += 1 + usize::from(len);
        if len == 0 {
            return pos;
        }
    }
    wire.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<u8> {
        Name::parse(s, None).unwrap().as_wire().to_vec()
    }

    #[test]
    fn an_ns_target_after_its_delegation_is_glue() {
        let mut o = LoaderOwner::default();
        o.owner(&w("sub.example."));
        o.record(RrType::A, &[192, 0, 2, 1]);
        o.record(RrType::NS, &w("NS.sub.example."));
        o.owner(&w("ns.sub.example."));
        o.record(RrType::NS, &w("x.example."));
        assert_eq!(o.current().unwrap().to_string(), "sub.example.");
        // A name that is no target ends it, and an NS record at glue counted for nothing.
        o.owner(&w("x.example."));
        assert_eq!(o.current().unwrap().to_string(), "x.example.");
        o.owner(&w("y.example."));
        assert_eq!(o.current().unwrap().to_string(), "y.example.");
    }
}
