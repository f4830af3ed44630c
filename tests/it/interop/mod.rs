//! Our tools against BIND 9's (and ldns's, named's) on the same input, a module per tool or
//! area; a missing external tool skips the test, or fails it under
//! `DNSSEC_KIT_INTEROP=required`.

mod algorithms;
mod cds;
mod key_checks;
mod keyfiles;
mod keygen_dsfromkey;
mod keymgr;
mod keymgr_checkds;
mod keymgr_pipeline;
mod lifecycle;
mod load_errors;
mod multisigner;
mod option_order;
mod policy;
mod primitives;
mod raw;
mod rsa_big;
mod rsa_fallback;
mod signzone;
mod signzone_cases;
mod signzone_corners;
mod signzone_limits;
mod signzone_operator;
mod signzone_text;
mod verify;
mod verify_beyond;
mod verify_judged;
mod verify_judged_foreign;
mod zone;
mod zone_keys;
