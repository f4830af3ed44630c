//! The compact in-memory zone. Owner names and rdata live in wire form in two large byte
//! arenas; each record is a 20-byte entry indexing into them, so a million-record zone costs
//! a few dozen bytes per record and no allocation per record. [`Zone::finish`] puts the
//! records in DNSSEC canonical order once (RFC 4034 section 6.1 for names, 6.3 within an
//! RRset; rayon sorts precomputed byte keys), drops duplicates, evens RRset TTLs, and marks
//! each name's role (apex, delegation, glue, occluded).
//!
//! API:
//! - Load: [`Zone::from_path`]`(path, &origin, class)`, [`Zone::from_reader`],
//!   [`Zone::load_path`] (which keeps the warnings given before a failure); or build with
//!   [`Zone::new`] + [`Zone::add`]/[`Zone::add_parts`] + [`Zone::finish`] (also how the
//!   signer adds RRSIG/NSEC records to a loaded zone).
//! - Walk: [`Zone::names`] -> [`NameView`] (owner wire/`Name`, [`NameRole`], `rrsets()`,
//!   `rrset(type)`) -> [`RrsetView`] (`ttl`, `rdatas()` as wire slices, `canonical_rdatas()`,
//!   `covering(type)` for RRSIGs); [`Zone::records`] -> [`RecordView`] (`to_record()`).
//! - Write: [`write_text`] (BIND's dump order and owner case), [`write_raw`] (BIND's raw
//!   format); read raw files with [`load_raw`]/[`load_raw_bytes`].
//! - Ask: [`Zone::find`], [`Zone::is_delegation`], [`Zone::is_below_cut`], [`Zone::is_glue`],
//!   [`Zone::soa`], [`Zone::empty_non_terminals`], [`Zone::chain_names`] (input for the
//!   NSEC/NSEC3 chain code).

mod arena;
mod canonical_key;
mod condense;
mod load;
mod nsec_tree;
mod raw;
mod roles;
mod sort;
mod store;
mod text;
mod tree_case;
mod views;

pub use crate::zonefile::Record;
pub(crate) use condense::{Judge, RunView, Verdicts};
pub use raw::{load_raw, load_raw_bytes, write_raw, RawZone};
pub use roles::NameRole;
pub(crate) use store::is_at_or_below;
pub use store::{FailedLoad, Zone};
pub use text::write_text;
pub use views::{NameView, RecordView, RrsetView};

#[cfg(test)]
mod mutation_tests;
#[cfg(test)]
mod raw_tests;
#[cfg(test)]
mod tests;
