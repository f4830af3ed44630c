//! The one table: for each record type, the field kinds its rdata is made of. Types not
//! listed are only read and written in the generic form of RFC 3597 section 5.

use super::kinds::Field;
use super::kinds::Field::*;
use crate::rr::RrType;

const LC: Field = Name { lowercase: true };
const NAME: Field = Name { lowercase: false };
const B64: Field = Base64 {
    may_be_empty: false,
};

/// The field layout `rtype` is read with in text: its [`layout`], or for KEYDATA (65533),
/// which BIND reads by its fields but prints only generically, the three timer times and a
/// DNSKEY's fields (docs/bind-compat.md, "zone reader: KEYDATA"); for TKEY (249, RFC 2930
/// section 2), a meta type BIND's signer still reads by its fields, then cannot sign
/// (docs/bind-compat.md, "zone reader: TKEY").
pub(crate) fn text_layout(rtype: RrType) -> Option<&'static [Field]> {
    match rtype.0 {
        249 => Some(&[NAME, U32, U32, U16, TsigError, SizedBase64, SizedBase64]),
        65533 => Some(&[
            Timestamp, Timestamp, Timestamp, KeyFlags, U8, Algorithm, B64,
        ]),
        _ => layout(rtype),
    }
}

/// The field layout of `rtype`, or `None` when the kit only knows it generically.
///
/// Sources: RFC 1035 section 3.3 (A..TXT), RFC 1183 (RP, AFSDB, X25), RFC 2163 (PX),
/// RFC 3596 (AAAA), RFC 1876 (LOC), RFC 2782 (SRV), RFC 3403 (NAPTR), RFC 2230 (KX),
/// RFC 4398 (CERT), RFC 6672 (DNAME), RFC 3123 (APL), RFC 4034 (DS, RRSIG, NSEC, DNSKEY),
/// RFC 4255 (SSHFP), RFC 4025 (IPSECKEY), RFC 4701 (DHCID), RFC 5155 (NSEC3, NSEC3PARAM),
/// RFC 6698 (TLSA), RFC 8162 (SMIMEA), RFC 8005 (HIP), RFC 7344 (CDS, CDNSKEY), RFC 7929
/// (OPENPGPKEY), RFC 7477 (CSYNC), RFC 8976 (ZONEMD), RFC 9460 (SVCB, HTTPS), RFC 7208
/// (SPF), RFC 6742 (NID, L32, L64, LP), RFC 7043 (EUI48, EUI64), RFC 7553 (URI), RFC 8659
/// (CAA), RFC 2535 (KEY, SIG), RFC 1035 (MINFO, MB, MG, MR, MD, MF), RFC 1183 (RT, ISDN),
/// RFC 1706 (NSAP, NSAP-PTR), RFC 1712 (GPOS), RFC 1035 section 3.4.2 (WKS), RFC 2535
/// (NXT), RFC 2874 (A6), RFC 8777 (AMTRELAY), RFC 9859 (DSYNC), RFC 9886 (HHIT, BRID); the
/// IANA registry's templates for EID, NIMLOC, ATMA, SINK, NINFO, RKEY, TALINK, AVC, DOA,
/// RESINFO (RFC 9606) and WALLET (docs/bind-compat.md, "zone reader: record types").
pub(crate) fn layout(rtype: RrType) -> Option<&'static [Field]> {
    let fields: &'static [Field] = match rtype.0 {
        1 => &[Ipv4],                                                      // A
        11 => &[Ipv4, Wks],                                                // WKS
        30 => &[LC, NxtBitmap],      // NXT (RFC 4034 6.2 lowercases)
        31 | 32 => &[Hex],           // EID NIMLOC
        34 => &[Atma],               // ATMA
        38 => &[A6Suffix, A6Prefix], // A6
        40 => &[U8, U8, U8, OptionalBase64 { dash: false }], // SINK
        56 | 258 | 261 | 262 => &[CharStrings], // NINFO AVC RESINFO WALLET
        57 => &[RkeyFlags, U8, Algorithm, B64], // RKEY
        58 => &[NAME, NAME],         // TALINK
        66 => &[TypeOrNumber, DsyncScheme, U16, NAME], // DSYNC
        67 | 68 => &[B64],           // HHIT BRID
        259 => &[U32, U32, U8, CharString, OptionalBase64 { dash: true }], // DOA
        260 => &[U8, AmtRelayType, AmtRelay], // AMTRELAY
        2..=5 | 7..=9 | 12 => &[LC], // NS MD MF CNAME MB MG MR PTR
        6 => &[LC, LC, U32, Period, Period, Period, Period], // SOA
        13 => &[CharString, CharString], // HINFO
        14 | 17 => &[LC, LC],        // MINFO RP
        15 | 18 | 21 | 36 => &[U16, LC], // MX AFSDB RT KX
        16 | 99 => &[CharStrings],   // TXT SPF
        19 => &[CharString],         // X25
        20 => &[CharString, OptionalCharString], // ISDN
        22 => &[Nsap],               // NSAP
        // BIND's canonical form lowercases the NSAP-PTR target (its digest lowercases every
        // embedded name of this type), so ours does too, or its signatures would not match.
        23 => &[LC],                                                          // NSAP-PTR
        27 => &[CharString, CharString, CharString],                          // GPOS
        24 | 46 => &[TypeCode, Algorithm, U8, U32, Time, Time, U16, LC, B64], // SIG RRSIG
        25 | 48 | 60 => &[KeyFlags, U8, Algorithm, B64],                      // KEY DNSKEY CDNSKEY
        26 => &[U16, LC, LC],                                                 // PX
        28 => &[Ipv6],                                                        // AAAA
        29 => &[Loc],                                                         // LOC
        33 => &[U16, U16, U16, LC],                                           // SRV
        35 => &[U16, U16, CharString, CharString, CharString, LC],            // NAPTR
        37 => &[CertType, U16, AlgorithmMnemonic, B64],                       // CERT
        39 => &[LC],                                                          // DNAME
        42 => &[Apl],                                                         // APL
        43 | 59 | 32768 | 32769 => &[U16, Algorithm, U8, Hex],                // DS CDS TA DLV
        44 => &[U8, U8, Hex],                                                 // SSHFP
        45 => &[U8, U8, U8, IpseckeyGateway, Base64 { may_be_empty: true }],  // IPSECKEY
        47 => &[NAME, TypeBitmap],                                            // NSEC (RFC 6840 5.1)
        49 | 61 => &[B64],                                                    // DHCID OPENPGPKEY
        50 => &[U8, U8, U16, HexWithLength, Base32WithLength, TypeBitmap],    // NSEC3
        51 => &[U8, U8, U16, HexWithLength],                                  // NSEC3PARAM
        52 | 53 => &[U8, U8, U8, Hex],                                        // TLSA SMIMEA
        55 => &[Hip],                                                         // HIP
        62 => &[U32, U16, TypeBitmap],                                        // CSYNC
        63 => &[U32, U8, U8, Hex],                                            // ZONEMD
        64 | 65 => &[U16, NAME, SvcParams],                                   // SVCB HTTPS
        104 | 106 => &[U16, Ilnp64],                                          // NID L64
        105 => &[U16, Ipv4],                                                  // L32
        107 => &[U16, NAME],                                                  // LP
        108 => &[Eui48],                                                      // EUI48
        109 => &[Eui64],                                                      // EUI64
        256 => &[U16, U16, StringToEnd],                                      // URI
        257 => &[U8, CaaTag, StringToEnd],                                    // CAA
        _ => return None,
    };
    Some(fields)
}

/// True when canonical form lowercases some embedded name of `rtype` (RFC 4034 section
/// 6.2 with RFC 6840 section 5.1).
pub(crate) fn has_lowercased_names(rtype: RrType) -> bool {
    layout(rtype).is_some_and(|f| f.iter().any(|k| k.is_lowercased_name()))
}
