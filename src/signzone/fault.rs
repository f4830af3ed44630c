//! Fault injection for tests, compiled into debug builds only: it lets the integration tests
//! break the signed output on purpose and see the post-sign check refuse it. Release builds
//! have no such hook.

use dnssec_core::sign::SignedChunk;
use dnssec_core::RrType;

/// `DNSSEC_KIT_TEST_FAULT=drop-chain-record`: the second NSEC or NSEC3 record of the zone
/// (the first after the apex's) is left out of the output before it is checked and written.
/// `DNSSEC_KIT_TEST_FAULT=expired-signature`: the first RRSIG of the zone gets a validity
/// period that ended an hour ago, as a kept signature that has expired would have.
pub struct Fault {
    armed: bool,
    expire: bool,
    seen: usize,
}

impl Fault {
    pub fn from_env() -> Fault {
        let which = std::env::var("DNSSEC_KIT_TEST_FAULT").unwrap_or_default();
        Fault {
            armed: which == "drop-chain-record",
            expire: which == "expired-signature",
            seen: 0,
        }
    }

    pub fn apply(&mut self, chunk: &mut SignedChunk<'_>) {
        if self.expire {
            let now = dnssec_core::time::UnixTime::now().0;
            if let Some(sig) = chunk
                .signed
                .iter_mut()
                .flat_map(|n| n.iter_mut())
                .find_map(|s| s.sigs.first_mut())
            {
                // RFC 4034 section 3.1: expiration at octet 8, inception at 12.
                let exp = dnssec_core::rr::SigTime::from_unix(now - 3600).0;
                let inc = dnssec_core::rr::SigTime::from_unix(now - 7200).0;
                if sig.len() >= 16 {
                    sig[8..12].copy_from_slice(&exp.to_be_bytes());
                    sig[12..16].copy_from_slice(&inc.to_be_bytes());
                    self.expire = false;
                }
            }
        }
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
