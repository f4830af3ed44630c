//! The type bitmap of NSEC, NSEC3 and CSYNC records (RFC 4034 section 4.1.2, RFC 5155
//! section 3.2.1, RFC 7477 section 2.1.2): window blocks of up to 32 octets.

use super::RrType;

/// Why a type bitmap could not be decoded (RFC 4034 section 4.1.2 rules).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BitmapError {
    /// A window block is cut off, has length 0 or over 32, or windows are not ascending.
    Malformed,
}

impl std::fmt::Display for BitmapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bad type bitmap")
    }
}

impl std::error::Error for BitmapError {}

/// Encodes a set of types as window blocks (RFC 4034 section 4.1.2). The input need not be
/// sorted or unique; trailing zero octets are never emitted.
pub(crate) fn encode(types: &[RrType], out: &mut Vec<u8>) {
    // A signer encodes one bitmap per name: sort on the stack when the set is small.
    // Repeated types set the same bit twice, so no de-duplication is needed.
    let mut small = [0u16; 32];
    let mut large = Vec::new();
    let sorted: &mut [u16] = match small.get_mut(..types.len()) {
        Some(s) => s,
        None => {
            large.resize(types.len(), 0);
            &mut large
        }
    };
    for (slot, t) in sorted.iter_mut().zip(types) {
        *slot = t.0;
    }
    sorted.sort_unstable();
    let mut i = 0;
    while i < sorted.len() {
        let window = (sorted[i] >> 8) as u8;
        let mut bits = [0u8; 32];
        let mut used = 0usize;
        while i < sorted.len() && (sorted[i] >> 8) as u8 == window {
            let low = (sorted[i] & 0xff) as usize;
            bits[low / 8] |= 0x80 >> (low % 8);
            used = low / 8 + 1;
            i += 1;
        }
        out.push(window);
        out.push(used as u8);
        out.extend_from_slice(&bits[..used]);
    }
}

/// Decodes window blocks into the ascending list of types they name (RFC 4034 section
/// 4.1.2), refusing empty or oversized blocks and windows out of order.
pub(crate) fn decode(mut data: &[u8]) -> Result<Vec<RrType>, BitmapError> {
    let mut types = Vec::new();
    let mut last_window: Option<u8> = None;
    while !data.is_empty() {
        if data.len() < 2 {
            return Err(BitmapError::Malformed);
        }
        let (window, len) = (data[0], data[1] as usize);
        if len == 0 || len > 32 || data.len() < 2 + len || last_window.is_some_and(|w| w >= window)
        {
            return Err(BitmapError::Malformed);
        }
        for (octet, &byte) in data[2..2 + len].iter().enumerate() {
            for bit in 0..8 {
                if byte & (0x80 >> bit) != 0 {
                    types.push(RrType(((window as u16) << 8) | (octet * 8 + bit) as u16));
                }
            }
        }
        last_window = Some(window);
        data = &data[2 + len..];
    }
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4034_example_bitmap() {
        // RFC 4034 section 4.3: A MX RRSIG NSEC TYPE1234.
        let types = [
            RrType::A,
            RrType::MX,
            RrType::RRSIG,
            RrType::NSEC,
            RrType(1234),
        ];
        let mut wire = Vec::new();
        encode(&types, &mut wire);
        let mut expected: Vec<u8> =
            vec![0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b];
        expected.extend_from_slice(&[0u8; 26]);
        expected.push(0x20);
        assert_eq!(wire, expected);
        assert_eq!(decode(&wire).unwrap(), types.to_vec());
    }

    #[test]
    fn order_and_repeats_do_not_matter() {
        let mut sorted = Vec::new();
        encode(&[RrType::A, RrType::NS, RrType(1234)], &mut sorted);
        let mut shuffled = Vec::new();
        encode(
            &[
                RrType(1234),
                RrType::NS,
                RrType::A,
                RrType::NS,
                RrType(1234),
            ],
            &mut shuffled,
        );
        assert_eq!(shuffled, sorted);
        // More types than fit the stack buffer.
        let many: Vec<RrType> = (1..200).rev().map(RrType).collect();
        let mut wire = Vec::new();
        encode(&many, &mut wire);
        assert_eq!(
            decode(&wire).unwrap(),
            (1..200).map(RrType).collect::<Vec<_>>()
        );
    }

    #[test]
    fn refuses_malformed_blocks() {
        assert!(decode(&[0, 0]).is_err());
        assert!(decode(&[0, 33]).is_err());
        assert!(decode(&[0, 2, 1]).is_err());
        assert!(decode(&[1, 1, 1, 0, 1, 1]).is_err());
        assert_eq!(decode(&[]).unwrap(), vec![]);
    }
}
