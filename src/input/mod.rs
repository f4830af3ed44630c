//! The inputs several tools read, with BIND's messages when they cannot be read: text and
//! raw zone files (signzone, verify), a bounded read of a file or standard input (dsfromkey,
//! cds, importkey), and the DNSKEY records at a zone's apex (dsfromkey).

pub mod bounded;
pub mod raw;
pub mod text;
pub mod warnings;
pub mod zonekeys;
