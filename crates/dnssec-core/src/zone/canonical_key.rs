//! Sort keys for names whose plain byte order is the canonical order of RFC 4034 section
//! 6.1, so a zone can be sorted by comparing byte strings instead of walking labels.
//!
//! A key lists the labels from the rightmost, each lowercased and followed by a 0 separator.
//! Octets 0 and 1 inside a label are written as `1 1` and `1 2` so that the separator still
//! sorts below every label octet while the order of label octets is kept.

/// Appends the canonical sort key of a valid uncompressed wire name to `out`.
pub(crate) fn push_key(wire: &[u8], out: &mut Vec<u8>) {
    let mut starts = [0u8; 128];
    let mut n = 0;
    let mut pos = 0usize;
    while let Some(&len) = wire.get(pos) {
        if len == 0 || n == starts.len() {
            break;
        }
        starts[n] = pos as u8;
        n += 1;
        pos += len as usize + 1;
    }
    for &start in starts[..n].iter().rev() {
        let start = start as usize;
        let len = wire.get(start).copied().unwrap_or(0) as usize;
        for &b in wire.get(start + 1..start + 1 + len).unwrap_or(&[]) {
            match b {
                0 => out.extend_from_slice(&[1, 1]),
                1 => out.extend_from_slice(&[1, 2]),
                _ => out.push(b.to_ascii_lowercase()),
            }
        }
        out.push(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::Name;

    #[test]
    fn key_order_is_canonical_order() {
        let names = [
            "example.",
            "a.example.",
            "yljkjljk.a.example.",
            "Z.a.example.",
            "zABC.a.EXAMPLE.",
            "z.example.",
            "\\000.z.example.",
            "\\001.z.example.",
            "\\001\\000.z.example.",
            "*.z.example.",
            "\\200.z.example.",
        ];
        let parsed: Vec<Name> = names
            .iter()
            .map(|s| Name::parse(s, None).unwrap())
            .collect();
        for a in &parsed {
            for b in &parsed {
                let (mut ka, mut kb) = (Vec::new(), Vec::new());
                push_key(a.as_wire(), &mut ka);
                push_key(b.as_wire(), &mut kb);
                assert_eq!(ka.cmp(&kb), a.canonical_cmp(b), "{a} vs {b}");
            }
        }
    }
}
