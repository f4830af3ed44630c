//! One growing byte buffer that many small values live in, addressed by 32-bit offsets, so
//! a zone holds millions of names and rdatas without one heap allocation each.

use crate::zonefile::{ZoneError, ZoneErrorKind};

/// A byte arena addressed by `u32` offsets (a zone's names or rdata, up to 4 GiB).
#[derive(Default, Clone, Debug)]
pub(crate) struct Arena {
    bytes: Vec<u8>,
}

impl Arena {
    /// Appends `data` and returns its offset.
    pub(crate) fn push(&mut self, data: &[u8]) -> Result<u32, ZoneError> {
        let off = u32::try_from(self.bytes.len()).map_err(|_| too_large())?;
        if self.bytes.len() + data.len() > u32::MAX as usize {
            return Err(too_large());
        }
        self.bytes.extend_from_slice(data);
        Ok(off)
    }

    /// Appends all of `other`; returns the offset its bytes start at.
    pub(crate) fn append(&mut self, other: &Arena) -> Result<u32, ZoneError> {
        self.push(&other.bytes)
    }

    /// The `len` bytes at `off` (empty when out of range, which the zone never asks for).
    pub(crate) fn get(&self, off: u32, len: usize) -> &[u8] {
        let start = off as usize;
        self.bytes.get(start..start + len).unwrap_or(&[])
    }

    /// The `len` bytes at `off`, to change in place (None when out of range).
    pub(crate) fn get_mut(&mut self, off: u32, len: usize) -> Option<&mut [u8]> {
        let start = off as usize;
        self.bytes.get_mut(start..start + len)
    }

    /// Makes room for `more` bytes.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.bytes.reserve_exact(more);
    }

    /// Everything stored.
    pub(crate) fn all(&self) -> &[u8] {
        &self.bytes
    }

    /// Bytes in use.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Gives back spare capacity once loading is done.
    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

fn too_large() -> ZoneError {
    ZoneError {
        location: None,
        kind: ZoneErrorKind::TooLarge,
    }
}
