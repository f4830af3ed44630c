//! The field kinds that rdata is made of. Every record type is described as a list of these
//! (see `table.rs`); the text parser, the printer, the wire checker and the canonical-form
//! rewriter all walk that list, so no type has a parser of its own.

/// One field of an rdata layout. The comment on each variant names the wire form and the
/// presentation form it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// An uncompressed domain name (RFC 1035 section 3.3). `lowercase` marks the names that
    /// RFC 4034 section 6.2 (as amended by RFC 6840 section 5.1) lowercases in canonical form.
    Name {
        /// Lowercased in canonical form.
        lowercase: bool,
    },
    /// An unsigned 8-bit number.
    U8,
    /// An unsigned 16-bit number.
    U16,
    /// An unsigned 32-bit number.
    U32,
    /// A 32-bit time interval that may be written with TTL units (`1h`), as SOA timers are
    /// (RFC 1035 section 3.3.13; BIND accepts units); printed as a number.
    Period,
    /// An IPv4 address, 4 octets (RFC 1035 section 3.4.1).
    Ipv4,
    /// An IPv6 address, 16 octets (RFC 3596 section 2.2).
    Ipv6,
    /// One `<character-string>`: a length octet and up to 255 octets (RFC 1035 section 3.3).
    CharString,
    /// A `<character-string>` that may be left out at the end of the rdata (the ISDN
    /// subaddress, RFC 1183 section 3.2).
    OptionalCharString,
    /// An NSAP address (RFC 1706 section 5): octets written as `0x` and hex digits, with
    /// dots allowed between digits on input.
    Nsap,
    /// One or more `<character-string>`s filling the rest of the rdata (TXT, SPF).
    CharStrings,
    /// Octets filling the rest of the rdata, written as one quoted string (URI target,
    /// RFC 7553 section 4.5; CAA value, RFC 8659 section 4.1.1).
    StringToEnd,
    /// The CAA tag: a length octet and letters/digits, written bare (RFC 8659 section 4.1.1).
    CaaTag,
    /// Base64 data filling the rest of the rdata, possibly split over tokens (RFC 4648).
    Base64 {
        /// Zero octets allowed in wire form (IPSECKEY without a key, RFC 4025 section 2.5);
        /// the text form always needs a token, as BIND's reader does.
        may_be_empty: bool,
    },
    /// Hexadecimal data filling the rest of the rdata, possibly split over tokens.
    Hex,
    /// A length octet and that many octets, written in hex or `-` for none (NSEC3 salt,
    /// RFC 5155 section 3.3).
    HexWithLength,
    /// A length octet and that many octets, written in base32hex without padding (NSEC3 next
    /// hashed owner, RFC 5155 section 3.3).
    Base32WithLength,
    /// The NSEC/NSEC3/CSYNC type bitmap (RFC 4034 section 4.1.2), written as type mnemonics.
    TypeBitmap,
    /// A 32-bit time written as `YYYYMMDDHHMMSS` in UTC or as seconds since the epoch
    /// (RFC 4034 section 3.2).
    Time,
    /// A time in the `YYYYMMDDHHMMSS` form only (no plain number), as BIND reads KEYDATA's
    /// timers (docs/bind-compat.md, "zone reader: KEYDATA").
    Timestamp,
    /// A record type code written as a mnemonic (RFC 4034 section 3.2, type covered).
    TypeCode,
    /// A DNSSEC algorithm octet: a number or mnemonic on input, printed as a number
    /// (RFC 4034 section 5.3 / appendix A.1).
    Algorithm,
    /// A DNSSEC algorithm octet printed as its mnemonic (CERT, RFC 4398 section 2.2).
    AlgorithmMnemonic,
    /// The 16-bit CERT type, printed as its mnemonic when it has one (RFC 4398 section 2.1).
    CertType,
    /// The 16-octet LOC body (RFC 1876 section 2 and 3).
    Loc,
    /// APL items filling the rest of the rdata (RFC 3123 section 4 and 5).
    Apl,
    /// SVCB/HTTPS `key=value` parameters filling the rest of the rdata (RFC 9460 section 2.1).
    SvcParams,
    /// The IPSECKEY gateway, whose form depends on the gateway type octet at rdata offset 1
    /// (RFC 4025 section 2.3 and 2.5).
    IpseckeyGateway,
    /// The HIP body after nothing: HIT and key lengths, algorithm, HIT, key and rendezvous
    /// servers, written as `alg HIT key servers...` (RFC 8005 section 5 and 6).
    Hip,
    /// A 48-bit EUI written as six hex pairs joined by `-` (RFC 7043 section 3).
    Eui48,
    /// A 64-bit EUI written as eight hex pairs joined by `-` (RFC 7043 section 4).
    Eui64,
    /// A 64-bit ILNP locator or node id written as four hex groups joined by `:`
    /// (RFC 6742 section 2.1 and 2.3).
    Ilnp64,
    /// WKS protocol and port bitmap, written as a protocol and a list of ports, each a
    /// number or a name from the system's databases (RFC 1035 section 3.4.2).
    Wks,
    /// The NXT type bitmap of RFC 2535 section 5.2 (types 1 to 127), written as mnemonics.
    NxtBitmap,
    /// The A6 prefix length and address suffix (RFC 2874 section 3.1).
    A6Suffix,
    /// The A6 prefix name, present only when the prefix length is not 0 (RFC 2874 section
    /// 3.1); lowercased in canonical form (RFC 4034 section 6.2).
    A6Prefix,
    /// The ATMA format octet and address: hex (AESA) or `+` and digits (E.164).
    Atma,
    /// The AMTRELAY discovery bit and relay type, written as two numbers (RFC 8777
    /// section 4.2).
    AmtRelayType,
    /// The AMTRELAY relay, whose form depends on the type at rdata offset 1 (RFC 8777
    /// section 4.2.3).
    AmtRelay,
    /// The DSYNC scheme octet, written as its mnemonic when it has one (RFC 9859 section 2).
    DsyncScheme,
    /// DNSKEY/KEY flags (RFC 4034 section 2.1.1, RFC 2535 section 3.1.2): a number, hex
    /// with `0x`, or BIND's mnemonics joined by `|`; printed as a number.
    KeyFlags,
    /// The RKEY flags: 16 bits that must be 0 (BIND refuses others as `FORMERR`).
    RkeyFlags,
    /// A record type written as a mnemonic or a bare number (DSYNC, RFC 9859 section 2).
    TypeOrNumber,
    /// The 16-bit TKEY error (RFC 2930 section 2.6): a number, or one of the DNS and TSIG
    /// rcode mnemonics BIND knows (docs/bind-compat.md, "zone reader: TKEY").
    TsigError,
    /// A 16-bit length written as a number, then exactly that many octets in base64 over
    /// as many tokens as it takes; no token when the length is 0 (TKEY key and other data,
    /// RFC 2930 section 2.7 and 2.8).
    SizedBase64,
    /// Base64 data filling the rest of the rdata that may be empty in text too: nothing
    /// written (SINK) or, with `dash`, a `-` (DOA data).
    OptionalBase64 {
        /// An empty field is written `-`.
        dash: bool,
    },
}

impl Field {
    /// True for the embedded names that canonical form lowercases (RFC 4034 section 6.2,
    /// as amended by RFC 6840 section 5.1).
    pub fn is_lowercased_name(self) -> bool {
        matches!(self, Field::Name { lowercase: true } | Field::A6Prefix)
    }

    /// True for the fields that take every token left in the rdata (a list or data split
    /// over tokens), so that the parser reads until the entry ends.
    pub fn reads_to_end(self) -> bool {
        matches!(
            self,
            Field::CharStrings
                | Field::Base64 { .. }
                | Field::Hex
                | Field::TypeBitmap
                | Field::Loc
                | Field::Apl
                | Field::SvcParams
                | Field::Hip
                | Field::Wks
                | Field::NxtBitmap
                | Field::OptionalBase64 { dash: false }
        )
    }
}
