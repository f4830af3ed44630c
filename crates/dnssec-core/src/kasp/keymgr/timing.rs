//! The intervals of RFC 7583 section 3.3 as the key manager computes them from a policy
//! (docs/bind-compat.md, "keymgr: the key manager", timing), and the time guard of each state
//! transition.

use super::model::{ManagedKey, Record};
use crate::kasp::policy::Policy;
use crate::key::RecordState;
use crate::time::UnixTime;

/// The policy's timing values in seconds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Intervals {
    /// Dprp: `zone-propagation-delay`.
    pub(super) dprp: i64,
    /// DprpP: `parent-propagation-delay`.
    pub(super) dprp_parent: i64,
    /// TTLds: `parent-ds-ttl`.
    pub(super) ttl_ds: i64,
    /// TTLsig: `max-zone-ttl`, a week when 0.
    pub(super) ttl_sig: i64,
    /// `publish-safety`.
    pub(super) spub: i64,
    /// `retire-safety`.
    pub(super) sret: i64,
    /// Dsgn: `signatures-validity` minus `signatures-refresh`.
    pub(super) dsgn: i64,
}

impl Intervals {
    pub(super) fn of(policy: &Policy) -> Intervals {
        Intervals {
            dprp: policy.zone_propagation_delay.seconds(),
            dprp_parent: policy.parent_propagation_delay.seconds(),
            ttl_ds: i64::from(policy.parent_ds_ttl.0),
            ttl_sig: policy.timing_max_zone_ttl().seconds(),
            spub: policy.publish_safety.seconds(),
            sret: policy.retire_safety.seconds(),
            dsgn: (policy.signatures_validity.seconds() - policy.signatures_refresh.seconds())
                .max(0),
        }
    }

    /// Ipub for a key with DNSKEY TTL `ttl`: TTLkey + Dprp + publish-safety (RFC 7583
    /// section 3.3.1), also the lead time of a successor.
    pub(super) fn ipub(&self, ttl: i64) -> i64 {
        ttl + self.dprp + self.spub
    }

    /// Iret of a KSK: TTLds + DprpP + retire-safety (RFC 7583 section 3.3.2).
    pub(super) fn iret_ksk(&self) -> i64 {
        self.ttl_ds + self.dprp_parent + self.sret
    }

    /// Iret of a ZSK: TTLsig + Dprp + retire-safety + Dsgn (RFC 7583 section 3.3.1).
    pub(super) fn iret_zsk(&self) -> i64 {
        self.ttl_sig + self.dprp + self.sret + self.dsgn
    }

    /// When the CDS/CDNSKEY of a first KSK may appear: once its DNSKEY is published
    /// (Ipub) and the zone's signatures have spread (TTLsig + Dprp). BIND 9.18 adds
    /// publish-safety to the second term, which the signatures never wait for; later BIND
    /// releases dropped it, and so do we (docs/bind-compat.md, "keymgr: the key manager").
    pub(super) fn first_sync_delay(&self, ttl: i64) -> i64 {
        self.ipub(ttl).max(self.ttl_sig + self.dprp)
    }
}

/// The Delete time of a key from its Inactive time: the longer of the KSK and ZSK
/// retire intervals its role has (RFC 7583 sections 3.3.1 and 3.3.2).
pub(super) fn delete_time(key: &ManagedKey, iv: &Intervals) -> Option<UnixTime> {
    let inactive = key.key.timing.inactive?;
    let ksk = if key.is_ksk() { iv.iret_ksk() } else { 0 };
    let zsk = if key.is_zsk() { iv.iret_zsk() } else { 0 };
    Some(inactive.offset(ksk.max(zsk)))
}

/// When the parent was recorded to have published (moving to omnipresent) or withdrawn
/// (otherwise) `key`'s DS.
fn ds_stamp(key: &ManagedKey, next: RecordState) -> Option<UnixTime> {
    match next {
        RecordState::Omnipresent => key.key.timing.ds_publish,
        _ => key.key.timing.ds_delete,
    }
}

/// Whether the parent's part of a DS move to `next` is on record by `now`; when it is not,
/// [`transition_time`] only schedules an hourly look.
pub(super) fn parent_confirmed(key: &ManagedKey, next: RecordState, now: UnixTime) -> bool {
    ds_stamp(key, next).is_some_and(|at| at <= now)
}

/// The earliest time `record` of `key` may move to `next` (docs/bind-compat.md,
/// "keymgr: the key manager", guards). Moves into rumoured or unretentive are immediate; the
/// others wait for caches to expire. `last` is the record's change stamp.
pub(super) fn transition_time(
    key: &ManagedKey,
    record: Record,
    next: RecordState,
    last: UnixTime,
    iv: &Intervals,
    now: UnixTime,
) -> UnixTime {
    if matches!(next, RecordState::Rumoured | RecordState::Unretentive) {
        return now;
    }
    let ttl_key = i64::from(key.start_ttl);
    match record {
        Record::Dnskey | Record::Krrsig => match next {
            RecordState::Omnipresent => last.offset(ttl_key + iv.dprp + iv.spub),
            _ => last.offset(ttl_key + iv.dprp),
        },
        Record::Zrrsig => {
            // Retire-safety and the signing delay only matter when signatures are swapped
            // between two keys; BIND 9.18 adds retire-safety always (fixed in later
            // releases; docs/bind-compat.md, "keymgr: the key manager").
            let extra = if key.in_rollover() {
                iv.sret + iv.dsgn
            } else {
                0
            };
            last.offset(iv.ttl_sig + iv.dprp + extra)
        }
        Record::Ds => {
            match ds_stamp(key, next) {
                Some(at) if at <= now => {
                    let extra = if key.in_rollover() { iv.sret } else { 0 };
                    at.offset(iv.ttl_ds + iv.dprp_parent + extra)
                }
                // Not confirmed yet: look again in an hour.
                _ => now.offset(3600),
            }
        }
    }
}
