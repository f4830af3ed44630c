//! Resource record types (RFC 1035 section 3.2.2 and the IANA registry), with the mnemonics
//! BIND prints and the generic `TYPEnnn` form of RFC 3597 section 5.

use std::fmt;

/// A record type code. Unknown codes are kept as numbers and printed as `TYPEnnn`
/// (RFC 3597 section 5).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RrType(pub u16);

macro_rules! rr_types {
    ($($name:ident = $code:expr, $text:expr;)*) => {
        impl RrType {
            $(
                #[doc = concat!("The ", $text, " record type (IANA code ", stringify!($code), ").")]
                pub const $name: RrType = RrType($code);
            )*
        }
        /// Mnemonics in IANA code order, as BIND spells them.
        const MNEMONICS: &[(u16, &str)] = &[$(($code, $text)),*];
    };
}

/// Types BIND 9.18 reads by name but prints as `TYPEnnn`: its private KEYDATA (65533),
/// which holds a managed key and its timers (docs/bind-compat.md, "zone reader: KEYDATA").
const READ_ONLY_MNEMONICS: &[(u16, &str)] = &[(65533, "KEYDATA")];

rr_types! {
    A = 1, "A";
    NS = 2, "NS";
    MD = 3, "MD";
    MF = 4, "MF";
    CNAME = 5, "CNAME";
    SOA = 6, "SOA";
    MB = 7, "MB";
    MG = 8, "MG";
    MR = 9, "MR";
    NULL = 10, "NULL";
    WKS = 11, "WKS";
    PTR = 12, "PTR";
    HINFO = 13, "HINFO";
    MINFO = 14, "MINFO";
    MX = 15, "MX";
    TXT = 16, "TXT";
    RP = 17, "RP";
    AFSDB = 18, "AFSDB";
    X25 = 19, "X25";
    ISDN = 20, "ISDN";
    RT = 21, "RT";
    NSAP = 22, "NSAP";
    NSAP_PTR = 23, "NSAP-PTR";
    SIG = 24, "SIG";
    KEY = 25, "KEY";
    PX = 26, "PX";
    GPOS = 27, "GPOS";
    AAAA = 28, "AAAA";
    LOC = 29, "LOC";
    NXT = 30, "NXT";
    EID = 31, "EID";
    NIMLOC = 32, "NIMLOC";
    SRV = 33, "SRV";
    ATMA = 34, "ATMA";
    NAPTR = 35, "NAPTR";
    KX = 36, "KX";
    CERT = 37, "CERT";
    A6 = 38, "A6";
    DNAME = 39, "DNAME";
    SINK = 40, "SINK";
    OPT = 41, "OPT";
    APL = 42, "APL";
    DS = 43, "DS";
    SSHFP = 44, "SSHFP";
    IPSECKEY = 45, "IPSECKEY";
    RRSIG = 46, "RRSIG";
    NSEC = 47, "NSEC";
    DNSKEY = 48, "DNSKEY";
    DHCID = 49, "DHCID";
    NSEC3 = 50, "NSEC3";
    NSEC3PARAM = 51, "NSEC3PARAM";
    TLSA = 52, "TLSA";
    SMIMEA = 53, "SMIMEA";
    HIP = 55, "HIP";
    NINFO = 56, "NINFO";
    RKEY = 57, "RKEY";
    TALINK = 58, "TALINK";
    CDS = 59, "CDS";
    CDNSKEY = 60, "CDNSKEY";
    OPENPGPKEY = 61, "OPENPGPKEY";
    CSYNC = 62, "CSYNC";
    ZONEMD = 63, "ZONEMD";
    SVCB = 64, "SVCB";
    HTTPS = 65, "HTTPS";
    DSYNC = 66, "DSYNC";
    HHIT = 67, "HHIT";
    BRID = 68, "BRID";
    SPF = 99, "SPF";
    UINFO = 100, "UINFO";
    UID = 101, "UID";
    GID = 102, "GID";
    UNSPEC = 103, "UNSPEC";
    NID = 104, "NID";
    L32 = 105, "L32";
    L64 = 106, "L64";
    LP = 107, "LP";
    EUI48 = 108, "EUI48";
    EUI64 = 109, "EUI64";
    TKEY = 249, "TKEY";
    TSIG = 250, "TSIG";
    IXFR = 251, "IXFR";
    AXFR = 252, "AXFR";
    MAILB = 253, "MAILB";
    MAILA = 254, "MAILA";
    ANY = 255, "ANY";
    URI = 256, "URI";
    CAA = 257, "CAA";
    AVC = 258, "AVC";
    DOA = 259, "DOA";
    AMTRELAY = 260, "AMTRELAY";
    RESINFO = 261, "RESINFO";
    WALLET = 262, "WALLET";
    TA = 32768, "TA";
    DLV = 32769, "DLV";
}

impl RrType {
    /// Parses a mnemonic (case-insensitive) or the RFC 3597 `TYPEnnn` form.
    pub fn from_mnemonic(text: &str) -> Option<RrType> {
        if let Some(&(code, _)) = MNEMONICS
            .iter()
            .chain(READ_ONLY_MNEMONICS)
            .find(|(_, m)| m.eq_ignore_ascii_case(text))
        {
            return Some(RrType(code));
        }
        let digits = text
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("TYPE"))
            .map(|_| &text[4..])?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<u16>().ok().map(RrType)
    }

    /// The mnemonic, when the type has one.
    pub fn mnemonic(self) -> Option<&'static str> {
        MNEMONICS
            .binary_search_by_key(&self.0, |&(c, _)| c)
            .ok()
            .map(|i| MNEMONICS[i].1)
    }

    /// True for the meta and question-only types that never appear in zone data
    /// (RFC 6895 section 3.1).
    pub fn is_meta(self) -> bool {
        matches!(self.0, 41 | 128..=255)
    }
}

impl fmt::Display for RrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mnemonic() {
            Some(m) => f.write_str(m),
            None => write!(f, "TYPE{}", self.0),
        }
    }
}

impl fmt::Debug for RrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_round_trip() {
        for &(code, text) in MNEMONICS {
            assert_eq!(RrType::from_mnemonic(text), Some(RrType(code)));
            assert_eq!(RrType(code).to_string(), text);
        }
        assert!(
            MNEMONICS.windows(2).all(|w| w[0].0 < w[1].0),
            "table must stay sorted"
        );
    }

    #[test]
    fn generic_form() {
        assert_eq!(RrType::from_mnemonic("type65534"), Some(RrType(65534)));
        assert_eq!(RrType::from_mnemonic("TYPE1"), Some(RrType::A));
        assert_eq!(RrType(65534).to_string(), "TYPE65534");
        assert_eq!(RrType::from_mnemonic("TYPE"), None);
        assert_eq!(RrType::from_mnemonic("TYPE70000"), None);
        assert_eq!(RrType::from_mnemonic("bogus"), None);
        assert_eq!(RrType::from_mnemonic("dnskey"), Some(RrType::DNSKEY));
    }
}
