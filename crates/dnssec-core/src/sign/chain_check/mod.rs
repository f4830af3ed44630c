//! Checking a signed zone's NSEC or NSEC3 chain while it streams out (RFC 4035 section 2.3,
//! RFC 5155 section 7.1), judged from the output nodes alone and in constant memory, so the
//! signer can refuse a broken chain before the zone replaces anything (docs/bind-compat.md,
//! "signzone: run, report and statistics", "post-sign verification").
//!
//! Names come in canonical order, then (NSEC3) the hashed owners in hash order, as the plan
//! writes them. For NSEC each record's next name must be the next owner that has one, the
//! last wrapping to the apex, and its bitmap must list the types present. For NSEC3 the
//! hashes must rise strictly and link, the last to the first; which names need one and the
//! types each must list are known while the names pass, before the records come, so both
//! sides are folded into an order-independent fingerprint of (hash, types) pairs instead of
//! being kept: equal fingerprints mean the records match the names one for one.

use super::plan::OutNode;
use crate::dnssec::nsec3_bitmap;
use crate::dnssec::nsec_bitmap;
use crate::dnssec::NameKind;
use crate::dnssec::{nsec3_hash_wire, Nsec3Hash};
use crate::encoding::{base32hex_decode_array, base32hex_string};
use crate::name::{canonical_cmp_wire, wire_name_len, Name};
use crate::rr::bitmap;
use crate::rr::{Nsec3Params, Nsec3View};
use crate::validate::{ChainProblem, ChainProblemKind};
use crate::zone::is_at_or_below;
use crate::RrType;

/// Problems kept; a broken chain usually breaks everywhere, and the first few say why.
const MAX_PROBLEMS: usize = 20;

/// What the streaming check found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainCheckProblem {
    /// A problem dnssec-verify also names (docs/bind-compat.md, "verify").
    Chain(ChainProblemKind),
    /// The apex has neither NSEC nor NSEC3PARAM (RFC 4035 section 2.3).
    NoChain,
    /// The first name written is not the apex.
    ApexNotFirst(Name),
    /// A name is not after the one before it in canonical order (RFC 4034 section 6.1).
    NotInOrder(Name),
    /// An NSEC3 record whose owner is not a hash label on the apex, whose rdata does not
    /// parse, or whose parameters differ from the NSEC3PARAM's (RFC 5155 sections 3, 4).
    BadNsec3(Name),
    /// An NSEC3 record whose hash is not above the one before it (RFC 5155 section 7.1).
    Nsec3NotInOrder(Name),
    /// NSEC3 records at a name of the zone, or mixed into the names of an NSEC zone.
    UnexpectedNsec3(Name),
}

impl std::fmt::Display for ChainCheckProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainCheckProblem::Chain(kind) => write!(
                f,
                "{}",
                ChainProblem {
                    at: None,
                    kind: kind.clone()
                }
            ),
            ChainCheckProblem::NoChain => f.write_str("No valid NSEC/NSEC3 chain for testing"),
            ChainCheckProblem::ApexNotFirst(n) => {
                write!(f, "{} is written before the zone apex", n.bind_text())
            }
            ChainCheckProblem::NotInOrder(n) => {
                write!(f, "{} is out of canonical order", n.bind_text())
            }
            ChainCheckProblem::BadNsec3(n) => write!(f, "Bad NSEC3 record {}", n.bind_text()),
            ChainCheckProblem::Nsec3NotInOrder(n) => {
                write!(f, "NSEC3 record {} is out of hash order", n.bind_text())
            }
            ChainCheckProblem::UnexpectedNsec3(n) => {
                write!(f, "Unexpected NSEC3 record at {}", n.bind_text())
            }
        }
    }
}

impl std::error::Error for ChainCheckProblem {}

/// An order-independent digest of a set of (hash, type bitmap) pairs: equal sets give
/// equal fingerprints; a pair more, less or different changes it. The hashes are SHA-1
/// outputs, already uniform, so mixing them with a hash of the bitmap is enough to catch a
/// signer's mistake (this is a self-check, not a defence against a forger).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Fingerprint {
    count: u64,
    sum: u64,
    mix: u64,
}

/// The splitmix64 finaliser: a bijection on u64 that spreads every input bit.
fn spread(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Fingerprint {
    fn add(&mut self, hash: &[u8], bitmap: &[u8]) {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(hash.iter().skip(i)) {
                *d = *s;
            }
            u64::from_le_bytes(w)
        };
        // FNV-1a over the bitmap and its length.
        let mut f: u64 = 0xcbf2_9ce4_8422_2325 ^ bitmap.len() as u64;
        for &b in bitmap {
            f = (f ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.count += 1;
        self.sum = self.sum.wrapping_add(spread(word(0) ^ spread(f)));
        self.mix ^= spread(word(8).wrapping_add(f.rotate_left(29)) ^ word(16));
    }
}

/// The chain the apex announces.
enum Mode {
    /// Before the apex.
    Start,
    /// Neither NSEC nor NSEC3PARAM at the apex: nothing to check but that.
    None,
    Nsec,
    Nsec3(Nsec3Params),
}

/// The last NSEC seen, while it waits for the next owner (buffers reused from name to name).
#[derive(Default)]
struct OpenNsec {
    open: bool,
    owner: Vec<u8>,
    next: Vec<u8>,
}

/// The NSEC3 records seen so far: the first hash, and the last record's.
#[derive(Default)]
struct Nsec3Walk {
    seen: bool,
    first: Nsec3Hash,
    last: Nsec3Hash,
    last_label: Vec<u8>,
    last_next: Vec<u8>,
}

/// The fields of one NSEC3 record the check needs, borrowed from its rdata.
struct Nsec3Fields<'a> {
    hash: Nsec3Hash,
    opt_out: bool,
    next: &'a [u8],
    bitmap: &'a [u8],
}

/// The streaming chain check: feed it every output node in order, then ask for the verdict.
pub struct ChainCheck {
    apex: Vec<u8>,
    mode: Mode,
    problems: Vec<ChainCheckProblem>,
    /// The last name of the zone written (canonical order).
    previous: Vec<u8>,
    /// The current zone cut or DNAME owner: names below it are glue or occluded.
    cut: Option<Vec<u8>>,
    nsec: OpenNsec,
    /// NSEC3: empty non-terminals above the current name, for Opt-Out: (wire, hash,
    /// found a name below that gets an NSEC3 under Opt-Out).
    ents: Vec<(Vec<u8>, Nsec3Hash, bool)>,
    /// NSEC3: what the names need, without and with Opt-Out.
    expected: Fingerprint,
    expected_opt_out: Fingerprint,
    /// NSEC3: what the records say.
    found: Fingerprint,
    in_nsec3_records: bool,
    walk: Nsec3Walk,
    opt_out: Option<bool>,
    /// Scratch: the types at the current name, and a bitmap in wire form.
    types: Vec<RrType>,
    bitmap: Vec<u8>,
}

fn name_of(wire: &[u8]) -> Name {
    Name::from_wire(wire).unwrap_or_else(|_| Name::root())
}

/// The NSEC3 record of `node` if it is one record at `<hash>.<apex>` of the chain `params`
/// describes (RFC 5155 sections 3 and 3.2).
fn nsec3_fields<'a>(
    node: &'a OutNode<'_>,
    apex: &[u8],
    params: &Nsec3Params,
) -> Option<Nsec3Fields<'a>> {
    let [set] = node.sets.as_slice() else {
        return None;
    };
    let [rdata] = set.rdatas.as_slice() else {
        return None;
    };
    let owner = node.owner.as_wire();
    let len = usize::from(*owner.first()?);
    let parent = owner.get(1 + len..)?;
    if !parent.eq_ignore_ascii_case(apex) {
        return None;
    }
    let hash: Nsec3Hash = base32hex_decode_array(owner.get(1..1 + len)?)?;
    let view = Nsec3View::from_wire(rdata).ok()?;
    view.in_chain(params).then_some(Nsec3Fields {
        hash,
        opt_out: view.is_opt_out(),
        next: view.next_hashed,
        bitmap: view.bitmap,
    })
}

impl ChainCheck {
    /// A check for the zone whose apex is `origin`.
    pub fn new(origin: &Name) -> ChainCheck {
        ChainCheck {
            apex: origin.as_wire().to_vec(),
            mode: Mode::Start,
            problems: Vec::new(),
            previous: Vec::new(),
            cut: None,
            nsec: OpenNsec::default(),
            ents: Vec::new(),
            expected: Fingerprint::default(),
            expected_opt_out: Fingerprint::default(),
            found: Fingerprint::default(),
            in_nsec3_records: false,
            walk: Nsec3Walk::default(),
            opt_out: None,
            types: Vec::new(),
            bitmap: Vec::new(),
        }
    }

    fn problem(&mut self, p: ChainCheckProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }

    /// Looks at the next node of the output. Returns the node's role as the output itself
    /// shows it (cuts from the NS and DNAME records written before), or `None` for an
    /// NSEC3 record, so that a caller can judge which RRsets must be signed.
    pub fn observe(&mut self, node: &OutNode<'_>) -> Option<NameKind> {
        let owner = node.owner.as_wire();
        if matches!(self.mode, Mode::Start) {
            self.start(node);
        }
        let is_nsec3 = node.sets.iter().any(|s| s.rtype == RrType::NSEC3);
        if is_nsec3 || self.in_nsec3_records {
            if !matches!(self.mode, Mode::Nsec3(_)) || !is_nsec3 {
                self.problem(ChainCheckProblem::UnexpectedNsec3(node.owner.clone()));
            } else {
                self.in_nsec3_records = true;
                self.nsec3_record(node);
            }
            return None;
        }
        if !self.previous.is_empty() && canonical_cmp_wire(&self.previous, owner).is_ge() {
            self.problem(ChainCheckProblem::NotInOrder(node.owner.clone()));
        }
        let mut types = std::mem::take(&mut self.types);
        types.clear();
        types.extend(node.sets.iter().map(|s| s.rtype));
        let kind = self.classify(owner, &types);
        match &self.mode {
            Mode::Nsec => self.nsec_name(node, kind, &types),
            Mode::Nsec3(params) => {
                let (salt, iterations) = (params.salt.clone(), params.iterations);
                if types.contains(&RrType::NSEC) {
                    self.problem(ChainCheckProblem::Chain(ChainProblemKind::UnexpectedNsec(
                        node.owner.clone(),
                    )));
                }
                self.nsec3_name(owner, kind, &types, &salt, iterations);
            }
            Mode::Start | Mode::None => {}
        }
        self.types = types;
        self.previous.clear();
        self.previous.extend_from_slice(owner);
        Some(kind)
    }

    /// The apex: which chain the zone has.
    fn start(&mut self, node: &OutNode<'_>) {
        if !node.owner.as_wire().eq_ignore_ascii_case(&self.apex) {
            self.problem(ChainCheckProblem::ApexNotFirst(node.owner.clone()));
        }
        let param = node
            .sets
            .iter()
            .find(|s| s.rtype == RrType::NSEC3PARAM)
            .and_then(|s| s.rdatas.first())
            .and_then(|rd| Nsec3Params::from_wire(rd).ok());
        self.mode = if let Some(p) = param {
            Mode::Nsec3(p)
        } else if node.sets.iter().any(|s| s.rtype == RrType::NSEC) {
            Mode::Nsec
        } else {
            self.problem(ChainCheckProblem::NoChain);
            Mode::None
        };
    }

    /// The role of a name of the zone from what the names before it were (the cut rules of
    /// RFC 1034 section 4.2.1 and RFC 6672 section 2.3, as the zone model applies them).
    fn classify(&mut self, owner: &[u8], types: &[RrType]) -> NameKind {
        if let Some(cut) = &self.cut {
            if owner.len() != cut.len() && is_at_or_below(owner, cut) {
                return NameKind::BelowCut;
            }
            self.cut = None;
        }
        let kind = if owner.eq_ignore_ascii_case(&self.apex) {
            NameKind::Apex
        } else if types.contains(&RrType::NS) {
            NameKind::Delegation
        } else {
            NameKind::Authoritative
        };
        if kind == NameKind::Delegation || types.contains(&RrType::DNAME) {
            self.cut = Some(owner.to_vec());
        }
        kind
    }

    fn nsec_name(&mut self, node: &OutNode<'_>, kind: NameKind, types: &[RrType]) {
        let owner = node.owner.as_wire();
        let mut records = node
            .sets
            .iter()
            .filter(|s| s.rtype == RrType::NSEC)
            .flat_map(|s| s.rdatas.iter());
        let (first, more) = (records.next(), records.next().is_some());
        if kind == NameKind::BelowCut {
            if first.is_some() {
                let p = ChainProblemKind::UnexpectedNsec(node.owner.clone());
                self.problem(ChainCheckProblem::Chain(p));
            }
            return;
        }
        if self.nsec.open {
            self.nsec.open = false;
            self.link_nsec(owner);
        }
        let rdata: &[u8] = match (first, more) {
            (None, _) => {
                let p = ChainProblemKind::MissingNsec(node.owner.clone());
                return self.problem(ChainCheckProblem::Chain(p));
            }
            (Some(_), true) => {
                let p = ChainProblemKind::MultipleNsec(node.owner.clone());
                return self.problem(ChainCheckProblem::Chain(p));
            }
            (Some(rd), false) => rd,
        };
        // RFC 4034 section 4.2: the next name, then the bitmap.
        let next_len = wire_name_len(rdata).unwrap_or(rdata.len());
        let (next, bitmap) = rdata.split_at(next_len);
        self.bitmap.clear();
        bitmap::encode(&nsec_bitmap(kind, types), &mut self.bitmap);
        if bitmap != self.bitmap.as_slice() {
            let p = ChainProblemKind::NsecBitmapMismatch(node.owner.clone());
            self.problem(ChainCheckProblem::Chain(p));
        }
        self.nsec.open = true;
        self.nsec.owner.clear();
        self.nsec.owner.extend_from_slice(owner);
        self.nsec.next.clear();
        self.nsec.next.extend_from_slice(next);
    }

    /// The open NSEC must point at `owner`, the next name that has one.
    fn link_nsec(&mut self, owner: &[u8]) {
        if !self.nsec.next.eq_ignore_ascii_case(owner) {
            let p = ChainProblemKind::NsecNextMismatch {
                name: name_of(&self.nsec.owner),
                expected: name_of(owner),
                found: name_of(&self.nsec.next),
            };
            self.problem(ChainCheckProblem::Chain(p));
        }
    }

    /// A name of an NSEC3 zone: what record it (and the empty non-terminals above it that
    /// the names before did not show) needs.
    fn nsec3_name(
        &mut self,
        owner: &[u8],
        kind: NameKind,
        types: &[RrType],
        salt: &[u8],
        iterations: u16,
    ) {
        let hash = |wire: &[u8]| nsec3_hash_wire(wire, salt, iterations);
        if !self.previous.is_empty() {
            // In canonical order the empty non-terminals above a name are its ancestors
            // that are not ancestors of the name before it; at most 127 of them.
            let mut missing = [0u8; 128];
            let mut count = 0usize;
            let mut at = 0usize;
            while let Some(&len) = owner.get(at) {
                at += usize::from(len) + 1;
                let ancestor = owner.get(at..).unwrap_or(&[]);
                if ancestor.len() <= self.apex.len()
                    || is_at_or_below(&self.previous, ancestor)
                    || count == missing.len()
                {
                    break;
                }
                missing[count] = at as u8;
                count += 1;
            }
            for &at in missing[..count].iter().rev() {
                let ent = owner.get(usize::from(at)..).unwrap_or(&[]);
                self.close_ents(ent);
                if kind != NameKind::BelowCut {
                    let h = hash(ent);
                    self.expected.add(&h, &[]);
                    self.ents.push((ent.to_vec(), h, false));
                }
            }
        }
        self.close_ents(owner);
        if kind == NameKind::BelowCut {
            return;
        }
        let h = hash(owner);
        self.bitmap.clear();
        bitmap::encode(&nsec3_bitmap(kind, types), &mut self.bitmap);
        self.expected.add(&h, &self.bitmap);
        let secure = types.contains(&RrType::DS);
        if kind != NameKind::Delegation || secure {
            self.expected_opt_out.add(&h, &self.bitmap);
            for (_, ent_hash, marked) in self.ents.iter_mut().rev() {
                if *marked {
                    break;
                }
                *marked = true;
                self.expected_opt_out.add(ent_hash, &[]);
            }
        }
    }

    /// Forgets the empty non-terminals `wire` is not below.
    fn close_ents(&mut self, wire: &[u8]) {
        while self
            .ents
            .last()
            .is_some_and(|(ent, _, _)| ent.len() >= wire.len() || !is_at_or_below(wire, ent))
        {
            self.ents.pop();
        }
    }

    /// One NSEC3 record, in hash order.
    fn nsec3_record(&mut self, node: &OutNode<'_>) {
        let Mode::Nsec3(params) = &self.mode else {
            return;
        };
        let Some(f) = nsec3_fields(node, &self.apex, params) else {
            return self.problem(ChainCheckProblem::BadNsec3(node.owner.clone()));
        };
        if self.opt_out.is_some_and(|o| o != f.opt_out) {
            return self.problem(ChainCheckProblem::BadNsec3(node.owner.clone()));
        }
        self.opt_out = Some(f.opt_out);
        self.found.add(&f.hash, f.bitmap);
        if self.walk.seen {
            if self.walk.last >= f.hash {
                self.problem(ChainCheckProblem::Nsec3NotInOrder(node.owner.clone()));
            }
            self.link_nsec3(&f.hash);
        } else {
            self.walk.seen = true;
            self.walk.first = f.hash;
        }
        let owner = node.owner.as_wire();
        let len = usize::from(owner.first().copied().unwrap_or(0));
        let label = owner.get(1..1 + len).unwrap_or(&[]);
        self.walk.last = f.hash;
        self.walk.last_label.clear();
        self.walk.last_label.extend_from_slice(label);
        self.walk.last_next.clear();
        self.walk.last_next.extend_from_slice(f.next);
    }

    /// The last NSEC3 record must name `hash`, the record after it.
    fn link_nsec3(&mut self, hash: &[u8]) {
        if self.walk.last_next != hash {
            let p = ChainProblemKind::Nsec3Break {
                at: String::from_utf8_lossy(&self.walk.last_label).to_ascii_uppercase(),
                expected: base32hex_string(&self.walk.last_next),
                found: base32hex_string(hash),
            };
            self.problem(ChainCheckProblem::Chain(p));
        }
    }

    /// The verdict once every node went by: the problems, in the order found.
    pub fn finish(mut self) -> Vec<ChainCheckProblem> {
        match &self.mode {
            Mode::Start => self.problem(ChainCheckProblem::NoChain),
            Mode::None => {}
            Mode::Nsec => {
                if self.nsec.open {
                    let apex = self.apex.clone();
                    self.link_nsec(&apex);
                }
            }
            Mode::Nsec3(_) => {
                if self.walk.seen {
                    let first = self.walk.first;
                    self.link_nsec3(&first);
                }
                let expected = if self.opt_out == Some(true) {
                    self.expected_opt_out
                } else {
                    self.expected
                };
                if expected != self.found {
                    self.problem(ChainCheckProblem::Chain(
                        ChainProblemKind::Nsec3ChainsNotEqual,
                    ));
                }
            }
        }
        self.problems
    }
}

#[cfg(test)]
mod tests;
