//! BIND's `addnode: NSEC node already exists` warning (docs/bind-compat.md, "zone reader:
//! the tree of NSEC owners"): while loading, BIND adds the owner of each NSEC
//! RRset (RFC 4034 section 4) to a second tree of names, a tree that keeps a node wherever
//! two of its names part ways. A name whose NSEC is read after the NSECs of two names below
//! it that part ways right under it (other child labels) therefore finds its node already
//! made, and BIND warns, once per such name. Files in canonical order never do this (a
//! name's descendants come after it); zones with records moved around do.

use std::collections::HashMap;

/// What is known of the names below one name: the child label on the way to the first
/// NSEC owner read below it, or that NSEC owners were read below two of its children.
enum Below {
    One(Vec<u8>),
    Many,
}

/// For NSEC owners in the order their first NSEC was read (wire form, each name once):
/// the positions of those whose node BIND's tree already holds when it comes, each a
/// warning.
pub(super) fn nodes_already_made<'a>(owners: impl IntoIterator<Item = &'a [u8]>) -> Vec<usize> {
    let mut below: HashMap<Vec<u8>, Below> = HashMap::new();
    let mut found = Vec::new();
    for (at, owner) in owners.into_iter().enumerate() {
        let name = owner.to_ascii_lowercase();
        if matches!(below.get(&name), Some(Below::Many)) {
            found.push(at);
        }
        // Note the way down to this name at each name above it; where the way was already
        // noted, the names above that know it too.
        let mut rest: &[u8] = &name;
        while let Some((&len, after)) = rest.split_first() {
            if len == 0 {
                break;
            }
            let Some((label, parent)) = after.split_at_checked(len as usize) else {
                break;
            };
            let known = match below.get_mut(parent) {
                None => {
                    below.insert(parent.to_vec(), Below::One(label.to_vec()));
                    false
                }
                Some(Below::One(child)) if child.as_slice() == label => true,
                Some(b @ Below::One(_)) => {
                    *b = Below::Many;
                    false
                }
                Some(Below::Many) => true,
            };
            if known {
                break;
            }
            rest = parent;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::Name;

    fn made(names: &[&str]) -> Vec<usize> {
        let wires: Vec<Vec<u8>> = names
            .iter()
            .map(|n| Name::parse(n, None).unwrap().as_wire().to_vec())
            .collect();
        nodes_already_made(wires.iter().map(|w| w.as_slice()))
    }

    /// The cases as BIND 9.18's dnssec-verify and named-checkzone warned on them.
    #[test]
    fn a_name_after_two_parting_names_below_it() {
        // a.x and b.x part right under x: x's node is made before x's NSEC comes.
        assert_eq!(made(&["a.x.example.", "b.x.example.", "x.example."]), [2]);
        assert_eq!(made(&["a.b.x.example.", "c.x.example.", "x.example."]), [2]);
        assert_eq!(made(&["a.x.example.", "x.b.x.example.", "x.example."]), [2]);
        // In case-insensitive terms.
        assert_eq!(made(&["a.X.example.", "b.x.example.", "x.EXAMPLE."]), [2]);
        // One name below, or two that part further down: no node at x yet.
        assert!(made(&["a.x.example.", "x.example."]).is_empty());
        assert!(made(&["a.b.x.example.", "c.b.x.example.", "x.example."]).is_empty());
        // Canonical order never warns.
        assert!(made(&["example.", "a.example.", "b.a.example.", "c.example."]).is_empty());
        // The apex after names below it (its NSEC moved to the end of the file).
        assert_eq!(
            made(&["a.example.", "b.example.", "c.example.", "example."]),
            [3]
        );
    }
}
