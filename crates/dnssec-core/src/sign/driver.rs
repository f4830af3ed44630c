//! The signing driver (RFC 4035 section 2.2): every RRset that needs signatures is one job,
//! signed with a signed-data buffer its worker reuses. The plan runs the jobs of each name on
//! the worker that makes the name ([`super::plan`]). Results come back in input order, so the
//! output never depends on the number of threads.
//!
//! A job first sorts the RRset's existing RRSIGs into kept and dropped (docs/bind-compat.md,
//! "signzone: re-signing", see [`super::resign`]), verifying only the ones it would keep, then
//! signs with every chosen key that has no kept signature.

use super::policy::{signers_for, SignerRole, SplitRules};
use super::resign::{fate, Fate, RetainRules, SignerKey};
use super::rrsig::{sign_rrset, KeySigner, SignError, Validity};
use crate::crypto::{CryptoError, PrivateKey, VerifyingKey};
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::{Rrsig, SigTime};
use crate::validate::{verify_rrsig_prepared, KeyFacts};
use crate::{Class, RrType, Ttl};

/// One key of the zone as the driver sees it.
pub struct DriverKey<'a> {
    /// The DNSKEY as published this run (REVOKE bit included when revoked).
    pub dnskey: Dnskey,
    /// Its key tag (of `dnskey`).
    pub tag: u16,
    /// The private key, when this key signs.
    pub private: Option<&'a PrivateKey>,
    /// Its role for choosing signers.
    pub role: SignerRole,
    /// In the DNSKEY RRset this run.
    pub published: bool,
    /// Within its activation period (for `-Q`).
    pub active: bool,
    /// Index of its predecessor when the two name each other (pre-publish ZSK rollover):
    /// this key does not sign an RRset the predecessor still has a kept signature on.
    pub predecessor: Option<usize>,
    /// The public key prepared for verification (None when the algorithm is unsupported).
    pub verifier: Option<VerifyingKey>,
}

/// Everything that is the same for every job of a signing run.
pub struct Context<'a> {
    /// The zone apex, lower-cased: the signer name of every new RRSIG.
    pub origin: Name,
    /// The zone class.
    pub class: Class,
    /// All keys: signing, stand-by, retired, removed and publish-only.
    pub keys: Vec<DriverKey<'a>>,
    /// `-x` / `-z`.
    pub split: SplitRules,
    /// Inception and expiration of new signatures (`-s`, `-e`).
    pub validity: Validity,
    /// Expiration for the apex DNSKEY/CDS/CDNSKEY signatures (`-X`).
    pub keyset_expiration: SigTime,
    /// `-j`: each expiration is moved earlier by a pseudo-random amount below this.
    pub jitter: u32,
    /// Retention rules for existing signatures.
    pub retain: RetainRules,
    /// `-a`: verify every new signature.
    pub verify_new: bool,
    signers_other: Vec<bool>,
    signers_dnskey: Vec<bool>,
    signers_sync: Vec<bool>,
}

impl<'a> Context<'a> {
    /// Builds the context and precomputes who signs what.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        origin: Name,
        class: Class,
        keys: Vec<DriverKey<'a>>,
        split: SplitRules,
        validity: Validity,
        keyset_expiration: SigTime,
        jitter: u32,
        retain: RetainRules,
        verify_new: bool,
    ) -> Context<'a> {
        let roles: Vec<SignerRole> = keys.iter().map(|k| k.role).collect();
        // The signer name goes into new RRSIGs in lower case, whatever case `-o` or the key
        // files use (RFC 6840 section 5.1; BIND writes it so too).
        let origin = origin.to_lowercase();
        Context {
            signers_other: signers_for(&roles, RrType::A, false, split),
            signers_dnskey: signers_for(&roles, RrType::DNSKEY, true, split),
            signers_sync: signers_for(&roles, RrType::CDS, true, split),
            origin,
            class,
            keys,
            split,
            validity,
            keyset_expiration,
            jitter,
            retain,
            verify_new,
        }
    }

    fn signers(&self, rtype: RrType, at_apex: bool) -> &[bool] {
        match (at_apex, rtype) {
            (true, RrType::DNSKEY) => &self.signers_dnskey,
            (true, RrType::CDS | RrType::CDNSKEY) => &self.signers_sync,
            _ => &self.signers_other,
        }
    }

    /// Whether key `i` signs an RRset of this type somewhere in the zone.
    pub fn key_signs(&self, i: usize, rtype: RrType, at_apex: bool) -> bool {
        self.signers(rtype, at_apex)
            .get(i)
            .copied()
            .unwrap_or(false)
    }

    /// `name/ALG/tag` of the first key in key order that signs an apex RRset of `rtype`:
    /// the key named when that RRset cannot be signed. For the SOA that is the key BIND
    /// names; for DNSKEY BIND names the first of its own key list, which follows the order
    /// it found the key files in (docs/bind-compat.md).
    pub fn first_signer_name(&self, rtype: RrType) -> Option<String> {
        let signers = self.signers(rtype, true);
        self.keys
            .iter()
            .enumerate()
            .find(|(i, k)| k.private.is_some() && signers.get(*i).copied().unwrap_or(false))
            .map(|(_, k)| key_name(&self.origin, k))
    }

    fn find_key(&self, sig: &Rrsig) -> Option<usize> {
        self.keys.iter().position(|k| {
            k.tag == sig.key_tag && k.dnskey.algorithm == sig.algorithm && sig.signer == self.origin
        })
    }
}

/// One RRset to sign.
pub(super) struct Job<'z> {
    /// The owner (case as in the zone).
    pub owner: &'z Name,
    /// The type.
    pub rtype: RrType,
    /// The TTL.
    pub ttl: Ttl,
    /// The rdatas in canonical form (RFC 4034 section 6.2).
    pub rdatas: Vec<&'z [u8]>,
    /// The RRSIGs over this RRset already in the zone, in wire form.
    pub existing: Vec<&'z [u8]>,
}

/// Signature counts, as `-t` prints them (docs/bind-compat.md,
/// "signzone: run, report and statistics").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// New signatures.
    pub generated: u64,
    /// Existing signatures kept.
    pub retained: u64,
    /// Existing signatures removed.
    pub dropped: u64,
    /// Signatures that verified (kept ones, and new ones with `-a`).
    pub verified: u64,
    /// Signatures that failed to verify.
    pub failed: u64,
}

impl Counts {
    /// Adds another count in.
    pub fn add(&mut self, o: &Counts) {
        self.generated += o.generated;
        self.retained += o.retained;
        self.dropped += o.dropped;
        self.verified += o.verified;
        self.failed += o.failed;
    }
}

/// The signatures an RRset ends up with.
#[derive(Clone, Debug, Default)]
pub struct Signed {
    /// RRSIG rdatas in wire form, kept ones first, then new ones in key order.
    pub sigs: Vec<Vec<u8>>,
    /// Bit `i` set when key `i` of the context has a signature here (kept or new).
    pub by_key: u64,
    /// Bit `alg` set for every algorithm with a signature here.
    pub algorithms: u32,
    /// The counts for this RRset.
    pub counts: Counts,
}

/// Why a signature could not be made: BIND's `dnskey 'NAME/ALG/TAG' failed to sign data: …`.
#[derive(Debug)]
pub struct DriverError {
    /// The key, as `name/ALG/tag`.
    pub key: String,
    /// The reason.
    pub reason: SignError<CryptoError>,
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "dnskey '{}' failed to sign data: {}",
            self.key, self.reason
        )
    }
}

impl std::error::Error for DriverError {}

/// A pseudo-random offset below `jitter`, from the RRset's identity, so a given zone gets
/// the same expirations whatever the thread count.
fn jitter_for(owner: &Name, rtype: RrType, jitter: u32) -> u32 {
    if jitter == 0 {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in owner.as_wire().iter().chain(&rtype.0.to_be_bytes()) {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    (h % u64::from(jitter)) as u32
}

fn key_name(origin: &Name, k: &DriverKey<'_>) -> String {
    let o = origin.bind_text();
    format!("{o}/{}/{}", k.dnskey.algorithm, k.tag)
}

/// Signs one RRset: keeps what may be kept, adds what is missing (docs/bind-compat.md,
/// "signzone: re-signing"). The job's rdatas are left in canonical order.
pub(super) fn sign_job(
    ctx: &Context<'_>,
    job: &mut Job<'_>,
    buf: &mut Vec<u8>,
) -> Result<Signed, DriverError> {
    let at_apex = *job.owner == ctx.origin;
    let signers = ctx.signers(job.rtype, at_apex);
    let mut out = Signed::default();
    let rdatas = &mut job.rdatas;
    let id = RrsetId {
        owner: job.owner,
        class: ctx.class,
        rtype: job.rtype,
        ttl: job.ttl,
    };
    for wire in &job.existing {
        let Ok(sig) = Rrsig::from_wire(wire) else {
            out.counts.dropped += 1;
            continue;
        };
        let index = ctx.find_key(&sig);
        let key = match index.map(|i| &ctx.keys[i]) {
            None => SignerKey::Unknown,
            Some(k)
                if k.private.is_some()
                    && signers.get(index.unwrap_or(0)).copied().unwrap_or(false) =>
            {
                SignerKey::Signing
            }
            Some(k) => SignerKey::Other {
                published: k.published,
                active: k.active,
            },
        };
        let keep = match fate(&sig, job.ttl, key, sig.signer == ctx.origin, &ctx.retain) {
            Fate::Drop => false,
            Fate::Keep => true,
            Fate::KeepIfValid => {
                let valid = index.and_then(|i| ctx.keys.get(i)).is_some_and(|k| {
                    k.verifier.as_ref().is_some_and(|v| {
                        let facts = KeyFacts::from_dnskey(&ctx.origin, &k.dnskey);
                        verify_rrsig_prepared(&sig, id, rdatas, facts, v, None, buf).is_ok()
                    })
                });
                if valid {
                    out.counts.verified += 1;
                } else {
                    out.counts.failed += 1;
                }
                valid
            }
        };
        if keep {
            out.counts.retained += 1;
            if let Some(i) = index {
                out.by_key |= 1u64 << (i % 64);
            }
            out.algorithms |= 1u32 << (sig.algorithm.0 % 32);
            out.sigs.push(wire.to_vec());
        } else {
            out.counts.dropped += 1;
        }
    }
    let is_keyset = at_apex && super::policy::is_keyset_type(job.rtype);
    let base_expiration = if is_keyset {
        ctx.keyset_expiration
    } else {
        ctx.validity.expiration
    };
    let validity = Validity {
        inception: ctx.validity.inception,
        expiration: SigTime(
            base_expiration
                .0
                .wrapping_sub(jitter_for(job.owner, job.rtype, ctx.jitter)),
        ),
    };
    for (i, k) in ctx.keys.iter().enumerate() {
        if !signers.get(i).copied().unwrap_or(false) || out.by_key & (1u64 << (i % 64)) != 0 {
            continue;
        }
        if k.predecessor
            .is_some_and(|p| out.by_key & (1u64 << (p % 64)) != 0)
        {
            continue;
        }
        let Some(private) = k.private else { continue };
        let signer = KeySigner {
            key: private,
            owner: &ctx.origin,
            key_tag: k.tag,
        };
        let sig = sign_rrset(&signer, id, rdatas, validity, buf).map_err(|reason| DriverError {
            key: key_name(&ctx.origin, k),
            reason,
        })?;
        if ctx.verify_new {
            let ok = k.verifier.as_ref().is_some_and(|v| {
                let facts = KeyFacts::from_dnskey(&ctx.origin, &k.dnskey);
                verify_rrsig_prepared(&sig, id, rdatas, facts, v, None, buf).is_ok()
            });
            if ok {
                out.counts.verified += 1;
            } else {
                out.counts.failed += 1;
            }
        }
        let mut wire = Vec::with_capacity(18 + ctx.origin.wire_len() + sig.signature.len());
        sig.to_wire(&mut wire);
        out.sigs.push(wire);
        out.counts.generated += 1;
        out.by_key |= 1u64 << (i % 64);
        out.algorithms |= 1u32 << (k.dnskey.algorithm.0 % 32);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{ctx, key};
    use crate::Algorithm;

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    use rayon::prelude::*;

    /// Signs many RRsets on rayon's pool; results are in `jobs` order.
    fn sign_jobs(ctx: &Context<'_>, jobs: &mut [Job<'_>]) -> Result<Vec<Signed>, DriverError> {
        jobs.par_iter_mut()
            .map_init(Vec::new, |buf, job| sign_job(ctx, job, buf))
            .collect()
    }

    #[test]
    fn signs_then_retains_on_a_second_pass() {
        let ksk = PrivateKey::generate(Algorithm::ED25519, None).unwrap();
        let zsk = PrivateKey::generate(Algorithm::ED25519, None).unwrap();
        let c = ctx(vec![key(&ksk, true), key(&zsk, false)], 1_800_000_000);
        let owner = n("www.example.");
        let rdata: &[u8] = &[192, 0, 2, 1];
        let mut jobs = [Job {
            owner: &owner,
            rtype: RrType::A,
            ttl: Ttl(300),
            rdatas: vec![rdata],
            existing: Vec::new(),
        }];
        let first = sign_jobs(&c, &mut jobs).unwrap().remove(0);
        let [job] = jobs;
        assert_eq!(first.counts.generated, 1, "only the ZSK signs an A RRset");
        assert_eq!(first.counts.verified, 1, "-a verified the new signature");
        assert_eq!(first.by_key, 0b10);
        let mut again = Job {
            existing: first.sigs.iter().map(|s| s.as_slice()).collect(),
            ..job
        };
        let second = sign_job(&c, &mut again, &mut Vec::new()).unwrap();
        assert_eq!((second.counts.generated, second.counts.retained), (0, 1));
        // A changed RRset: the old signature no longer verifies and is replaced.
        let mut changed = Job {
            rdatas: vec![&[192, 0, 2, 2]],
            existing: first.sigs.iter().map(|s| s.as_slice()).collect(),
            ..again
        };
        let third = sign_job(&c, &mut changed, &mut Vec::new()).unwrap();
        assert_eq!(
            (
                third.counts.generated,
                third.counts.retained,
                third.counts.dropped,
                third.counts.failed
            ),
            (1, 0, 1, 1)
        );
    }
}
