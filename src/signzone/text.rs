//! The signed zone as text, byte for byte as BIND's dnssec-signzone writes it (REFERENCE.md
//! 1.7). Two styles:
//! - explicit TTL (the default): TTL at column 24, class at 32, rdata at 40; the owner only
//!   on a node's first line, the class only on the records of its first RRset; long rdata
//!   broken over lines inside parentheses (`rdata::multiline`);
//! - full (`-O full`, and the default for `-f -`): every line complete, TTL at column 46,
//!   class at 48, rdata at 64, one line per record, and `; resign=` after each signature set.
//!
//! At a node the RRsets go SOA first, then NS, then by type number, each followed by its
//! signatures. With `-D` BIND writes each RRset as if alone (owner and class on its first
//! line) in the order its database holds them (`dnssec_only_order`). Chunks are formatted
//! in parallel; the order is the plan's.

use std::cmp::Ordering;
use std::fmt::Write as _;

use dnssec_core::rr::rdata;
use dnssec_core::rr::rdata::multiline;
use dnssec_core::rr::rdata::text::push_wire_name;
use dnssec_core::rr::rrsig::Rrsig;
use dnssec_core::sign::driver::Signed;
use dnssec_core::sign::plan::{OutNode, OutSet, SignedChunk};
use dnssec_core::time::{format_ctime, format_timestamp, UnixTime};
use dnssec_core::zone::{NameView, Zone};
use dnssec_core::{Class, Name, RrType, Ttl};
use rayon::prelude::*;

/// How to write.
pub struct Style {
    /// `-O full` (also the default for `-f -`).
    pub full: bool,
    /// `-D`: only the records the signer makes.
    pub dnssec_only: bool,
    /// `-S`: with `-D`, the DNSKEY RRset is included too.
    pub smart: bool,
    /// RRSIG record TTLs are at most end − start (REFERENCE.md 1.7).
    pub sig_ttl_cap: u32,
}

/// Where a style puts a record's fields (columns, tab stops every 8) and how it writes
/// the rest.
struct Layout {
    /// The TTL column; `None` for no TTL.
    ttl: Option<usize>,
    /// The class column; the type follows the class after one separator.
    class: usize,
    rdata: usize,
    /// Owner and class on every line (else the owner only on a node's first line and the
    /// class only on the records of its first RRset).
    every_line: bool,
    /// Long rdata broken over lines inside parentheses.
    multiline: bool,
}

/// The explicit-TTL style (the default).
const EXPLICIT: Layout = Layout {
    ttl: Some(24),
    class: 32,
    rdata: 40,
    every_line: false,
    multiline: true,
};

/// The full style (`-O full`).
const FULL: Layout = Layout {
    ttl: Some(46),
    class: 48,
    rdata: 64,
    every_line: true,
    multiline: false,
};

/// The style of `dsset-` files: no TTL, class at column 24, one line per record.
const DSSET: Layout = Layout {
    ttl: None,
    class: 24,
    rdata: 24,
    every_line: true,
    multiline: false,
};

/// The two comment lines at the top (REFERENCE.md 1.7).
pub fn header(now: UnixTime) -> String {
    format!(
        "; File written on {}\n; dnssec_signzone version {}\n",
        format_ctime(now),
        crate::cli::VERSION
    )
}

/// Formats one chunk, nodes in parallel, concatenated in order. `zone` is the loaded zone
/// (`-D` output follows the order its records were read in).
pub fn format_chunk(chunk: &SignedChunk<'_>, zone: &Zone, style: &Style) -> String {
    let parts: Vec<String> = chunk
        .nodes
        .par_iter()
        .zip(chunk.signed.par_iter())
        .map(|(node, signed)| {
            let mut s = String::with_capacity(256 * node.sets.len());
            format_node(&mut s, node, signed, zone, style);
            s
        })
        .collect();
    parts.concat()
}

/// The text of `keyset-<zone>.` (REFERENCE.md 1.6): `$ORIGIN .`, then the keys as one
/// DNSKEY RRset in the explicit-TTL style, the owner relative to the root (`@` for the root
/// itself), keys in canonical order.
pub fn keyset_text(origin: &Name, keys: &[Vec<u8>], ttl: Ttl, class: Class) -> String {
    let mut out = String::from("$ORIGIN .\n");
    let absolute = origin.to_string();
    let owner = match absolute.strip_suffix('.') {
        Some("") | None => "@".to_string(),
        Some(relative) => relative.to_string(),
    };
    let mut sorted: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    sorted.sort();
    sorted.dedup();
    let style = Style {
        full: false,
        dnssec_only: false,
        smart: false,
        sig_ttl_cap: u32::MAX,
    };
    let mut w = NodeWriter {
        out: &mut out,
        owner,
        class,
        style: &style,
        layout: &EXPLICIT,
        owner_pending: true,
        class_due: true,
    };
    w.rrset(ttl, RrType::DNSKEY, sorted.into_iter());
    out
}

/// The text of `dsset-<zone>.` (REFERENCE.md 1.5): one line per DS, owner and class on
/// each, no TTL, class at column 24, records in canonical order.
pub fn dsset_text(origin: &Name, ds: &[Vec<u8>], class: Class) -> String {
    let mut out = String::new();
    let mut sorted: Vec<&[u8]> = ds.iter().map(Vec::as_slice).collect();
    sorted.sort();
    sorted.dedup();
    let style = Style {
        full: false,
        dnssec_only: false,
        smart: false,
        sig_ttl_cap: u32::MAX,
    };
    let mut w = NodeWriter {
        out: &mut out,
        owner: origin.to_string(),
        class,
        style: &style,
        layout: &DSSET,
        owner_pending: true,
        class_due: true,
    };
    w.rrset(Ttl(0), RrType::DS, sorted.into_iter());
    out
}

fn included(set: &OutSet<'_>, style: &Style) -> bool {
    !style.dnssec_only
        || matches!(set.rtype, RrType::NSEC | RrType::NSEC3 | RrType::NSEC3PARAM)
        || (style.smart && set.rtype == RrType::DNSKEY)
}

/// Where an RRset goes among its node's: SOA, NS, then by type number, BIND's dump order.
fn dump_rank(rtype: RrType) -> u32 {
    match rtype {
        RrType::SOA => 0,
        RrType::NS => 1,
        t => u32::from(t.0) + 2,
    }
}

/// One node's text.
struct NodeWriter<'a> {
    out: &'a mut String,
    owner: String,
    class: Class,
    style: &'a Style,
    layout: &'a Layout,
    /// No line of this node (explicit style) or of this RRset (`-D`) written yet.
    owner_pending: bool,
    /// The current RRset is the first one written, whose records all carry the class.
    class_due: bool,
}

/// One thing to write at a node: an RRset (by index into the node's sets) or the
/// signatures over it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    /// The RRset itself.
    Set(usize),
    /// The signatures over it.
    Sigs(usize),
}

fn format_node(
    out: &mut String,
    node: &OutNode<'_>,
    signed: &[Signed],
    zone: &Zone,
    style: &Style,
) {
    let sets = node.sets.len().min(signed.len());
    let exists = |item: &Item| match *item {
        Item::Set(i) => !node.sets[i].rdatas.is_empty(),
        Item::Sigs(i) => !signed[i].sigs.is_empty(),
    };
    let items: Vec<Item> = if style.dnssec_only {
        database_order(node, signed, zone)
            .into_iter()
            .filter(|item| match *item {
                Item::Set(i) => included(&node.sets[i], style),
                Item::Sigs(_) => true,
            })
            .collect()
    } else {
        let mut items: Vec<Item> = (0..sets)
            .flat_map(|i| [Item::Set(i), Item::Sigs(i)])
            .filter(exists)
            .collect();
        if items.len() > DUMP_BATCH {
            // BIND sorts a node's RRsets in batches taken in its database's order.
            items = database_order(node, signed, zone);
        }
        let dump_key = |item: &Item| match *item {
            Item::Set(i) => (dump_rank(node.sets[i].rtype), false),
            Item::Sigs(i) => (dump_rank(node.sets[i].rtype), true),
        };
        for batch in items.chunks_mut(DUMP_BATCH) {
            batch.sort_by_key(dump_key);
        }
        items
    };
    let node_owner = node.owner.to_string();
    // Only zones that write one name in several cases need the lookup.
    let read = if zone.owners_differ_in_case() {
        zone.find(&node.owner)
    } else {
        None
    };
    let mut w = NodeWriter {
        out,
        owner: node_owner.clone(),
        class: zone.class(),
        style,
        layout: if style.full { &FULL } else { &EXPLICIT },
        owner_pending: true,
        class_due: true,
    };
    for item in items {
        match item {
            Item::Set(i) => {
                let set = &node.sets[i];
                if !set.rdatas.is_empty() {
                    w.owner = match read.and_then(|r| written_owner(&r, set)) {
                        Some(wire) => {
                            let mut text = String::new();
                            push_wire_name(wire, &mut text);
                            text
                        }
                        None => node_owner.clone(),
                    };
                    w.rrset(set.ttl, set.rtype, set.rdatas.iter().map(|r| &r[..]));
                }
            }
            Item::Sigs(i) => {
                w.owner.clone_from(&node_owner);
                w.signatures(&node.sets[i], &signed[i]);
            }
        }
    }
}

/// The owner of an RRset read from the zone and written out unchanged, in the case it was
/// written with (BIND keeps that case with the RRset, in text and raw output); `None` for
/// RRsets the signer made or changed, which carry the node's case, as do all signatures
/// and chain records (zone/tree_case.rs).
pub(super) fn written_owner<'z>(read: &NameView<'z>, set: &OutSet<'_>) -> Option<&'z [u8]> {
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

/// How many RRsets BIND's dump sorts at a time: a node with more is written in batches,
/// each sorted, taken in the database's order (REFERENCE.md 1.7, observed).
const DUMP_BATCH: usize = 64;

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
pub(super) fn database_order(node: &OutNode<'_>, signed: &[Signed], zone: &Zone) -> Vec<Item> {
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
pub(super) fn sorted_signatures(sigs: &Signed) -> Vec<&[u8]> {
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

impl NodeWriter<'_> {
    /// Writes the signatures over `set`, in canonical order, and with `-O full` (not `-D`)
    /// the `; resign=` note (the earliest expiration).
    fn signatures(&mut self, set: &OutSet<'_>, sigs: &Signed) {
        if sigs.sigs.is_empty() {
            return;
        }
        let sig_ttl = Ttl(set.ttl.0.min(self.style.sig_ttl_cap));
        let sorted = sorted_signatures(sigs);
        self.rrset(sig_ttl, RrType::RRSIG, sorted.iter().copied());
        // `-D` writes RRsets one by one, without the dump's resign notes.
        if self.style.full && !self.style.dnssec_only {
            let earliest = sorted
                .iter()
                .filter_map(|wire| Rrsig::from_wire(wire).ok())
                .map(|r| r.expiration.0)
                .min();
            if let Some(e) = earliest {
                let _ = writeln!(
                    self.out,
                    "; resign={}",
                    format_timestamp(UnixTime(i64::from(e)))
                );
            }
        }
    }

    /// Writes one RRset's records.
    fn rrset<'r>(&mut self, ttl: Ttl, rtype: RrType, rdatas: impl Iterator<Item = &'r [u8]>) {
        if self.style.dnssec_only {
            // BIND writes each RRset of `-D` output on its own: owner and class again.
            self.owner_pending = true;
            self.class_due = true;
        }
        for wire in rdatas {
            self.record(ttl, rtype, wire);
        }
        self.class_due = false;
    }

    fn record(&mut self, ttl: Ttl, rtype: RrType, wire: &[u8]) {
        let layout = self.layout;
        let mut line = Line {
            out: &mut *self.out,
            column: 0,
        };
        if layout.every_line || self.owner_pending {
            line.push(&self.owner);
            self.owner_pending = false;
        }
        if let Some(column) = layout.ttl {
            line.indent(column);
            line.push_display(ttl);
        }
        if layout.every_line || self.class_due {
            line.indent(layout.class);
            line.push_display(self.class);
        }
        // The type column is the class column: one separator after the class.
        line.indent(layout.class);
        line.push_display(rtype);
        line.indent(layout.rdata);
        let out = line.out;
        let text = if layout.multiline {
            multiline::try_to_multiline_text(rtype, wire, out)
        } else {
            rdata::try_to_text(rtype, wire, out)
        };
        if text.is_err() {
            if layout.multiline {
                multiline::generic(wire, out);
            } else {
                rdata::generic_text(wire, out);
            }
        }
        out.push('\n');
    }
}

/// The start of one record line, with the column it has reached (tab stops every 8).
struct Line<'a> {
    out: &'a mut String,
    column: usize,
}

impl Line<'_> {
    /// Appends ASCII text (owners and mnemonics are ASCII, escapes included).
    fn push(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text.len();
    }

    /// Appends a value's ASCII text.
    fn push_display(&mut self, value: impl std::fmt::Display) {
        let before = self.out.len();
        let _ = write!(self.out, "{value}");
        self.column += self.out.len() - before;
    }

    /// Moves to `column` the way BIND's writer does: tabs while a tab stop does not pass
    /// the column, then spaces. A line already at or past the column gets one separator: a
    /// tab when the next column is a tab stop, else a space.
    fn indent(&mut self, column: usize) {
        let mut from = self.column;
        let to = column.max(from + 1);
        let tabs = to / 8 - from / 8;
        if tabs > 0 {
            for _ in 0..tabs {
                self.out.push('\t');
            }
            from = to / 8 * 8;
        }
        for _ in from..to {
            self.out.push(' ');
        }
        self.column = to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(prefix: &str, column: usize) -> String {
        let mut s = String::new();
        let mut line = Line {
            out: &mut s,
            column: 0,
        };
        line.push(prefix);
        line.indent(column);
        s
    }

    #[test]
    fn columns_follow_tab_stops() {
        assert_eq!(at("example.", 24), "example.\t\t");
        assert_eq!(
            at("abcdefghijklmnopqrstuv.example.", 24),
            "abcdefghijklmnopqrstuv.example.\t"
        );
        assert_eq!(at("a.very.long.owner.name.example.", 24).len(), 32);
        assert_eq!(
            at("0123456789012345678901234567890123", 24),
            "0123456789012345678901234567890123 "
        );
        assert_eq!(at("example.", 46), "example.\t\t\t\t      ");
        assert_eq!(
            at("0123456789012345678901234567890123456", 40),
            "0123456789012345678901234567890123456\t"
        );
        assert_eq!(at("", 24), "\t\t\t");
        let mut s = String::new();
        let mut line = Line {
            out: &mut s,
            column: 0,
        };
        line.indent(24);
        line.push("31536000");
        line.indent(32);
        line.push("RRSIG");
        line.indent(40);
        assert_eq!(s, "\t\t\t31536000 RRSIG\t");
    }
}
