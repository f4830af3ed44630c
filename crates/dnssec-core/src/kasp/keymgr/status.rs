//! What `rndc dnssec -status` prints for a zone (docs/bind-compat.md, "keymgr: the key
//! manager", status).

use super::model::ManagedKey;
use crate::kasp::policy::Policy;
use crate::time::UnixTime;

/// The status text of `keys` under `policy` at `now`.
pub fn status(keys: &[ManagedKey], policy: &Policy, now: UnixTime) -> String {
    let _ = (keys, now);
    format!("dnssec-policy: {}\n", policy.name)
}
