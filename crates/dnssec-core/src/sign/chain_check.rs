//! Checking a signed zone's NSEC or NSEC3 chain while it streams out (RFC 4035 section 2.3,
//! RFC 5155 section 7.1), judged from the output nodes alone and in constant memory, so the
//! signer can refuse a broken chain before the zone replaces anything (REFERENCE.md 6
//! "post-sign verification").
//!
//! Names come in canonical order, then (NSEC3) the hashed owners in hash order, as the plan
//! writes them. For NSEC each record's next name must be the next owner that has one, the
//! last wrapping to the apex, and its bitmap must list the types present. For NSEC3 the
//! hashes must rise strictly and link, the last to the first; which names need one and the
//! types each must list are known while the names pass, before the records come, so both
//! sides are folded into an order-independent fingerprint of (hash, types) pairs instead of
//! being kept: equal fingerprints mean the records match the names one for one.

use crate::dnssec::NameKind;
use crate::dnssec::nsec3_bitmap;
use crate::dnssec::{nsec3_hash_wire, Nsec3Hash};
use crate::encoding::{base32hex_decode_array, base32hex_string};
use crate::dnssec::nsec_bitmap;
use super::plan::OutNode;
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
pub enum ChainCheckProblem {
    /// A problem dnssec-verify also names (REFERENCE.md section 7).
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
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::rr::{Nsec, Nsec3, Nsec3HashAlgorithm, NSEC3_OPT_OUT};
    use crate::test_util::{entry, n};
    use crate::dnssec::ChainName;
    use crate::sign::nsec3_chain::build_nsec3_chain;
    use crate::sign::nsec_chain::build_nsec_chain;
    use crate::sign::plan::OutSet;
    use crate::Ttl;
    use NameKind::*;

    /// A zone with a secure and an insecure delegation, glue, occluded data, empty
    /// non-terminals (one above only an insecure delegation) and a wildcard.
    fn zone() -> Vec<ChainName> {
        let mut names = vec![
            entry("example.", Apex, &[RrType::NS, RrType::SOA, RrType::DNSKEY]),
            entry("a.b.example.", Authoritative, &[RrType::A]),
            entry("x.y.insecure.example.", Delegation, &[RrType::NS]),
            entry("ns.x.y.insecure.example.", BelowCut, &[RrType::A]),
            entry("mail.example.", Authoritative, &[RrType::A, RrType::AAAA]),
            entry("sec.example.", Delegation, &[RrType::NS, RrType::DS]),
            entry("deep.ns.sec.example.", BelowCut, &[RrType::TXT]),
            entry("ns.sec.example.", BelowCut, &[RrType::A]),
            entry("*.wild.example.", Authoritative, &[RrType::TXT]),
        ];
        names.sort_by(|a, b| a.name.canonical_cmp(&b.name));
        names
    }

    fn set(rtype: RrType, rdata: Vec<u8>) -> OutSet<'static> {
        OutSet {
            rtype,
            ttl: Ttl(300),
            rdatas: vec![Cow::Owned(rdata)],
            canonical: None,
            sign: true,
            existing: Vec::new(),
            generated: false,
        }
    }

    fn name_node(e: &ChainName, extra: Option<OutSet<'static>>) -> OutNode<'static> {
        let mut sets: Vec<OutSet<'static>> = e.types.iter().map(|t| set(*t, vec![0])).collect();
        sets.extend(extra);
        sets.sort_by_key(|s| s.rtype);
        OutNode {
            owner: e.name.clone(),
            sets,
        }
    }

    fn nsec_zone() -> Vec<OutNode<'static>> {
        let names = zone();
        let chain = build_nsec_chain(&names, Ttl(300)).unwrap();
        names
            .iter()
            .map(|e| {
                let rec = chain.iter().find(|r| r.owner == e.name).map(|r| {
                    let mut wire = Vec::new();
                    r.nsec.to_wire(&mut wire);
                    set(RrType::NSEC, wire)
                });
                name_node(e, rec)
            })
            .collect()
    }

    fn params(flags: u8) -> Nsec3Params {
        Nsec3Params {
            hash: Nsec3HashAlgorithm::SHA1,
            flags,
            iterations: 0,
            salt: vec![0xab],
        }
    }

    fn nsec3_zone(flags: u8) -> Vec<OutNode<'static>> {
        let mut names = zone();
        names[0].types.push(RrType::NSEC3PARAM);
        let mut param = Vec::new();
        Nsec3Params {
            flags: 0,
            ..params(flags)
        }
        .to_wire(&mut param);
        let mut nodes: Vec<OutNode<'static>> = names
            .iter()
            .map(|e| {
                let mut node = name_node(e, None);
                for s in &mut node.sets {
                    if s.rtype == RrType::NSEC3PARAM {
                        *s = set(RrType::NSEC3PARAM, param.clone());
                    }
                }
                node
            })
            .collect();
        let chain = build_nsec3_chain(
            &crate::dnssec::add_empty_non_terminals(names),
            &params(flags),
            Ttl(300),
        )
        .unwrap();
        for r in chain {
            let mut wire = Vec::new();
            r.nsec3.to_wire(&mut wire);
            nodes.push(OutNode {
                owner: r.owner,
                sets: vec![set(RrType::NSEC3, wire)],
            });
        }
        nodes
    }

    fn check(nodes: &[OutNode<'_>]) -> Vec<String> {
        let mut c = ChainCheck::new(&n("example."));
        for node in nodes {
            c.observe(node);
        }
        c.finish().iter().map(ToString::to_string).collect()
    }

    fn nsec_of(node: &mut OutNode<'_>) -> Nsec {
        let s = node.sets.iter().find(|s| s.rtype == RrType::NSEC).unwrap();
        Nsec::from_wire(&s.rdatas[0]).unwrap()
    }

    fn set_nsec(node: &mut OutNode<'static>, nsec: &Nsec) {
        let mut wire = Vec::new();
        nsec.to_wire(&mut wire);
        let s = node
            .sets
            .iter_mut()
            .find(|s| s.rtype == RrType::NSEC)
            .unwrap();
        *s = set(RrType::NSEC, wire);
    }

    #[test]
    fn built_chains_pass() {
        assert_eq!(check(&nsec_zone()), Vec::<String>::new());
        assert_eq!(check(&nsec3_zone(0)), Vec::<String>::new());
        assert_eq!(check(&nsec3_zone(NSEC3_OPT_OUT)), Vec::<String>::new());
        assert!(
            nsec3_zone(NSEC3_OPT_OUT).len() < nsec3_zone(0).len(),
            "opt-out leaves the insecure delegation and the empty non-terminals above it out"
        );
    }

    #[test]
    fn broken_nsec_chains_are_caught() {
        // A next name that skips a name.
        let mut nodes = nsec_zone();
        let mut nsec = nsec_of(&mut nodes[1]);
        let skipped = nsec.next.clone();
        nsec.next = n("sec.example.");
        set_nsec(&mut nodes[1], &nsec);
        assert_eq!(
            check(&nodes),
            [format!(
                "Bad NSEC record for a.b.example, next name mismatch (expected:{}, found:sec.example)",
                skipped.bind_text()
            )]
        );

        // The last record not wrapping to the apex.
        let mut nodes = nsec_zone();
        let last = nodes.len() - 1;
        let mut nsec = nsec_of(&mut nodes[last]);
        nsec.next = n("zzz.example.");
        set_nsec(&mut nodes[last], &nsec);
        assert_eq!(check(&nodes).len(), 1);
        assert!(check(&nodes)[0].contains("(expected:example, found:zzz.example)"));

        // A bitmap that lists a type the name lacks; a name without its NSEC; glue with one.
        let mut nodes = nsec_zone();
        let mut nsec = nsec_of(&mut nodes[0]);
        nsec.types.push(RrType::MX);
        set_nsec(&mut nodes[0], &nsec);
        let mail = nodes
            .iter()
            .position(|n| n.owner.to_string() == "mail.example.")
            .unwrap();
        nodes[mail].sets.retain(|s| s.rtype != RrType::NSEC);
        let glue = nodes
            .iter()
            .position(|n| n.owner.to_string() == "ns.sec.example.")
            .unwrap();
        nodes[glue].sets.push(set(RrType::NSEC, vec![0, 0, 1, 0]));
        let texts = check(&nodes);
        assert!(
            texts.contains(&"Bad NSEC record for example, bit map mismatch".to_string()),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"Missing NSEC record for mail.example".to_string()),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"Unexpected NSEC record for ns.sec.example".to_string()),
            "{texts:?}"
        );

        // Names out of order.
        let mut nodes = nsec_zone();
        nodes.swap(1, 2);
        assert!(check(&nodes)
            .iter()
            .any(|t| t.ends_with("is out of canonical order")));
    }

    #[test]
    fn broken_nsec3_chains_are_caught() {
        let names_end = zone().len();
        // Two records swapped: out of order, and the links break.
        let mut nodes = nsec3_zone(0);
        nodes.swap(names_end, names_end + 1);
        let texts = check(&nodes);
        assert!(
            texts.iter().any(|t| t.contains("is out of hash order")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Break in NSEC3 chain at: ")),
            "{texts:?}"
        );

        // A record missing: a break, and the chains differ.
        let mut nodes = nsec3_zone(0);
        nodes.remove(names_end + 2);
        let texts = check(&nodes);
        assert!(texts
            .iter()
            .any(|t| t.starts_with("Break in NSEC3 chain at: ")));
        assert!(texts.contains(&"Expected and found NSEC3 chains not equal".to_string()));

        // A wrong bitmap on one record: only the fingerprint can tell.
        let mut nodes = nsec3_zone(0);
        let k = names_end + 3;
        let mut rec = Nsec3::from_wire(&nodes[k].sets[0].rdatas[0]).unwrap();
        rec.types.push(RrType::HINFO);
        rec.types.sort_unstable();
        let mut wire = Vec::new();
        rec.to_wire(&mut wire);
        let before = nodes[k].sets[0].rdatas[0].to_vec();
        nodes[k].sets[0] = set(RrType::NSEC3, wire.clone());
        assert_ne!(before, wire);
        assert_eq!(check(&nodes), ["Expected and found NSEC3 chains not equal"]);

        // A name the chain does not cover: the records are fine, the names are not.
        let mut nodes = nsec3_zone(0);
        nodes.insert(
            1,
            name_node(&entry("aaa.example.", Authoritative, &[RrType::A]), None),
        );
        assert_eq!(check(&nodes), ["Expected and found NSEC3 chains not equal"]);

        // The last record not pointing at the first.
        let mut nodes = nsec3_zone(0);
        let last = nodes.len() - 1;
        let mut rec = Nsec3::from_wire(&nodes[last].sets[0].rdatas[0]).unwrap();
        rec.next_hashed[0] ^= 1;
        let mut wire = Vec::new();
        rec.to_wire(&mut wire);
        nodes[last].sets[0] = set(RrType::NSEC3, wire);
        let texts = check(&nodes);
        assert_eq!(texts.len(), 1, "{texts:?}");
        assert!(texts[0].starts_with("Break in NSEC3 chain at: "));

        // Opt-Out records for a chain built without it, and an NSEC in an NSEC3 zone.
        let mut nodes = nsec3_zone(0);
        nodes.truncate(names_end);
        nodes.extend(nsec3_zone(NSEC3_OPT_OUT).into_iter().skip(names_end));
        assert_eq!(
            check(&nodes),
            Vec::<String>::new(),
            "opt-out read from the records"
        );
        nodes[1].sets.push(set(RrType::NSEC, vec![0, 0, 1, 0]));
        assert_eq!(check(&nodes), ["Unexpected NSEC record for a.b.example"]);
    }

    #[test]
    fn fingerprints_ignore_order_and_see_pairs() {
        let (h1, h2) = ([1u8; 20], [2u8; 20]);
        let (b1, b2) = ([0u8, 1, 0x40], [0u8, 1, 0x60]);
        let of = |pairs: &[(&[u8], &[u8])]| {
            let mut f = Fingerprint::default();
            for (h, b) in pairs {
                f.add(h, b);
            }
            f
        };
        let base = of(&[(&h1, &b1), (&h2, &b2)]);
        assert_eq!(base, of(&[(&h2, &b2), (&h1, &b1)]), "order does not matter");
        assert_ne!(base, of(&[(&h1, &b2), (&h2, &b1)]), "bitmaps swapped");
        assert_ne!(
            base,
            of(&[(&h1, &b1), (&h2, &b2), (&h2, &b2)]),
            "one pair more"
        );
        assert_ne!(base, of(&[(&h1, &b1), (&h2, &[])]), "a bitmap emptied");
        assert_ne!(base, of(&[(&h1, &b1), (&[3u8; 20], &b2)]), "another hash");
    }

    #[test]
    fn no_chain_at_all() {
        let names = zone();
        let nodes: Vec<OutNode<'_>> = names.iter().map(|e| name_node(e, None)).collect();
        assert_eq!(check(&nodes), ["No valid NSEC/NSEC3 chain for testing"]);
        assert_eq!(check(&[]), ["No valid NSEC/NSEC3 chain for testing"]);
    }
}
