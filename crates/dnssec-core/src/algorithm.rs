//! DNSSEC algorithm numbers (RFC 4034 Appendix A.1, the IANA "DNS Security Algorithm Numbers"
//! registry) and DS digest types (RFC 4034 section 5.1.3, RFC 4509, RFC 6605).

use std::fmt;

/// A DNSSEC key algorithm number (RFC 4034 Appendix A.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Algorithm(pub u8);

/// What this kit can do with keys of an algorithm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Capability {
    /// Keys can be generated, and used to sign and verify.
    Sign,
    /// Signatures can be verified but keys cannot be generated or used to sign here.
    VerifyOnly,
    /// BIND's tools accept the algorithm, but there is nothing this kit can do with it.
    Unsupported,
}

/// Why an algorithm argument was refused, in the two forms BIND words them
/// (docs/bind-compat.md, "algorithms, digests and key sizes").
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgorithmError {
    /// A name or number that BIND knows but cannot generate (`unsupported algorithm: X`).
    Unsupported(String),
    /// Something that is neither a known mnemonic nor a number 0-255 (`unknown algorithm X`).
    Unknown(String),
}

impl fmt::Display for AlgorithmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlgorithmError::Unsupported(s) => write!(f, "unsupported algorithm: {s}"),
            AlgorithmError::Unknown(s) => write!(f, "unknown algorithm {s}"),
        }
    }
}

impl std::error::Error for AlgorithmError {}

impl Algorithm {
    /// RSA/MD5 (RFC 3110), not for zone signing any more (RFC 6725).
    pub const RSAMD5: Algorithm = Algorithm(1);
    /// Diffie-Hellman (RFC 2539), KEY records only.
    pub const DH: Algorithm = Algorithm(2);
    /// DSA/SHA-1 (RFC 2536).
    pub const DSA: Algorithm = Algorithm(3);
    /// RSA/SHA-1 (RFC 3110).
    pub const RSASHA1: Algorithm = Algorithm(5);
    /// DSA-NSEC3-SHA1 (RFC 5155 section 2).
    pub const NSEC3DSA: Algorithm = Algorithm(6);
    /// RSASHA1-NSEC3-SHA1 (RFC 5155 section 2).
    pub const NSEC3RSASHA1: Algorithm = Algorithm(7);
    /// RSA/SHA-256 (RFC 5702).
    pub const RSASHA256: Algorithm = Algorithm(8);
    /// RSA/SHA-512 (RFC 5702).
    pub const RSASHA512: Algorithm = Algorithm(10);
    /// GOST R 34.10-2001 (RFC 5933).
    pub const ECCGOST: Algorithm = Algorithm(12);
    /// ECDSA P-256 with SHA-256 (RFC 6605).
    pub const ECDSAP256SHA256: Algorithm = Algorithm(13);
    /// ECDSA P-384 with SHA-384 (RFC 6605).
    pub const ECDSAP384SHA384: Algorithm = Algorithm(14);
    /// Ed25519 (RFC 8080).
    pub const ED25519: Algorithm = Algorithm(15);
    /// Ed448 (RFC 8080).
    pub const ED448: Algorithm = Algorithm(16);
    /// Indirect keys (RFC 4034 Appendix A.1).
    pub const INDIRECT: Algorithm = Algorithm(252);
    /// Private algorithm named by a domain name (RFC 4034 Appendix A.1.1).
    pub const PRIVATEDNS: Algorithm = Algorithm(253);
    /// Private algorithm named by an OID (RFC 4034 Appendix A.1.1).
    pub const PRIVATEOID: Algorithm = Algorithm(254);

    /// The mnemonic BIND prints (in `.private` files and reports), if the number has one.
    pub fn mnemonic(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "RSAMD5",
            2 => "DH",
            3 => "DSA",
            5 => "RSASHA1",
            6 => "NSEC3DSA",
            7 => "NSEC3RSASHA1",
            8 => "RSASHA256",
            10 => "RSASHA512",
            12 => "ECCGOST",
            13 => "ECDSAP256SHA256",
            14 => "ECDSAP384SHA384",
            15 => "ED25519",
            16 => "ED448",
            252 => "INDIRECT",
            253 => "PRIVATEDNS",
            254 => "PRIVATEOID",
            _ => return None,
        })
    }

    /// Parses a `-a` argument as BIND's tools do (docs/bind-compat.md,
    /// "algorithms, digests and key sizes"): a mnemonic or alias in any case, or a decimal
    /// number. Known but unusable algorithms are `Unsupported`.
    pub fn parse_for_keygen(text: &str) -> Result<Algorithm, AlgorithmError> {
        let alg =
            Algorithm::from_text(text).ok_or_else(|| AlgorithmError::Unknown(text.to_string()))?;
        if alg.bind_supports() {
            Ok(alg)
        } else {
            Err(AlgorithmError::Unsupported(text.to_string()))
        }
    }

    /// True for the algorithms BIND's tools will make or load keys of (docs/bind-compat.md,
    /// "algorithms, digests and key sizes"): DH, the RSA/SHA family, ECDSA and EdDSA. Others
    /// (RSAMD5, DSA, GOST, private and unassigned numbers) are `unsupported` both as `-a`
    /// arguments and in key files.
    pub fn bind_supports(self) -> bool {
        matches!(self.0, 2 | 5 | 7 | 8 | 10 | 13 | 14 | 15 | 16)
    }

    /// Reads a mnemonic (with BIND's aliases `ECDSA256`, `ECDSA384`) or a number 0-255.
    pub fn from_text(text: &str) -> Option<Algorithm> {
        let upper = text.to_ascii_uppercase();
        let alias = match upper.as_str() {
            "ECDSA256" => Some(Algorithm::ECDSAP256SHA256),
            "ECDSA384" => Some(Algorithm::ECDSAP384SHA384),
            _ => None,
        };
        if alias.is_some() {
            return alias;
        }
        if let Some(n) = (0..=255u8).find(|&n| Algorithm(n).mnemonic() == Some(upper.as_str())) {
            return Some(Algorithm(n));
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse::<u8>().ok().map(Algorithm);
        }
        None
    }

    /// What this kit can do with the algorithm: make keys, sign and verify for 5, 7, 8, 10,
    /// 13, 14, 15 and 16, as BIND 9.18 does (docs/bind-compat.md, "keys and crypto: Ed448
    /// and RSA sizes"); nothing for the rest.
    pub fn capability(self) -> Capability {
        match self.0 {
            5 | 7 | 8 | 10 | 13 | 14 | 15 | 16 => Capability::Sign,
            _ => Capability::Unsupported,
        }
    }

    /// True for the algorithms BIND warns about when asked to make a key (RFC 8624
    /// section 3.1 marks RSASHA1 "NOT RECOMMENDED" for signing).
    pub fn is_deprecated(self) -> bool {
        matches!(self.0, 5 | 7)
    }

    /// True for RSA algorithms, whose keys carry a size and whose `.private` lists the RSA
    /// components (RFC 3110 section 2).
    pub fn is_rsa(self) -> bool {
        matches!(self.0, 1 | 5 | 7 | 8 | 10)
    }

    /// True when the algorithm may be used in an NSEC3 zone (RFC 5155 section 2: the
    /// pre-NSEC3 numbers 1, 3 and 5 are NSEC only).
    pub fn supports_nsec3(self) -> bool {
        !matches!(self.0, 1 | 3 | 5)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mnemonic() {
            Some(m) => f.write_str(m),
            None => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Algorithm({})", self.0)
    }
}

/// A DS digest type (RFC 4034 section 5.1.3; SHA-256 from RFC 4509, SHA-384 from RFC 6605).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct DigestType(pub u8);

/// Why a digest type argument was refused (docs/bind-compat.md,
/// "algorithms, digests and key sizes").
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DigestError {
    /// Not a digest BIND knows: `unknown DS algorithm X`.
    Unknown(String),
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestError::Unknown(s) => write!(f, "unknown DS algorithm {s}"),
        }
    }
}

impl std::error::Error for DigestError {}

impl DigestType {
    /// SHA-1 (RFC 4034 section 5.1.4).
    pub const SHA1: DigestType = DigestType(1);
    /// SHA-256 (RFC 4509).
    pub const SHA256: DigestType = DigestType(2);
    /// GOST R 34.11-94 (RFC 5933): recognised, never computed.
    pub const GOST: DigestType = DigestType(3);
    /// SHA-384 (RFC 6605 section 2).
    pub const SHA384: DigestType = DigestType(4);

    /// Parses `SHA-1`/`SHA1`/`1`, `SHA-256`/`SHA256`/`2`, `GOST`/`3` and `SHA-384`/`SHA384`/`4`,
    /// case-insensitively, as dsfromkey and cds do.
    pub fn parse(text: &str) -> Result<DigestType, DigestError> {
        match text.to_ascii_uppercase().as_str() {
            "SHA-1" | "SHA1" | "1" => Ok(DigestType::SHA1),
            "SHA-256" | "SHA256" | "2" => Ok(DigestType::SHA256),
            "GOST" | "3" => Ok(DigestType::GOST),
            "SHA-384" | "SHA384" | "4" => Ok(DigestType::SHA384),
            _ => Err(DigestError::Unknown(text.to_string())),
        }
    }

    /// The digest length in octets, for the types that can be computed here.
    pub fn digest_len(self) -> Option<usize> {
        match self.0 {
            1 => Some(20),
            2 => Some(32),
            4 => Some(48),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keygen_parsing_matches_bind() {
        assert_eq!(
            Algorithm::parse_for_keygen("ecdsa256"),
            Ok(Algorithm::ECDSAP256SHA256)
        );
        assert_eq!(Algorithm::parse_for_keygen("Ed448"), Ok(Algorithm::ED448));
        assert_eq!(
            Algorithm::parse_for_keygen("13"),
            Ok(Algorithm::ECDSAP256SHA256)
        );
        assert_eq!(
            Algorithm::parse_for_keygen("DSA"),
            Err(AlgorithmError::Unsupported("DSA".into()))
        );
        assert_eq!(
            Algorithm::parse_for_keygen("99"),
            Err(AlgorithmError::Unsupported("99".into()))
        );
        assert_eq!(
            Algorithm::parse_for_keygen("0"),
            Err(AlgorithmError::Unsupported("0".into()))
        );
        assert_eq!(
            Algorithm::parse_for_keygen("256"),
            Err(AlgorithmError::Unknown("256".into()))
        );
        assert_eq!(
            Algorithm::parse_for_keygen("FOO").unwrap_err().to_string(),
            "unknown algorithm FOO"
        );
        assert_eq!(
            Algorithm::parse_for_keygen("PRIVATEOID")
                .unwrap_err()
                .to_string(),
            "unsupported algorithm: PRIVATEOID"
        );
    }

    #[test]
    fn digest_parsing() {
        assert_eq!(DigestType::parse("sha-384"), Ok(DigestType::SHA384));
        assert_eq!(DigestType::parse("2"), Ok(DigestType::SHA256));
        assert_eq!(DigestType::parse("gost"), Ok(DigestType::GOST));
        assert_eq!(
            DigestType::parse("SHA-512").unwrap_err().to_string(),
            "unknown DS algorithm SHA-512"
        );
        assert_eq!(DigestType::GOST.digest_len(), None);
    }
}
