//! The signed zone as text (REFERENCE.md 1.7): BIND's explicit-TTL style, where RRSIG, DNSKEY
//! and DS rdata break across lines inside parentheses and DNSKEYs carry a key comment, or
//! with `-O full` one record per line with a `; resign=` note after each signature set.
//! Chunks are formatted in parallel; the order is the plan's.

use std::fmt::Write as _;

use dnssec_core::name::{push_label_text, wire_name_len};
use dnssec_core::rr::dnskey::Dnskey;
use dnssec_core::rr::rdata;
use dnssec_core::rr::rdata::encoding::{base64_encode, hex_upper};
use dnssec_core::sign::driver::Signed;
use dnssec_core::sign::plan::{OutNode, OutSet, SignedChunk};
use dnssec_core::time::{format_ctime, format_timestamp, UnixTime};
use dnssec_core::{RrType, Ttl};
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

/// The two comment lines at the top (REFERENCE.md 1.7).
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

/// Formats one chunk, groups of nodes in parallel; the parts are in output order.
pub fn format_chunk(chunk: &SignedChunk<'_>, style: &Style) -> Vec<String> {
    chunk
        .nodes
        .par_chunks(NODES_PER_PART)
        .zip(chunk.signed.par_chunks(NODES_PER_PART))
        .map(|(nodes, signed)| {
            let mut out = String::with_capacity(nodes.len() * 512);
            let mut w = Writer {
                out: &mut out,
                style,
                owner: String::new(),
                stamps: [(u32::MAX, [0; 14]); 2],
            };
            for (node, sigs) in nodes.iter().zip(signed) {
                w.node(node, sigs);
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

/// Appends `n` in decimal.
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"));
}

fn push_type(out: &mut String, rtype: RrType) {
    match rtype.mnemonic() {
        Some(m) => out.push_str(m),
        None => {
            out.push_str("TYPE");
            push_u32(out, u32::from(rtype.0));
        }
    }
}

/// Appends a wire name in presentation form, as `Name`'s `Display` writes it.
fn push_name(out: &mut String, wire: &[u8]) {
    let mut at = 0usize;
    while let Some(&len) = wire.get(at) {
        if len == 0 {
            break;
        }
        let label = wire.get(at + 1..at + 1 + usize::from(len)).unwrap_or(&[]);
        push_label_text(out, label);
        out.push('.');
        at += usize::from(len) + 1;
    }
    if at == 0 {
        out.push('.');
    }
}

/// Appends `data` in base64 in lines of 36 characters (27 octets each, so each line encodes
/// alone), indented like BIND's multi-line records.
fn push_base64_lines(out: &mut String, data: &[u8]) {
    for (i, piece) in data.chunks(27).enumerate() {
        if i > 0 {
            out.push_str("\n\t\t\t\t\t");
        }
        base64_encode(piece, out);
    }
}

/// The formatter of one part: the output, the style, and small caches.
struct Writer<'o, 's> {
    out: &'o mut String,
    style: &'s Style,
    /// The current owner in presentation form.
    owner: String,
    /// The last two timestamps formatted: nearly all signatures of a run share them.
    stamps: [(u32, [u8; 14]); 2],
}

impl Writer<'_, '_> {
    fn node(&mut self, node: &OutNode<'_>, signed: &[Signed]) {
        self.owner.clear();
        push_name(&mut self.owner, node.owner.as_wire());
        let mut first = true;
        for (set, sigs) in node.sets.iter().zip(signed) {
            if included(set, self.style) {
                for rd in &set.rdatas {
                    self.record(&mut first, set.ttl, set.rtype, rd);
                }
            }
            if sigs.sigs.is_empty() {
                continue;
            }
            let sig_ttl = Ttl(set.ttl.0.min(self.style.sig_ttl_cap));
            for wire in &sigs.sigs {
                self.record(&mut first, sig_ttl, RrType::RRSIG, wire);
            }
            if self.style.full {
                let earliest = sigs.sigs.iter().filter_map(|w| rrsig_expiration(w)).min();
                if let Some(e) = earliest {
                    self.out.push_str("; resign=");
                    self.stamp(e);
                    self.out.push('\n');
                }
            }
        }
    }

    /// Appends `t` as `YYYYMMDDHHMMSS` (RFC 4034 section 3.2).
    fn stamp(&mut self, t: u32) {
        let hit = self.stamps.iter().position(|(at, _)| *at == t);
        let i = match hit {
            Some(i) => i,
            None => {
                self.stamps.swap(0, 1);
                let text = format_timestamp(UnixTime(i64::from(t)));
                let mut digits = [b'0'; 14];
                let n = text.len().min(14);
                digits[..n].copy_from_slice(&text.as_bytes()[..n]);
                if n != 14 {
                    // Outside the four-digit years: nothing to cache.
                    self.out.push_str(&text);
                    return;
                }
                self.stamps[0] = (t, digits);
                0
            }
        };
        let digits = self.stamps[i].1;
        self.out
            .push_str(std::str::from_utf8(&digits).unwrap_or(""));
    }

    fn record(&mut self, first: &mut bool, ttl: Ttl, rtype: RrType, wire: &[u8]) {
        let out = &mut *self.out;
        if self.style.full || *first {
            out.push_str(&self.owner);
            out.push('\t');
            push_u32(out, ttl.0);
            out.push_str("\tIN ");
            *first = false;
        } else {
            out.push_str("\t\t\t");
            push_u32(out, ttl.0);
            out.push('\t');
        }
        push_type(out, rtype);
        out.push('\t');
        if self.style.full {
            text_rdata(out, rtype, wire);
            out.push('\n');
            return;
        }
        match rtype {
            RrType::RRSIG => {
                if !self.rrsig_multiline(wire) {
                    text_rdata(self.out, rtype, wire);
                }
            }
            RrType::DNSKEY | RrType::CDNSKEY => match Dnskey::from_wire(wire) {
                Ok(k) => dnskey_multiline(out, &k),
                Err(_) => text_rdata(out, rtype, wire),
            },
            RrType::DS | RrType::CDS if wire.len() > 4 => {
                let _ = write!(
                    out,
                    "{} {} {} (\n\t\t\t\t\t",
                    u16::from_be_bytes([wire[0], wire[1]]),
                    wire[2],
                    wire[3]
                );
                let mut hex = String::new();
                hex_upper(&wire[4..], &mut hex);
                chunked(out, &hex, 56);
                out.push_str(" )");
            }
            _ => text_rdata(out, rtype, wire),
        }
        self.out.push('\n');
    }

    /// BIND's multi-line RRSIG text straight from the wire (RFC 4034 section 3.2); false
    /// when the rdata is malformed.
    fn rrsig_multiline(&mut self, wire: &[u8]) -> bool {
        let Some(fixed) = wire.get(..18) else {
            return false;
        };
        let Ok(signer_len) = wire_name_len(&wire[18..]) else {
            return false;
        };
        let signer = &wire[18..18 + signer_len];
        let signature = &wire[18 + signer_len..];
        let u32_at =
            |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
        let out = &mut *self.out;
        push_type(out, RrType(u16::from_be_bytes([fixed[0], fixed[1]])));
        out.push(' ');
        push_u32(out, u32::from(fixed[2]));
        out.push(' ');
        push_u32(out, u32::from(fixed[3]));
        out.push(' ');
        push_u32(out, u32_at(4));
        out.push_str(" (\n\t\t\t\t\t");
        self.stamp(u32_at(8));
        self.out.push(' ');
        self.stamp(u32_at(12));
        let out = &mut *self.out;
        out.push(' ');
        push_u32(out, u32::from(u16::from_be_bytes([fixed[16], fixed[17]])));
        out.push(' ');
        push_name(out, signer);
        out.push_str("\n\t\t\t\t\t");
        push_base64_lines(out, signature);
        out.push_str(" )");
        true
    }
}

/// The expiration field of RRSIG rdata (RFC 4034 section 3.1.5).
fn rrsig_expiration(wire: &[u8]) -> Option<u32> {
    let b = wire.get(8..12)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn text_rdata(out: &mut String, rtype: RrType, wire: &[u8]) {
    if rdata::try_to_text(rtype, wire, out).is_err() {
        rdata::generic_text(wire, out);
    }
}

/// Writes `text` in `width`-character pieces, one per line, indented like BIND's output.
fn chunked(out: &mut String, text: &str, width: usize) {
    let bytes = text.as_bytes();
    for (i, piece) in bytes.chunks(width).enumerate() {
        if i > 0 {
            out.push_str("\n\t\t\t\t\t");
        }
        out.push_str(std::str::from_utf8(piece).unwrap_or(""));
    }
}

fn dnskey_multiline(out: &mut String, k: &Dnskey) {
    let _ = write!(
        out,
        "{} {} {} (\n\t\t\t\t\t",
        k.flags, k.protocol, k.algorithm.0
    );
    let mut b64 = String::new();
    base64_encode(&k.public_key, &mut b64);
    chunked(out, &b64, 36);
    let role = if k.is_ksk() { "KSK" } else { "ZSK" };
    let _ = write!(
        out,
        "\n\t\t\t\t\t) ; {role}; alg = {} ; key id = {}",
        k.algorithm,
        k.key_tag()
    );
}
