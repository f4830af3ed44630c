//! The DNSSEC vocabulary that signing and validation share, above the zone and the crypto
//! layer and below `sign` and `validate`: the data an RRSIG covers and the identity of the
//! RRset it covers (RFC 4034 section 3.1.8.1), NSEC3 hashing and owner names (RFC 5155
//! sections 3 and 5), the chain view of a zone's names (RFC 4035 section 2.3) and which
//! names get an NSEC/NSEC3 record listing which types (RFC 4034 section 4.1.2, RFC 5155
//! section 7.1).

mod chain_name;
mod denial;
mod nsec3hash;
mod signed_data;

pub(crate) use chain_name::check_input;
pub use chain_name::{add_empty_non_terminals, chain_names, ChainError, ChainName, NameKind};
pub(crate) use denial::{
    in_nsec_chain, nsec3_bitmap, nsec3_members, nsec3_types, nsec_bitmap, nsec_types,
};
pub(crate) use denial::{nsec3_wanted, EntsAbove};
pub use nsec3hash::{nsec3_hash, nsec3_owner};
pub(crate) use nsec3hash::{nsec3_hash_wire, Nsec3Hash};
pub(crate) use signed_data::build_signed_data;
pub use signed_data::{RrsetId, SignedDataError};
