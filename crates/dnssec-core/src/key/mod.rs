//! BIND key files (REFERENCE.md 0.5, 1.1-1.3): the `.key` public record, the `.private`
//! material and metadata, the `.state` KASP state, key timing, finding a zone's keys in a
//! directory, and writing key files atomically.

pub mod error;
pub mod private;
pub mod public;
pub mod state;
pub mod timing;
pub mod write;

pub use error::KeyError;
pub use private::{FormatVersion, PrivateFile, PrivateMaterial};
pub use public::{KeyComments, KeyRecordType, PublicRecord};
pub use state::{KeyState, RecordState};
pub use timing::{KeyTiming, TimeField};

#[cfg(test)]
pub(crate) mod testdata {
    /// A BIND-made sample key file, copied from `shared/reference/bind-examples/`.
    pub fn sample(name: &str) -> String {
        let path = format!("{}/testdata/bind-keys/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}
