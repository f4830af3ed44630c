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

    /// Moves the `len` bytes at `from` down to `to` (at or before `from`), for compacting in
    /// place; false (nothing moved) when out of range or not downwards.
    pub(crate) fn move_down(&mut self, from: u32, len: usize, to: u32) -> bool {
        let (from, to) = (from as usize, to as usize);
        if to > from || from + len > self.bytes.len() {
            return false;
        }
        self.bytes.copy_within(from..from + len, to);
        true
    }

    /// Keeps the first `len` bytes.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
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
