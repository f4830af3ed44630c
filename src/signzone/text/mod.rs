//! The signed zone as text, byte for byte as BIND's dnssec-signzone writes it
//! (docs/bind-compat.md, "signzone: output formats and order"). Two styles:
//! - explicit TTL (the default): TTL at column 24, class at 32, rdata at 40; the owner only
//!   on a node's first line, the class only on the records of its first RRset; long rdata
//!   broken over lines inside parentheses (`rdata::multiline`);
//! - full (`-O full`, and the default for `-f -`): every line complete, TTL at column 46,
//!   class at 48, rdata at 64, one line per record, and `; resign=` after each signature set.
//!
//! The order of RRsets at a node and the owner case of each are in `order.rs`; with `-D`
//! each RRset is written as if alone (owner and class on its first line). Chunks are
//! formatted in parallel, in groups of nodes; the order is the plan's.

mod order;
mod rrsig;
mod side_files;

pub(super) use order::{database_order, sorted_signatures, written_owner, Item};
pub use side_files::{dsset_text, keyset_text};

use dnssec_core::rr::rdata;
use dnssec_core::rr::rdata::multiline;
use dnssec_core::rr::rdata::push_wire_name;
use dnssec_core::sign::Signed;
use dnssec_core::sign::{OutNode, OutSet, SignedChunk};
use dnssec_core::time::{format_ctime, UnixTime};
use dnssec_core::zone::Zone;
use dnssec_core::{Class, RrType, Ttl};
use rayon::prelude::*;
use rrsig::{push_rrsig, push_type, push_u32, Stamps};

/// How to write.
pub struct Style {
    /// `-O full` (also the default for `-f -`).
    pub full: bool,
    /// `-D`: only the records the signer makes.
    pub dnssec_only: bool,
    /// `-S`: with `-D`, the DNSKEY RRset is included too.
    pub smart: bool,
    /// RRSIG record TTLs are at most end − start (docs/bind-compat.md,
    /// "signzone: output formats and order").
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

/// The two comment lines at the top (docs/bind-compat.md, "signzone: output formats and order").
pub fn header(now: UnixTime) -> String {
    format!(
        "; File written on {}\n; dnssec_signzone version {}\n",
        format_ctime(now),
        crate::cli::VERSION
    )
}

/// Nodes formatted together into one string: enough that the strings are few, few enough
/// that a chunk splits over every worker.
const NODES_PER_PART: usize = 64;

/// Formats one chunk, groups of nodes in parallel; the parts are in output order. `zone`
/// is the zone as loaded (some orders and cases depend on how it was written).
pub fn format_chunk(chunk: &SignedChunk<'_>, zone: &Zone, style: &Style) -> Vec<String> {
    chunk
        .nodes
        .par_chunks(NODES_PER_PART)
        .zip(chunk.signed.par_chunks(NODES_PER_PART))
        .map(|(nodes, signed)| {
            let mut out = String::with_capacity(nodes.len() * 512);
            let layout = if style.full { &FULL } else { &EXPLICIT };
            let mut w = Writer::new(&mut out, layout, zone.class());
            w.each_rrset_alone = style.dnssec_only;
            w.resign_notes = style.full && !style.dnssec_only;
            w.sig_ttl_cap = style.sig_ttl_cap;
            let mut node_owner = String::new();
            for (node, sigs) in nodes.iter().zip(signed) {
                write_node(&mut w, &mut node_owner, node, sigs, zone, style);
            }
            out
        })
        .collect()
}

fn included(set: &OutSet<'_>, style: &Style) -> bool {
    !style.dnssec_only
        || matches!(set.rtype, RrType::NSEC | RrType::NSEC3 | RrType::NSEC3PARAM)
        || (style.smart && set.rtype == RrType::DNSKEY)
}

/// One node: its RRsets and signatures in BIND's order, each with its owner's case.
fn write_node(
    w: &mut Writer<'_>,
    node_owner: &mut String,
    node: &OutNode<'_>,
    signed: &[Signed],
    zone: &Zone,
    style: &Style,
) {
    let items = if style.dnssec_only {
        let mut items = database_order(node, signed, zone);
        items.retain(|item| match *item {
            Item::Set(i) => included(&node.sets[i], style),
            Item::Sigs(_) => true,
        });
        items
    } else {
        order::dump_order(node, signed, zone)
    };
    node_owner.clear();
    push_wire_name(node.owner.as_wire(), node_owner);
    // Only zones that write one name in several cases need the lookup.
    let read = if zone.owners_differ_in_case() {
        zone.find(&node.owner)
    } else {
        None
    };
    w.owner_pending = true;
    w.class_due = true;
    for item in items {
        w.owner.clear();
        match item {
            Item::Set(i) => {
                let set = &node.sets[i];
                match read.and_then(|r| written_owner(&r, set)) {
                    Some(wire) => push_wire_name(wire, &mut w.owner),
                    None => w.owner.push_str(node_owner),
                }
                w.rrset(set.ttl, set.rtype, set.rdatas.iter().map(|r| &r[..]));
            }
            Item::Sigs(i) => {
                w.owner.push_str(node_owner);
                w.signatures(&node.sets[i], &signed[i]);
            }
        }
    }
}

/// Writes records in one layout, with what it has to remember between them.
struct Writer<'o> {
    out: &'o mut String,
    layout: &'static Layout,
    class: Class,
    /// `-D`: every RRset written as if alone (owner and class on its first line).
    each_rrset_alone: bool,
    /// A `; resign=` note after each signature set (`-O full` but not `-D`).
    resign_notes: bool,
    /// RRSIG record TTLs are at most this.
    sig_ttl_cap: u32,
    /// The owner of the records being written, in presentation form.
    owner: String,
    /// No line of this node (or, with `-D`, of this RRset) written yet.
    owner_pending: bool,
    /// The current RRset is the node's first, whose records all carry the class.
    class_due: bool,
    stamps: Stamps,
}

impl<'o> Writer<'o> {
    fn new(out: &'o mut String, layout: &'static Layout, class: Class) -> Writer<'o> {
        Writer {
            out,
            layout,
            class,
            each_rrset_alone: false,
            resign_notes: false,
            sig_ttl_cap: u32::MAX,
            owner: String::new(),
            owner_pending: true,
            class_due: true,
            stamps: Stamps::default(),
        }
    }

    /// Writes the signatures over `set` in the order BIND keeps them, then the `; resign=`
    /// note (the earliest expiration) when the style has one.
    fn signatures(&mut self, set: &OutSet<'_>, sigs: &Signed) {
        if sigs.sigs.is_empty() {
            return;
        }
        let sig_ttl = Ttl(set.ttl.0.min(self.sig_ttl_cap));
        let sorted = sorted_signatures(sigs);
        self.rrset(sig_ttl, RrType::RRSIG, sorted.iter().copied());
        if self.resign_notes {
            // The expiration field (RFC 4034 section 3.1.5).
            let earliest = sorted
                .iter()
                .filter_map(|w| w.get(8..12))
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
                .min();
            if let Some(e) = earliest {
                self.out.push_str("; resign=");
                self.stamps.push(self.out, e);
                self.out.push('\n');
            }
        }
    }

    /// Writes one RRset's records.
    fn rrset<'r>(&mut self, ttl: Ttl, rtype: RrType, rdatas: impl Iterator<Item = &'r [u8]>) {
        if self.each_rrset_alone {
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
        let out = &mut *self.out;
        let mut column = 0;
        if layout.every_line || self.owner_pending {
            out.push_str(&self.owner);
            column += self.owner.len();
            self.owner_pending = false;
        }
        if let Some(at) = layout.ttl {
            column = indent(out, column, at);
            column += push_u32(out, ttl.0);
        }
        if layout.every_line || self.class_due {
            column = indent(out, column, layout.class);
            let before = out.len();
            let _ = std::fmt::Write::write_fmt(out, format_args!("{}", self.class));
            column += out.len() - before;
        }
        // The type column is the class column: one separator after the class.
        column = indent(out, column, layout.class);
        column += push_type(out, rtype);
        indent(out, column, layout.rdata);
        let written = (rtype == RrType::RRSIG
            && push_rrsig(out, &mut self.stamps, wire, layout.multiline))
            || if layout.multiline {
                multiline::try_to_multiline_text(rtype, wire, out).is_ok()
            } else {
                rdata::try_to_text(rtype, wire, out).is_ok()
            };
        if !written {
            if layout.multiline {
                multiline::generic(wire, out);
            } else {
                rdata::generic_text(wire, out);
            }
        }
        out.push('\n');
    }
}

/// Moves a line at `from` to `column` the way BIND's writer does: tabs while a tab stop
/// (every 8) does not pass the column, then spaces. A line already at or past the column
/// gets one separator: a tab when the next column is a tab stop, else a space. Returns the
/// new column.
fn indent(out: &mut String, from: usize, column: usize) -> usize {
    let to = column.max(from + 1);
    let mut at = from;
    let tabs = to / 8 - from / 8;
    if tabs > 0 {
        for _ in 0..tabs {
            out.push('\t');
        }
        at = to / 8 * 8;
    }
    for _ in at..to {
        out.push(' ');
    }
    to
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(prefix: &str, column: usize) -> String {
        let mut s = prefix.to_string();
        indent(&mut s, prefix.len(), column);
        s
    }

    #[test]
    fn columns_follow_tab_stops() {
        assert_eq!(at("example.", 24), "example.\t\t");
        assert_eq!(
            at("abcdefghijklmnopqrstuv.example.", 24),
            "abcdefghijklmnopqrstuv.example.\t"
        );
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
        let mut column = indent(&mut s, 0, 24);
        s.push_str("31536000");
        column = indent(&mut s, column + 8, 32);
        s.push_str("RRSIG");
        indent(&mut s, column + 5, 40);
        assert_eq!(s, "\t\t\t31536000 RRSIG\t");
    }

    #[test]
    fn side_files_pad_to_the_class_column() {
        let key = vec![1, 1, 3, 15, 1, 2, 3, 4];
        let root = dnssec_core::Name::root();
        let text = keyset_text(&root, &[key.clone(), key], Ttl(300), Class::IN);
        assert!(text.starts_with("$ORIGIN .\n@\t\t\t300\tIN DNSKEY 257 3 15 (\n"));
        // Past the column, one separator: a tab when it lands on a tab stop (as BIND's
        // dsset files for these two owners show).
        let ds = |owner: &str| {
            let name = dnssec_core::Name::parse(owner, None).unwrap();
            dsset_text(&name, &[vec![0, 1, 15, 2, 0xab]], Class::IN)
        };
        assert_eq!(
            ds("a-rather-long-owner-name.example."),
            "a-rather-long-owner-name.example. IN DS\t1 15 2 AB\n"
        );
        assert_eq!(
            ds("ab-rather-long-owner-name.example."),
            "ab-rather-long-owner-name.example. IN DS 1 15 2 AB\n"
        );
    }
}
