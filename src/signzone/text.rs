//! The signed zone as text (REFERENCE.md 1.7): BIND's explicit-TTL style, where RRSIG, DNSKEY
//! and DS rdata break across lines inside parentheses and DNSKEYs carry a key comment, or
//! with `-O full` one record per line with a `; resign=` note after each signature set.
//! Chunks are formatted in parallel; the order is the plan's.

use std::fmt::Write as _;

use dnssec_core::rr::dnskey::Dnskey;
use dnssec_core::rr::rdata;
use dnssec_core::rr::rdata::encoding::{base64_encode, hex_upper};
use dnssec_core::rr::rrsig::Rrsig;
use dnssec_core::sign::driver::Signed;
use dnssec_core::sign::plan::{OutNode, OutSet, SignedChunk};
use dnssec_core::time::{format_ctime, format_timestamp, UnixTime};
use dnssec_core::{Name, RrType, Ttl};
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

/// Formats one chunk, nodes in parallel, concatenated in order.
pub fn format_chunk(chunk: &SignedChunk<'_>, origin: &Name, style: &Style) -> String {
    let parts: Vec<String> = chunk
        .nodes
        .par_iter()
        .zip(chunk.signed.par_iter())
        .map(|(node, signed)| {
            let mut s = String::new();
            format_node(&mut s, node, signed, origin, style);
            s
        })
        .collect();
    parts.concat()
}

fn included(set: &OutSet<'_>, style: &Style) -> bool {
    !style.dnssec_only
        || matches!(set.rtype, RrType::NSEC | RrType::NSEC3 | RrType::NSEC3PARAM)
        || (style.smart && set.rtype == RrType::DNSKEY)
}

fn format_node(
    out: &mut String,
    node: &OutNode<'_>,
    signed: &[Signed],
    origin: &Name,
    style: &Style,
) {
    let owner = node.owner.to_string();
    let mut first = true;
    for (set, sigs) in node.sets.iter().zip(signed) {
        if included(set, style) {
            for rd in &set.rdatas {
                record(out, &owner, &mut first, set.ttl, set.rtype, rd, style);
            }
        }
        if sigs.sigs.is_empty() {
            continue;
        }
        let sig_ttl = Ttl(set.ttl.0.min(style.sig_ttl_cap));
        let mut earliest: Option<u32> = None;
        for wire in &sigs.sigs {
            if let Ok(r) = Rrsig::from_wire(wire) {
                earliest = Some(earliest.map_or(r.expiration.0, |e| e.min(r.expiration.0)));
            }
            record(out, &owner, &mut first, sig_ttl, RrType::RRSIG, wire, style);
        }
        if style.full {
            if let Some(e) = earliest {
                let _ = writeln!(out, "; resign={}", format_timestamp(UnixTime(i64::from(e))));
            }
        }
    }
    let _ = origin;
}

fn record(
    out: &mut String,
    owner: &str,
    first: &mut bool,
    ttl: Ttl,
    rtype: RrType,
    wire: &[u8],
    style: &Style,
) {
    if style.full {
        let _ = write!(out, "{owner}\t{ttl}\tIN {rtype}\t");
        text_rdata(out, rtype, wire);
        out.push('\n');
        return;
    }
    if *first {
        let _ = write!(out, "{owner}\t{ttl}\tIN {rtype}\t");
        *first = false;
    } else {
        let _ = write!(out, "\t\t\t{ttl}\t{rtype}\t");
    }
    match rtype {
        RrType::RRSIG => match Rrsig::from_wire(wire) {
            Ok(r) => rrsig_multiline(out, &r),
            Err(_) => text_rdata(out, rtype, wire),
        },
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
    out.push('\n');
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

fn rrsig_multiline(out: &mut String, r: &Rrsig) {
    let _ = write!(
        out,
        "{} {} {} {} (\n\t\t\t\t\t{} {} {} {}\n\t\t\t\t\t",
        r.type_covered,
        r.algorithm.0,
        r.labels,
        r.original_ttl,
        format_timestamp(UnixTime(i64::from(r.expiration.0))),
        format_timestamp(UnixTime(i64::from(r.inception.0))),
        r.key_tag,
        r.signer
    );
    let mut b64 = String::new();
    base64_encode(&r.signature, &mut b64);
    chunked(out, &b64, 36);
    out.push_str(" )");
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
