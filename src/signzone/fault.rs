//! Fault injection for tests, compiled into debug builds only: it lets the integration tests
//! break the signed output on purpose and see the post-sign check refuse it. Release builds
//! have no such hook.

use dnssec_core::sign::plan::SignedChunk;
use dnssec_core::RrType;

/// `DNSSEC_KIT_TEST_FAULT=drop-chain-record`: the second NSEC or NSEC3 record of the zone
/// (the first after the apex's) is left out of the output before it is checked and written.
pub struct Fault {
    armed: bool,
    seen: usize,
}

impl Fault {
    pub fn from_env() -> Fault {
        Fault {
            armed: std::env::var("DNSSEC_KIT_TEST_FAULT").as_deref() == Ok("drop-chain-record"),
            seen: 0,
        }
    }

    pub fn apply(&mut self, chunk: &mut SignedChunk<'_>) {
        if !self.armed {
            return;
        }
        for i in 0..chunk.nodes.len() {
            let node = &mut chunk.nodes[i];
            let Some(k) = node
                .sets
                .iter()
                .position(|s| matches!(s.rtype, RrType::NSEC | RrType::NSEC3))
            else {
                continue;
            };
            self.seen += 1;
            if self.seen < 2 {
                continue;
            }
            self.armed = false;
            if node.sets[k].rtype == RrType::NSEC3 {
                chunk.nodes.remove(i);
                chunk.signed.remove(i);
            } else {
                node.sets.remove(k);
                chunk.signed[i].remove(k);
            }
            return;
        }
    }
}
