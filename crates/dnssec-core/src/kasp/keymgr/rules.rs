//! When a record of a key may change state (docs/bind-compat.md, "keymgr: the key manager",
//! rules): the policy's approval, the three DNSSEC safety rules of "Flexible and Robust Key
//! Rollover in DNSSEC" (a DS always exists, a DNSKEY chain always exists, signatures always
//! validate), and the successor relation between keys.

use super::model::{ManagedKey, Record};
use crate::key::RecordState;

use RecordState::{Hidden as H, Omnipresent as O, Rumoured as R, Unretentive as U};

/// A state per record (DNSKEY, ZRRSIG, KRRSIG, DS); `None` matches anything.
pub(super) type Pattern = [Option<RecordState>; 4];

const NA: Option<RecordState> = None;

/// The transition being considered: key `key` (an index in the keyring) moving `record` to
/// `state`. Every rule is evaluated both with it (as if made) and without it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Move {
    pub(super) key: usize,
    pub(super) record: Record,
    pub(super) state: RecordState,
}

/// The keys a run works on, in keyring order; purged keys are gone already.
pub(super) struct Ring<'a> {
    pub(super) keys: &'a [ManagedKey],
    /// True when the policy has no keys: the zone is going insecure.
    pub(super) secure_to_insecure: bool,
}

fn p(
    dnskey: Option<RecordState>,
    zrrsig: Option<RecordState>,
    krrsig: Option<RecordState>,
    ds: Option<RecordState>,
) -> Pattern {
    [dnskey, zrrsig, krrsig, ds]
}

impl Ring<'_> {
    fn same_key(&self, a: usize, b: usize) -> bool {
        let (ka, kb) = (&self.keys[a].key, &self.keys[b].key);
        ka.algorithm() == kb.algorithm() && ka.key_tag() == kb.key_tag()
    }

    fn same_alg(&self, a: usize, b: usize) -> bool {
        self.keys[a].key.algorithm() == self.keys[b].key.algorithm()
    }

    /// Key `j` matches `pattern`, under the hypothesis `mv` when given. A record without a
    /// stored state matches only hidden.
    fn matches(&self, j: usize, mv: Option<Move>, pattern: &Pattern) -> bool {
        Record::ALL.iter().all(|&r| {
            let Some(want) = pattern[r.index()] else {
                return true;
            };
            let have = match mv {
                Some(m) if m.record == r && self.same_key(j, m.key) => Some(m.state),
                _ => self.keys[j].state(r),
            };
            match have {
                Some(s) => s == want,
                None => want == H,
            }
        })
    }

    /// Some key (of the mover's algorithm when `same_alg`) matches `first`; with `second`,
    /// that key also has a successor matching `second`.
    fn exists(
        &self,
        mv: Move,
        hyp: Option<Move>,
        first: &Pattern,
        second: Option<&Pattern>,
        same_alg: bool,
    ) -> bool {
        (0..self.keys.len()).any(|d| {
            if same_alg && !self.same_alg(d, mv.key) {
                return false;
            }
            if !self.matches(d, hyp, first) {
                return false;
            }
            let Some(second) = second else {
                return true;
            };
            (0..self.keys.len()).any(|s| {
                s != d
                    && self.matches(s, hyp, second)
                    && self.is_successor(d, s, hyp, self.keys.len())
            })
        })
    }

    /// The tag of `k`'s live predecessor: the first key whose Successor names `k` and whom
    /// `k`'s Predecessor names, unless all its states are hidden.
    fn dep(&self, k: usize) -> Option<u16> {
        let key = &self.keys[k];
        let tag = key.tag();
        self.keys
            .iter()
            .find(|d| {
                d.key.timing.successor == Some(tag)
                    && key.key.timing.predecessor == Some(d.tag())
                    && !d.all_hidden()
            })
            .map(ManagedKey::tag)
    }

    /// True when `z` succeeds `x`, directly or through a chain of keys in the same states
    /// as `z` (a rollover started before the previous one ended). `depth` bounds the walk.
    fn is_successor(&self, x: usize, z: usize, hyp: Option<Move>, depth: usize) -> bool {
        if depth == 0 || self.dep(x).is_some() {
            return false;
        }
        let Some(dep_z) = self.dep(z) else {
            return false;
        };
        if dep_z == self.keys[x].tag() {
            return true;
        }
        let zk = &self.keys[z];
        let like_z: Pattern = [
            zk.state(Record::Dnskey),
            zk.state(Record::Zrrsig),
            zk.state(Record::Krrsig),
            zk.state(Record::Ds),
        ];
        for y in 0..self.keys.len() {
            if self.keys[y].tag() != dep_z || self.keys[y].tag() == zk.tag() {
                continue;
            }
            if !self.matches(y, hyp, &like_z) {
                continue;
            }
            return self.is_successor(x, y, hyp, depth - 1);
        }
        false
    }

    /// Rule 1: a DS is published (or the zone is going insecure).
    fn have_ds(&self, mv: Move, hyp: Option<Move>) -> bool {
        self.exists(mv, hyp, &p(NA, NA, NA, Some(O)), None, false)
            || self.exists(mv, hyp, &p(NA, NA, NA, Some(R)), None, false)
            || (self.secure_to_insecure && !self.keys.is_empty())
    }

    /// The DS records of the mover's algorithm are hidden, or (unless `must_hide`) each key
    /// with a DS has a chain to a DNSKEY.
    fn ds_hidden_or_chained(&self, mv: Move, hyp: Option<Move>, must_hide: bool) -> bool {
        let mut chained = p(Some(O), NA, Some(O), NA);
        for j in 0..self.keys.len() {
            if !self.same_alg(j, mv.key) {
                continue;
            }
            if self.matches(j, hyp, &p(NA, NA, NA, Some(H))) {
                continue;
            }
            if must_hide {
                return false;
            }
            if self.matches(j, hyp, &chained) {
                continue;
            }
            // Once one key fails the looser pattern, BIND asks for a full chain from then on.
            chained = p(Some(O), NA, Some(O), Some(O));
            if !self.exists(mv, hyp, &chained, None, true) {
                return false;
            }
        }
        true
    }

    /// Rule 2: a DNSKEY chain of trust exists for the mover's algorithm.
    fn have_dnskey(&self, mv: Move, hyp: Option<Move>) -> bool {
        if self.exists(mv, hyp, &p(Some(O), NA, Some(O), Some(O)), None, true)
            || self.exists(
                mv,
                hyp,
                &p(Some(O), NA, Some(O), Some(U)),
                Some(&p(Some(O), NA, Some(O), Some(R))),
                true,
            )
        {
            return true;
        }
        let retired = [
            p(Some(U), NA, Some(U), Some(O)),
            p(Some(O), NA, Some(U), Some(O)),
            p(Some(U), NA, Some(O), Some(O)),
        ];
        let rumoured = [
            p(Some(R), NA, Some(R), Some(O)),
            p(Some(O), NA, Some(R), Some(O)),
            p(Some(R), NA, Some(O), Some(O)),
        ];
        for old in &retired {
            for new in &rumoured {
                if self.exists(mv, hyp, old, Some(new), true) {
                    return true;
                }
            }
        }
        self.ds_hidden_or_chained(mv, hyp, false)
    }

    /// Every key of the mover's algorithm that is published has its DNSKEY state matched by
    /// a key whose zone signatures are complete.
    fn dnskey_hidden_or_chained(&self, mv: Move, hyp: Option<Move>) -> bool {
        let mut pattern = p(Some(O), Some(O), NA, NA);
        for j in 0..self.keys.len() {
            if !self.same_alg(j, mv.key) {
                continue;
            }
            if self.matches(j, hyp, &p(Some(H), NA, NA, NA)) {
                continue;
            }
            // The stored state, not the hypothetical one (as BIND does).
            if let Some(s) = self.keys[j].state(Record::Dnskey) {
                pattern[0] = Some(s);
            }
            if !self.exists(mv, hyp, &pattern, None, true) {
                return false;
            }
        }
        true
    }

    /// Rule 3: the zone's signatures validate for the mover's algorithm.
    fn have_rrsig(&self, mv: Move, hyp: Option<Move>) -> bool {
        self.ds_hidden_or_chained(mv, hyp, true)
            || self.exists(mv, hyp, &p(Some(O), Some(O), NA, NA), None, true)
            || self.exists(
                mv,
                hyp,
                &p(Some(U), Some(O), NA, NA),
                Some(&p(Some(R), Some(O), NA, NA)),
                true,
            )
            || self.exists(
                mv,
                hyp,
                &p(Some(O), Some(U), NA, NA),
                Some(&p(Some(O), Some(R), NA, NA)),
                true,
            )
            || self.dnskey_hidden_or_chained(mv, hyp)
    }

    /// The DNSSEC safety check: each rule that holds now still holds after the move (a
    /// rule already broken never blocks a move that may repair it).
    pub(super) fn allowed(&self, mv: Move) -> bool {
        let keep = |rule: &dyn Fn(Option<Move>) -> bool| !rule(None) || rule(Some(mv));
        keep(&|h| self.have_ds(mv, h))
            && keep(&|h| self.have_dnskey(mv, h))
            && keep(&|h| self.have_rrsig(mv, h))
    }

    /// The policy's approval, which only restricts moves into rumoured: signatures and DS
    /// follow the key's own DNSKEY, except that a new algorithm's zone signatures may come
    /// first.
    pub(super) fn approved(&self, mv: Move) -> bool {
        if mv.state != R {
            return true;
        }
        let own = self.keys[mv.key].state(Record::Dnskey);
        match mv.record {
            Record::Dnskey => true,
            Record::Krrsig => !matches!(own, None | Some(H)),
            Record::Ds => own == Some(O),
            Record::Zrrsig => {
                own == Some(O)
                    || (!self.exists(mv, Some(mv), &p(Some(O), NA, Some(O), Some(O)), None, true)
                        && !self.exists(
                            mv,
                            Some(mv),
                            &p(Some(O), NA, Some(O), Some(U)),
                            Some(&p(Some(O), NA, Some(O), Some(R))),
                            true,
                        )
                        && !self.exists(
                            mv,
                            Some(mv),
                            &p(Some(U), NA, NA, Some(O)),
                            Some(&p(Some(R), NA, NA, Some(O))),
                            true,
                        ))
            }
        }
    }
}

/// The next state on the way to `goal` (RFC 7583's hidden, rumoured, omnipresent,
/// unretentive cycle); None when `current` is where the goal wants it.
pub(super) fn desired(goal: RecordState, current: RecordState) -> Option<RecordState> {
    match (goal, current) {
        (O, H) | (O, U) => Some(R),
        (O, R) => Some(O),
        (H, O) | (H, R) => Some(U),
        (H, U) => Some(H),
        _ => None,
    }
}
