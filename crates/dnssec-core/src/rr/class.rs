//! Record classes (RFC 1035 section 3.2.4) and the `CLASSnnn` form of RFC 3597 section 5.

use std::fmt;

/// A record class. Only IN is common; the others are kept so that `-c` and zone files that
/// name them are read faithfully.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Class(pub u16);

impl Class {
    /// The Internet class (RFC 1035 section 3.2.4).
    pub const IN: Class = Class(1);
    /// The Chaos class (RFC 1035 section 3.2.4).
    pub const CH: Class = Class(3);
    /// The Hesiod class (RFC 1035 section 3.2.4).
    pub const HS: Class = Class(4);
    /// NONE, used in dynamic update (RFC 2136 section 2.4).
    pub const NONE: Class = Class(254);
    /// ANY, used in queries and dynamic update (RFC 1035 section 3.2.5).
    pub const ANY: Class = Class(255);

    /// Parses `IN`, `CH`/`CHAOS`, `HS`/`HESIOD`, `NONE`, `ANY` (case-insensitive) or `CLASSnnn`.
    pub fn from_mnemonic(text: &str) -> Option<Class> {
        // Every token of every record is tried as a class: no allocation for short ones.
        let mut buf = [0u8; 24];
        let long;
        let upper = match buf.get_mut(..text.len()) {
            Some(b) => {
                b.copy_from_slice(text.as_bytes());
                b.make_ascii_uppercase();
                std::str::from_utf8(b).ok()?
            }
            None => {
                long = text.to_ascii_uppercase();
                long.as_str()
            }
        };
        match upper {
            "IN" => Some(Class::IN),
            "CH" | "CHAOS" => Some(Class::CH),
            "HS" | "HESIOD" => Some(Class::HS),
            "NONE" => Some(Class::NONE),
            "ANY" => Some(Class::ANY),
            _ => {
                let digits = upper.strip_prefix("CLASS")?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse::<u16>().ok().map(Class)
            }
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("IN"),
            3 => f.write_str("CH"),
            4 => f.write_str("HS"),
            254 => f.write_str("NONE"),
            255 => f.write_str("ANY"),
            n => write!(f, "CLASS{n}"),
        }
    }
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(Class::from_mnemonic("in"), Some(Class::IN));
        assert_eq!(Class::from_mnemonic("CHAOS"), Some(Class::CH));
        assert_eq!(Class::from_mnemonic("class3"), Some(Class::CH));
        assert_eq!(Class::from_mnemonic("CLASS"), None);
        assert_eq!(Class::from_mnemonic("FOO"), None);
        assert_eq!(Class(42).to_string(), "CLASS42");
        assert_eq!(Class::CH.to_string(), "CH");
    }
}
