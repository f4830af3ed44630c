//! The order BIND writes a node's RRsets in (docs/bind-compat.md,
//! "signzone: output formats and order", observed with BIND 9.18), and the owner case each
//! RRset keeps. BIND's dump sorts a node's RRsets (SOA, NS, then by type, each followed by its
//! signatures) but only 64 at a time, taken in the order its database lists them; `-D` and the
//! raw format write them in that database order unsorted.

use std::cmp::Ordering;

use dnssec_core::sign::Signed;
use dnssec_core::sign::{OutNode, OutSet};
use dnssec_core::zone::{NameView, Zone};
use dnssec_core::RrType;

/// One thing to write at a node: an RRset (by index into the node's sets) or the
/// signatures over it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(in crate::signzone) enum Item {
    /// The RRset itself.
    Set(usize),
    /// The signatures over it.
    Sigs(usize),
}

/// Where an RRset goes among its node's: SOA, NS, then by type number, BIND's dump order.
pub(super) fn dump_rank(rtype: RrType) -> u32 {
    match rtype {
        RrType::SOA => 0,
        RrType::NS => 1,
        t => u32::from(t.0) + 2,
    }
}

/// The node's RRsets and signature sets in dump order: sorted by [`dump_rank`], the
/// signatures right after their RRset, in batches of [`DUMP_BATCH`] when there are more.
pub(super) fn dump_order(node: &OutNode<'_>, signed: &[Signed], zone: &Zone) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::with_capacity(2 * node.sets.len());
    for (i, (set, sigs)) in node.sets.iter().zip(signed).enumerate() {
        if !set.rdatas.is_empty() {
            items.push(Item::Set(i));
        }
        if !sigs.sigs.is_empty() {
            items.push(Item::Sigs(i));
        }
    }
    if items.len() > DUMP_BATCH {
        items = database_order(node, signed, zone);
    }
    let key = |item: &Item| match *item {
        Item::Set(i) => (dump_rank(node.sets[i].rtype), false),
        Item::Sigs(i) => (dump_rank(node.sets[i].rtype), true),
    };
    for batch in items.chunks_mut(DUMP_BATCH) {
        batch.sort_by_key(key);
    }
    items
}

/// How many RRsets BIND's dump sorts at a time: a node with more is written in batches,
/// each sorted, taken in the database's order (docs/bind-compat.md,
/// "signzone: output formats and order", observed).
pub(super) const DUMP_BATCH: usize = 64;

/// The order in which BIND's database lists a node's RRsets (what `-D` writes in, and what
/// the dump batches follow), observed with BIND 9.18: a new RRset of a "priority" type goes
/// to the front of the list, any other just behind the last priority one; an RRset that
/// exists keeps its place. They are added in this order:
/// - as read: run by run (consecutive records at one owner), and within a run in the
///   reverse order of the types' first appearance;
/// - then what the signer adds: DNSKEY, CDNSKEY, CDS, DS, then NSEC or NSEC3PARAM (NSEC3 at
///   its own name);
/// - then one RRSIG RRset per signed RRset, taking the RRsets in list order.
///
/// Only what exists in the output is returned.
pub(in crate::signzone) fn database_order(
    node: &OutNode<'_>,
    signed: &[Signed],
    zone: &Zone,
) -> Vec<Item> {
    // Key: (type, covered type); value: the order it was added in.
    let mut added: Vec<((RrType, RrType), u32)> = Vec::with_capacity(2 * node.sets.len() + 2);
    if let Some(read) = zone.find(&node.owner) {
        let mut first: Vec<((RrType, RrType), (u32, u32))> = Vec::new();
        for (rtype, covers, run, line) in read.read_positions() {
            let key = (rtype, covers);
            match first.iter_mut().find(|(k, _)| *k == key) {
                Some((_, at)) => *at = (*at).min((run, line)),
                None => first.push((key, (run, line))),
            }
        }
        first.sort_by_key(|&(_, (run, line))| (run, std::cmp::Reverse(line)));
        added.extend(first.into_iter().map(|(k, _)| k).zip(0..));
    }
    let mut made: Vec<(u8, RrType)> = node
        .sets
        .iter()
        .map(|s| s.rtype)
        .filter(|&t| !added.iter().any(|&(k, _)| k == (t, RrType(0))))
        .map(|t| (signer_rank(t), t))
        .collect();
    made.sort();
    for (_, t) in made {
        let seq = added.len() as u32;
        added.push(((t, RrType(0)), seq));
    }
    let list_order = |added: &mut Vec<((RrType, RrType), u32)>| {
        added.sort_by_key(|&(k, seq)| (!is_priority(k), std::cmp::Reverse(seq)));
    };
    list_order(&mut added);
    let sets = node.sets.len().min(signed.len());
    let set_of = |t: RrType| (0..sets).find(|&i| node.sets[i].rtype == t);
    let signed_types: Vec<RrType> = added
        .iter()
        .map(|&((t, _), _)| t)
        .filter(|&t| t != RrType::RRSIG)
        .filter(|&t| set_of(t).is_some_and(|i| !signed[i].sigs.is_empty()))
        .collect();
    for t in signed_types {
        let key = (RrType::RRSIG, t);
        if !added.iter().any(|&(k, _)| k == key) {
            let seq = added.len() as u32;
            added.push((key, seq));
        }
    }
    list_order(&mut added);
    added
        .iter()
        .filter_map(|&((t, covers), _)| {
            if t == RrType::RRSIG {
                set_of(covers)
                    .filter(|&i| !signed[i].sigs.is_empty())
                    .map(Item::Sigs)
            } else {
                set_of(t)
                    .filter(|&i| !node.sets[i].rdatas.is_empty())
                    .map(Item::Set)
            }
        })
        .collect()
}

/// The order in which the signer adds RRsets a zone did not have.
fn signer_rank(t: RrType) -> u8 {
    match t {
        RrType::DNSKEY => 0,
        RrType::CDNSKEY => 1,
        RrType::CDS => 2,
        RrType::DS => 3,
        RrType::NSEC => 4,
        RrType::NSEC3PARAM => 5,
        RrType::NSEC3 => 6,
        _ => 7,
    }
}

/// The types BIND's database puts at the front of a name's list (and RRSIGs over them):
/// the ones most often asked for.
fn is_priority((t, covers): (RrType, RrType)) -> bool {
    let t = if t == RrType::RRSIG { covers } else { t };
    matches!(
        t.0,
        1 | 2 | 5 | 6 | 12 | 15 | 16 | 28 | 33 | 35 | 39 | 43 | 47 | 48 | 50 | 64 | 65
    ) // A NS CNAME SOA PTR MX TXT AAAA SRV NAPTR DNAME DS NSEC DNSKEY NSEC3 SVCB HTTPS
}

/// The signatures over one RRset in the order BIND keeps them.
pub(in crate::signzone) fn sorted_signatures(sigs: &Signed) -> Vec<&[u8]> {
    let mut sorted: Vec<&[u8]> = sigs.sigs.iter().map(Vec::as_slice).collect();
    if sorted.len() > 1 {
        sorted.sort_by(|a, b| rrsig_order(a, b));
    }
    sorted
}

/// The order of rdatas in a BIND RRset: canonical (RFC 4034 section 6.3), which for RRSIG
/// is the wire form with the signer's name compared without case.
fn rrsig_order(a: &[u8], b: &[u8]) -> Ordering {
    const FIXED: usize = 18;
    let (ah, at) = a.split_at(FIXED.min(a.len()));
    let (bh, bt) = b.split_at(FIXED.min(b.len()));
    ah.cmp(bh).then_with(|| {
        at.iter()
            .map(u8::to_ascii_lowercase)
            .cmp(bt.iter().map(u8::to_ascii_lowercase))
            .then_with(|| at.cmp(bt))
    })
}

/// The owner of an RRset read from the zone and written out unchanged, in the case it was
/// written with (BIND keeps that case with the RRset, in text and raw output); `None` for
/// RRsets the signer made or changed, which carry the node's case, as do all signatures
/// and chain records (zone/tree_case.rs).
pub(in crate::signzone) fn written_owner<'z>(
    read: &NameView<'z>,
    set: &OutSet<'_>,
) -> Option<&'z [u8]> {
    if matches!(set.rtype, RrType::NSEC | RrType::NSEC3 | RrType::NSEC3PARAM) {
        return None;
    }
    let loaded = read.rrset(set.rtype)?;
    let unchanged = loaded.ttl() == set.ttl
        && loaded.len() == set.rdatas.len()
        && loaded.rdatas().zip(&set.rdatas).all(|(a, b)| a == &b[..]);
    if !unchanged {
        return None;
    }
    read.written_owner(set.rtype)
}
