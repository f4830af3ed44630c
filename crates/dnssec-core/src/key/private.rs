//! BIND's `.private` file (docs/bind-compat.md, "key files: .private"):
//! `Private-key-format: vM.N`, the algorithm, the key material (or `External:`), then in v1.3
//! and later the metadata in a fixed order.
//!
//! Reading rules, checked against `dnssec-settime` 9.18: a line is a tag token ending in
//! `:` and a value token, separated by blanks; tags are case-insensitive; the last of a
//! repeated tag wins; blank lines are skipped; anything unknown (including `;` comments)
//! makes the key invalid; a bad date is a `syntax error`; bad base64 is `bad base64
//! encoding`; a major version other than 1 is invalid. Which minor versions a tool accepts
//! for rewriting is the tool's decision (see [`FormatVersion`]).

use super::error::KeyError;
use super::timing::{KeyTiming, TimeField};
use crate::algorithm::Algorithm;
use crate::crypto::{DhFields, PrivateFields, RsaFields};
use crate::encoding;
use crate::time::{format_timestamp, parse_key_timestamp, StampError};

/// The `Private-key-format` version (docs/bind-compat.md, "key files: .private"): v1.2 has no
/// metadata, v1.3 is what BIND 9.18 writes, later v1.x are readable but tools refuse to rewrite
/// them without `-f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FormatVersion {
    /// Major version; only 1 is accepted.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl FormatVersion {
    /// v1.2, written by `keygen -C`.
    pub const V1_2: FormatVersion = FormatVersion { major: 1, minor: 2 };
    /// v1.3, BIND 9.18's current format.
    pub const V1_3: FormatVersion = FormatVersion { major: 1, minor: 3 };

    /// True when metadata (times, predecessor, ...) is stored (v1.3 and later).
    pub fn has_metadata(self) -> bool {
        self >= FormatVersion::V1_3
    }
}

impl std::fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// What a `.private` file holds in place of key material.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrivateMaterial {
    /// The key material fields.
    Fields(PrivateFields),
    /// `External:`: a key made by importkey, with no private half (docs/bind-compat.md,
    /// "importkey").
    External,
}

/// The contents of a `.private` file (docs/bind-compat.md, "key files: .private").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivateFile {
    /// The format version.
    pub version: FormatVersion,
    /// The algorithm number from the `Algorithm:` line.
    pub algorithm: Algorithm,
    /// The key material or `External:`.
    pub material: PrivateMaterial,
    /// `Engine:` (OpenSSL engine name; EDGE), decoded.
    pub engine: Option<Vec<u8>>,
    /// `Label:` (engine key label; EDGE), decoded.
    pub label: Option<Vec<u8>>,
    /// The metadata. `ds_delete` is never stored here (docs/bind-compat.md, "quirks" item 4).
    pub timing: KeyTiming,
}

const RSA_TAGS: [&str; 8] = [
    "Modulus",
    "PublicExponent",
    "PrivateExponent",
    "Prime1",
    "Prime2",
    "Exponent1",
    "Exponent2",
    "Coefficient",
];
const DH_TAGS: [&str; 4] = [
    "Prime(p)",
    "Generator(g)",
    "Private_value(x)",
    "Public_value(y)",
];
const NUMBER_TAGS: [&str; 4] = ["Predecessor", "Successor", "MaxTTL", "RollPeriod"];

fn material_tags(algorithm: Algorithm) -> &'static [&'static str] {
    match algorithm.0 {
        1 | 5 | 7 | 8 | 10 => &RSA_TAGS,
        2 => &DH_TAGS,
        13..=16 => &["PrivateKey"],
        _ => &[],
    }
}

fn decode_b64(value: &str) -> Result<Vec<u8>, KeyError> {
    encoding::base64_decode(value.as_bytes()).ok_or(KeyError::BadBase64)
}

fn encode_b64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    encoding::base64_encode(data, &mut out);
    out
}

/// Reads a `.private` file's text (docs/bind-compat.md, "key files: .private"). Every error
/// names the line and the tag it was found at ([`KeyError::At`]; the loader adds the file name).
pub fn parse_private(text: &str) -> Result<PrivateFile, KeyError> {
    let total = text.lines().count();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l.split_ascii_whitespace()));
    // A required header line that is absent, or wrong, is reported at the line where it
    // should have been.
    let invalid_at = |line: usize, field: &str| {
        KeyError::at_line(KeyError::PrivateKeyInvalid, line, Some(field))
    };
    let version = {
        let (n, mut first) = lines
            .next()
            .ok_or_else(|| invalid_at(total.max(1), "Private-key-format"))?;
        let tag = first.next().unwrap_or_default();
        if !tag.eq_ignore_ascii_case("Private-key-format:") {
            return Err(invalid_at(n, "Private-key-format"));
        }
        parse_version(first.next().unwrap_or_default())
            .map_err(|e| KeyError::at_line(e, n, Some("Private-key-format")))?
    };
    let algorithm = {
        let (n, mut second) = lines
            .next()
            .ok_or_else(|| invalid_at(total.max(1), "Algorithm"))?;
        let tag = second.next().unwrap_or_default();
        if !tag.eq_ignore_ascii_case("Algorithm:") {
            return Err(invalid_at(n, "Algorithm"));
        }
        let number = second.next().unwrap_or_default();
        Algorithm(
            number
                .parse::<u8>()
                .map_err(|_| invalid_at(n, "Algorithm"))?,
        )
    };
    let wanted = material_tags(algorithm);
    let mut material: Vec<Option<Vec<u8>>> = vec![None; wanted.len()];
    let mut external = false;
    let mut engine = None;
    let mut label = None;
    let mut timing = KeyTiming::default();
    for (n, mut tokens) in lines {
        let Some(raw_tag) = tokens.next() else {
            continue;
        };
        let Some(tag) = raw_tag.strip_suffix(':') else {
            // Not a `Tag:` at all: name the first token (bounded, it may be anything).
            let shown: String = raw_tag.chars().take(40).collect();
            return Err(KeyError::at_line(
                KeyError::PrivateKeyInvalid,
                n,
                Some(&shown),
            ));
        };
        let at = |e: KeyError| KeyError::at_line(e, n, Some(tag));
        let value = tokens.next();
        if tag.eq_ignore_ascii_case("External") {
            external = true;
            continue;
        }
        let value = value.ok_or_else(|| at(KeyError::PrivateKeyInvalid))?;
        if let Some(i) = wanted.iter().position(|w| w.eq_ignore_ascii_case(tag)) {
            let decoded = decode_b64(value).map_err(at)?;
            // BIND reads an RSA modulus into room for 4096 bits and no more.
            if wanted == RSA_TAGS && i == 0 && decoded.len() > 512 {
                return Err(KeyError::NoSpace);
            }
            material[i] = Some(decoded);
        } else if tag.eq_ignore_ascii_case("Engine") {
            engine = Some(decode_b64(value).map_err(at)?);
        } else if tag.eq_ignore_ascii_case("Label") {
            label = Some(decode_b64(value).map_err(at)?);
        } else if let Some(&field) = TimeField::PRIVATE_TAGS
            .iter()
            .find(|f| f.tag().eq_ignore_ascii_case(tag))
        {
            let time = parse_key_timestamp(value).map_err(|e| {
                at(match e {
                    StampError::Syntax => KeyError::Syntax,
                    StampError::OutOfRange => KeyError::OutOfRange,
                })
            })?;
            timing.set(field, Some(time));
        } else if let Some(i) = NUMBER_TAGS.iter().position(|t| t.eq_ignore_ascii_case(tag)) {
            let n: u32 = value.parse().map_err(|_| at(KeyError::PrivateKeyInvalid))?;
            match i {
                0 => {
                    timing.predecessor =
                        Some(u16::try_from(n).map_err(|_| at(KeyError::PrivateKeyInvalid))?)
                }
                1 => {
                    timing.successor =
                        Some(u16::try_from(n).map_err(|_| at(KeyError::PrivateKeyInvalid))?)
                }
                2 => timing.max_ttl = Some(n),
                _ => timing.roll_period = Some(n),
            }
        } else {
            return Err(at(KeyError::PrivateKeyInvalid));
        }
    }
    let material = if external {
        PrivateMaterial::External
    } else {
        if let Some(i) = material.iter().position(Option::is_none) {
            // A missing component is reported at the end of the file, under its tag.
            return Err(invalid_at(total.max(1), wanted[i]));
        }
        let values: Vec<Vec<u8>> = material.into_iter().flatten().collect();
        PrivateMaterial::Fields(
            fields_from_values(algorithm, values)
                .map_err(|e| KeyError::at_line(e, total.max(1), Some("Algorithm")))?,
        )
    };
    Ok(PrivateFile {
        version,
        algorithm,
        material,
        engine,
        label,
        timing,
    })
}

fn parse_version(text: &str) -> Result<FormatVersion, KeyError> {
    let rest = text.strip_prefix('v').ok_or(KeyError::PrivateKeyInvalid)?;
    let (major, minor) = rest.split_once('.').ok_or(KeyError::PrivateKeyInvalid)?;
    let major: u32 = major.parse().map_err(|_| KeyError::PrivateKeyInvalid)?;
    let minor: u32 = minor.parse().map_err(|_| KeyError::PrivateKeyInvalid)?;
    if major != 1 {
        return Err(KeyError::PrivateKeyInvalid);
    }
    Ok(FormatVersion { major, minor })
}

fn fields_from_values(
    algorithm: Algorithm,
    values: Vec<Vec<u8>>,
) -> Result<PrivateFields, KeyError> {
    let mut it = values.into_iter();
    let mut next = || it.next().ok_or(KeyError::PrivateKeyInvalid);
    Ok(match algorithm.0 {
        1 | 5 | 7 | 8 | 10 => PrivateFields::Rsa(
            RsaFields::from_ordered(|| next().ok()).ok_or(KeyError::PrivateKeyInvalid)?,
        ),
        2 => PrivateFields::Dh(DhFields {
            prime: next()?,
            generator: next()?,
            private_value: next()?,
            public_value: next()?,
        }),
        13..=16 => PrivateFields::PrivateKey(next()?),
        _ => return Err(KeyError::PrivateKeyInvalid),
    })
}

/// Writes a `.private` file's text in BIND's order (docs/bind-compat.md,
/// "key files: .private"). Metadata is written only for v1.3 and later; the DS delete time
/// never is.
pub(super) fn write_private(file: &PrivateFile) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(&format!("Private-key-format: v{}\n", file.version));
    let mnemonic = file.algorithm.mnemonic().unwrap_or("?");
    out.push_str(&format!("Algorithm: {} ({mnemonic})\n", file.algorithm.0));
    let mut line = |tag: &str, data: &[u8]| out.push_str(&format!("{tag}: {}\n", encode_b64(data)));
    match &file.material {
        PrivateMaterial::External => {}
        PrivateMaterial::Fields(PrivateFields::Rsa(r)) => {
            let values = [
                &r.modulus,
                &r.public_exponent,
                &r.private_exponent,
                &r.prime1,
                &r.prime2,
                &r.exponent1,
                &r.exponent2,
                &r.coefficient,
            ];
            for (tag, value) in RSA_TAGS.iter().zip(values) {
                line(tag, value);
            }
        }
        PrivateMaterial::Fields(PrivateFields::Dh(d)) => {
            for (tag, value) in
                DH_TAGS
                    .iter()
                    .zip([&d.prime, &d.generator, &d.private_value, &d.public_value])
            {
                line(tag, value);
            }
        }
        PrivateMaterial::Fields(PrivateFields::PrivateKey(k)) => line("PrivateKey", k),
    }
    if let Some(e) = &file.engine {
        line("Engine", e);
    }
    if let Some(l) = &file.label {
        line("Label", l);
    }
    if file.material == PrivateMaterial::External {
        out.push_str("External:\n");
    }
    if !file.version.has_metadata() {
        return out;
    }
    let t = &file.timing;
    let numbers = [
        t.predecessor.map(u32::from),
        t.successor.map(u32::from),
        t.max_ttl,
        t.roll_period,
    ];
    for (tag, value) in NUMBER_TAGS.iter().zip(numbers) {
        if let Some(v) = value {
            out.push_str(&format!("{tag}: {v}\n"));
        }
    }
    for field in TimeField::PRIVATE_TAGS {
        if let Some(v) = t.get(field) {
            out.push_str(&format!("{}: {}\n", field.tag(), format_timestamp(v)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_util::sample_key_file as sample;

    #[test]
    fn bind_samples_round_trip_byte_for_byte() {
        let names = [
            "dh.private",
            "ecdsap384.private",
            "ed448.private",
            "importkey-with-times.private",
            "legacy-v1.2-keygen-C.private",
            "revoked.private",
            "rsasha256.private",
            "settime-all-times.private",
        ];
        for name in names {
            let text = sample(name);
            let parsed = parse_private(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(write_private(&parsed), text, "{name}");
        }
    }

    const ECDSA: &str = "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nPrivateKey: nocSJTN2HVxczQIwPb/ZO/IUJxGPjEOB1DBol21UK6s=\nCreated: 20261124044158\nPublish: 20261124044158\nActivate: 20261124044158\n";

    fn with(edit: impl Fn(&str) -> String) -> Result<PrivateFile, KeyError> {
        parse_private(&edit(ECDSA))
    }

    #[test]
    fn reader_rules_match_bind() {
        let base = parse_private(ECDSA).unwrap();
        assert_eq!(base.version, FormatVersion::V1_3);
        assert_eq!(base.algorithm, Algorithm::ECDSAP256SHA256);
        assert_eq!(
            base.timing.publish,
            Some(crate::time::UnixTime(1_795_495_318))
        );
        // tags are case-insensitive, extra blanks and CRLF are fine, the last repeat wins
        assert_eq!(with(|s| s.replace("Publish", "publish")).unwrap(), base);
        assert_eq!(
            with(|s| s.replace("PrivateKey", "PRIVATEKEY")).unwrap(),
            base
        );
        assert_eq!(
            with(|s| s.replace("Publish: ", "Publish:\t ")).unwrap(),
            base
        );
        assert_eq!(with(|s| s.replace('\n', "\r\n")).unwrap(), base);
        assert_eq!(with(|s| format!("{s}\n\n")).unwrap(), base);
        assert_eq!(
            with(|s| s.replace("\nCreated", "\nPublish: 20300101000000\nCreated")).unwrap(),
            base
        );
        assert_eq!(with(|s| s.replace(" (ECDSAP256SHA256)", "")).unwrap(), base);
        let more = with(|s| {
            format!("{s}Predecessor: 1234\nSuccessor: 4321\nMaxTTL: 3600\nRollPeriod: 100\n")
        })
        .unwrap();
        assert_eq!(
            (more.timing.predecessor, more.timing.successor),
            (Some(1234), Some(4321))
        );
        assert_eq!(
            (more.timing.max_ttl, more.timing.roll_period),
            (Some(3600), Some(100))
        );
        assert_eq!(
            with(|s| s.replace("v1.3", "v1.4")).unwrap().version,
            FormatVersion { major: 1, minor: 4 }
        );
        assert_eq!(
            with(|s| s.replace("v1.3", "v1.2")).unwrap().version,
            FormatVersion::V1_2
        );

        let err = |edit: &dyn Fn(&str) -> String| with(edit).unwrap_err().kind().to_string();
        let located = |edit: &dyn Fn(&str) -> String| with(edit).unwrap_err().detail().unwrap();
        // The whole message names the line and the tag.
        assert_eq!(
            located(&|s| s.replace("Publish: 2026", "Publish: x026")),
            "line 5: Publish: syntax error"
        );
        assert_eq!(
            located(&|s| s.replace("Publish: 2026", "Publish: -972113002062")),
            "line 5: Publish: syntax error"
        );
        assert_eq!(
            located(&|s| s.replace("Publish: 2026", "Publish: 1900")),
            "line 5: Publish: out of range"
        );
        assert_eq!(
            located(&|s| s.replace("Publish: 2026", "Publish: 2106")),
            "line 5: Publish: out of range"
        );
        assert_eq!(
            located(&|s| format!("{s}\nFoo: bar\n")),
            "line 8: Foo: private key is invalid"
        );
        assert_eq!(
            located(&|s| s.replace("Algorithm: 13", "Algorithm: x")),
            "line 2: Algorithm: private key is invalid"
        );
        assert_eq!(
            located(&|s| s.replace("PrivateKey: ", "PrivateKey: !")),
            "line 3: PrivateKey: bad base64 encoding"
        );
        assert_eq!(err(&|s| format!("{s}Foo: bar\n")), "private key is invalid");
        assert_eq!(
            err(&|s| format!("{s}; comment\n")),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| format!("{s}Lifetime: 5\n")),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| format!("{s}DSRemoved: 20300101000000\n")),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| format!("{s}Successor: abc\n")),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| s.replace("v1.3", "v2.0")),
            "private key is invalid"
        );
        assert_eq!(err(&|s| s.replace("v1.3", "1.3")), "private key is invalid");
        assert_eq!(
            err(&|s| s.replace("PrivateKey: ", "PrivateKey:")),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| s
                .lines()
                .filter(|l| !l.starts_with("PrivateKey"))
                .map(|l| format!("{l}\n"))
                .collect()),
            "private key is invalid"
        );
        assert_eq!(
            err(&|s| s.replace("PrivateKey: ", "PrivateKey: !")),
            "bad base64 encoding"
        );
        assert_eq!(err(&|s| format!("{s}Engine: x\n")), "bad base64 encoding");
        assert_eq!(
            err(&|s| s.replace("Publish: 2026", "Publish: x026")),
            "syntax error"
        );
        assert_eq!(
            err(&|s| s.replace("Publish: 2026", "Publish: 02026")),
            "syntax error"
        );
        assert_eq!(err(&|_| String::new()), "private key is invalid");
    }

    #[test]
    fn writer_orders_metadata_and_skips_it_for_v1_2() {
        let mut file = parse_private(ECDSA).unwrap();
        file.timing.successor = Some(7);
        file.timing.predecessor = Some(9);
        file.timing.ds_delete = Some(crate::time::UnixTime(0));
        file.timing.sync_delete = Some(crate::time::UnixTime(86400));
        let text = write_private(&file);
        let tags: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(
            tags,
            [
                "Private-key-format",
                "Algorithm",
                "PrivateKey",
                "Predecessor",
                "Successor",
                "Created",
                "Publish",
                "Activate",
                "SyncDelete"
            ]
        );
        file.version = FormatVersion::V1_2;
        assert_eq!(write_private(&file).lines().count(), 3);
    }
}
