//! Domain names held in uncompressed wire form (RFC 1035 section 3.1), with the presentation
//! syntax of RFC 1035 section 5.1 and the canonical ordering of RFC 4034 section 6.1.

use std::cmp::Ordering;
use std::fmt;

/// The longest a name may be on the wire, terminal root label included (RFC 1035 section 2.3.4).
pub const MAX_NAME_LEN: usize = 255;
/// The longest a single label may be (RFC 1035 section 2.3.4).
pub const MAX_LABEL_LEN: usize = 63;

/// Why a name could not be built (RFC 1035 section 2.3.4 limits and section 5.1 escapes).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// Two dots in a row, or a leading dot on a name that is not the root.
    EmptyLabel,
    /// A label longer than 63 octets.
    LabelTooLong,
    /// A name longer than 255 octets in wire form.
    NameTooLong,
    /// A backslash escape that is cut off or whose `\DDD` value is above 255.
    BadEscape,
    /// A relative name was given where no origin is known.
    NoOrigin,
    /// Wire data that is not a valid uncompressed name.
    BadWire,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameError::EmptyLabel => "empty label",
            NameError::LabelTooLong => "label too long",
            NameError::NameTooLong => "name too long",
            NameError::BadEscape => "bad escape",
            NameError::NoOrigin => "no origin for relative name",
            NameError::BadWire => "bad name wire format",
        })
    }
}

impl std::error::Error for NameError {}

/// An absolute domain name in uncompressed wire form (RFC 1035 section 3.1).
///
/// Case is preserved as written; equality and ordering follow RFC 4034 section 6.1 and ignore
/// ASCII case, so `Example.COM.` and `example.com.` are the same name.
#[derive(Clone)]
pub struct Name {
    wire: Box<[u8]>,
}

impl Name {
    /// The root name `.` (RFC 1035 section 3.1: a single zero-length label).
    pub fn root() -> Name {
        Name {
            wire: Box::new([0]),
        }
    }

    /// Builds a name from uncompressed wire bytes, checking the label and length limits of
    /// RFC 1035 section 2.3.4. Trailing bytes after the root label are refused.
    pub fn from_wire(wire: &[u8]) -> Result<Name, NameError> {
        let len = wire_name_len(wire)?;
        if len != wire.len() {
            return Err(NameError::BadWire);
        }
        Ok(Name { wire: wire.into() })
    }

    /// Reads one uncompressed name from the front of `data` (RFC 1035 section 3.1) and returns
    /// it with the number of bytes it took.
    pub fn from_wire_prefix(data: &[u8]) -> Result<(Name, usize), NameError> {
        let len = wire_name_len(data)?;
        Ok((
            Name {
                wire: data[..len].into(),
            },
            len,
        ))
    }

    /// Parses the presentation form of RFC 1035 section 5.1: labels separated by dots, `\X`
    /// for a literal character and `\DDD` for a decimal octet. A name without a trailing dot
    /// is relative and is completed with `origin`; `@` is not special here (the zone reader
    /// handles it).
    pub fn parse(text: &str, origin: Option<&Name>) -> Result<Name, NameError> {
        let mut wire = Vec::with_capacity(text.len() + 2);
        parse_name_into(text.as_bytes(), origin, &mut wire)?;
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// As [`Name::parse`], from bytes that need not be UTF-8: a byte that is not part of an
    /// escape is the octet itself (RFC 1035 section 5.1 reads master files as octets), so a
    /// command-line name with a byte >= 0x80 keeps that octet, as BIND's tools do
    /// (docs/bind-compat.md, "command line: arguments and messages").
    pub fn parse_bytes(text: &[u8], origin: Option<&Name>) -> Result<Name, NameError> {
        let mut wire = Vec::with_capacity(text.len() + 2);
        parse_name_into(text, origin, &mut wire)?;
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// The uncompressed wire form, terminal root label included (RFC 1035 section 3.1).
    pub fn as_wire(&self) -> &[u8] {
        &self.wire
    }

    /// Length of the wire form in octets.
    pub fn wire_len(&self) -> usize {
        self.wire.len()
    }

    /// True for the root name.
    pub fn is_root(&self) -> bool {
        self.wire.len() == 1
    }

    /// The labels from the leftmost to the one before the root (RFC 1035 section 3.1).
    pub fn labels(&self) -> Labels<'_> {
        Labels { rest: &self.wire }
    }

    /// The number of labels, not counting the root (the RRSIG Labels field counts this way,
    /// RFC 4034 section 3.1.3).
    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// True when the leftmost label is `*` (RFC 4592 section 2.1.1).
    pub fn is_wildcard(&self) -> bool {
        self.wire.len() >= 2 && self.wire[0] == 1 && self.wire[1] == b'*'
    }

    /// The name with its leftmost label removed, or `None` for the root.
    pub fn parent(&self) -> Option<Name> {
        if self.is_root() {
            return None;
        }
        let skip = self.wire[0] as usize + 1;
        Some(Name {
            wire: self.wire[skip..].into(),
        })
    }

    /// Prepends one raw label (RFC 1035 section 3.1), as NSEC3 owner names and wildcard
    /// expansion need.
    pub fn prepend_label(&self, label: &[u8]) -> Result<Name, NameError> {
        if label.is_empty() {
            return Err(NameError::EmptyLabel);
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
        let mut wire = Vec::with_capacity(self.wire.len() + label.len() + 1);
        wire.push(label.len() as u8);
        wire.extend_from_slice(label);
        wire.extend_from_slice(&self.wire);
        if wire.len() > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
        Ok(Name {
            wire: wire.into_boxed_slice(),
        })
    }

    /// A name as dnssec-verify prints it in its reports (docs/bind-compat.md, "verify"):
    /// absolute, but without the final dot, except for the root itself.
    pub fn bind_text(&self) -> String {
        let text = self.to_string();
        match text.strip_suffix('.') {
            Some(stripped) if !stripped.is_empty() => stripped.to_string(),
            _ => text,
        }
    }

    /// A copy with every ASCII letter lowercased: the canonical form of RFC 4034 section 6.2.
    pub fn to_lowercase(&self) -> Name {
        let mut wire = self.wire.clone();
        lowercase_wire_in_place(&mut wire);
        Name { wire }
    }

    /// True when `self` equals `ancestor` or lies below it (RFC 4034 section 6.1 ordering
    /// relies on this label-wise suffix test, case-insensitively).
    pub fn is_subdomain_of(&self, ancestor: &Name) -> bool {
        let a = self.label_offsets();
        let b = ancestor.label_offsets();
        if b.len() > a.len() {
            return false;
        }
        let start = a[a.len() - b.len()];
        self.wire[start..].eq_ignore_ascii_case(&ancestor.wire)
    }

    /// Compares two names in DNSSEC canonical order (RFC 4034 section 6.1): label by label
    /// from the rightmost, each label compared as lowercased octet strings.
    pub fn canonical_cmp(&self, other: &Name) -> Ordering {
        canonical_cmp_wire(&self.wire, &other.wire)
    }

    /// Presentation form relative to `origin` when the name lies below it (`@` for the origin
    /// itself), otherwise the absolute form. BIND's zone writer uses this shape.
    pub fn to_relative_string(&self, origin: &Name) -> String {
        if self == origin {
            return "@".to_string();
        }
        if !origin.is_root() && self.is_subdomain_of(origin) {
            let keep = self.label_count() - origin.label_count();
            let mut out = String::new();
            for (i, label) in self.labels().take(keep).enumerate() {
                if i > 0 {
                    out.push('.');
                }
                push_label_text(&mut out, label);
            }
            return out;
        }
        self.to_string()
    }

    /// The presentation form without its final dot, as BIND's tools name a zone or key owner
    /// in messages (`x.test/ED25519`, `no DNSKEY RR for x.test`); the root stays `.`.
    pub fn to_message_string(&self) -> String {
        let mut text = self.to_string();
        if !self.is_root() {
            // Display always ends in the one unescaped root dot; an escaped `\.` before it
            // belongs to the last label and stays.
            text.pop();
        }
        text
    }

    /// The `<name>` part of a BIND key file name, `K<name>+<alg>+<tag>` (docs/bind-compat.md,
    /// "key files: names, modes and lookup"): the absolute name lowercased, with every byte
    /// outside `[a-z0-9_-]` and the label dots written as `%XX`, except that the dots between
    /// labels stay dots.
    pub fn key_file_part(&self) -> String {
        if self.is_root() {
            return ".".to_string();
        }
        let mut out = String::new();
        for label in self.labels() {
            for &b in label {
                let b = b.to_ascii_lowercase();
                if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out.push('.');
        }
        out
    }

    fn label_offsets(&self) -> Vec<usize> {
        let mut offsets = Vec::with_capacity(8);
        let mut pos = 0usize;
        while self.wire[pos] != 0 {
            offsets.push(pos);
            pos += self.wire[pos] as usize + 1;
        }
        offsets.push(pos);
        offsets
    }
}

/// Iterator over a name's labels, leftmost first, root excluded.
pub struct Labels<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let len = *self.rest.first()? as usize;
        if len == 0 {
            return None;
        }
        let label = &self.rest[1..=len];
        self.rest = &self.rest[len + 1..];
        Some(label)
    }
}

/// Appends the wire form of a presentation-form name (RFC 1035 section 5.1: `\X` and
/// `\DDD` escapes; no trailing dot means relative to `origin`) without allocating; the zone
/// reader uses it for every owner and rdata name. [`Name::parse`] is this plus the
/// allocation. On error `out` may hold a partial name.
pub fn parse_name_into(
    text: &[u8],
    origin: Option<&Name>,
    out: &mut Vec<u8>,
) -> Result<(), NameError> {
    let base = out.len();
    if text == b"." {
        out.push(0);
        return Ok(());
    }
    if text.is_empty() {
        return Err(NameError::EmptyLabel);
    }
    let mut label_start = out.len();
    out.push(0);
    let mut i = 0usize;
    let mut absolute = false;
    while i < text.len() {
        let c = text[i];
        match c {
            b'.' => {
                let label_len = out.len() - label_start - 1;
                if label_len == 0 {
                    return Err(NameError::EmptyLabel);
                }
                out[label_start] = label_len as u8;
                i += 1;
                if i == text.len() {
                    absolute = true;
                    break;
                }
                label_start = out.len();
                out.push(0);
                continue;
            }
            b'\\' => {
                let rest = &text[i + 1..];
                if rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit) {
                    let v = (rest[0] - b'0') as u32 * 100
                        + (rest[1] - b'0') as u32 * 10
                        + (rest[2] - b'0') as u32;
                    out.push(u8::try_from(v).map_err(|_| NameError::BadEscape)?);
                    i += 4;
                } else {
                    match rest.first() {
                        Some(&lit) if !lit.is_ascii_digit() => {
                            out.push(lit);
                            i += 2;
                        }
                        _ => return Err(NameError::BadEscape),
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
        if out.len() - label_start - 1 > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong);
        }
    }
    if absolute {
        out.push(0);
    } else {
        let label_len = out.len() - label_start - 1;
        if label_len == 0 {
            return Err(NameError::EmptyLabel);
        }
        out[label_start] = label_len as u8;
        let origin = origin.ok_or(NameError::NoOrigin)?;
        out.extend_from_slice(origin.as_wire());
    }
    if out.len() - base > MAX_NAME_LEN {
        return Err(NameError::NameTooLong);
    }
    Ok(())
}

/// Length in octets of the uncompressed wire name at the front of `data`, checking the
/// limits of RFC 1035 section 2.3.4. Compression pointers are refused: DNSSEC data is always
/// handled uncompressed (RFC 4034 section 6.2).
pub fn wire_name_len(data: &[u8]) -> Result<usize, NameError> {
    let mut pos = 0usize;
    loop {
        let len = *data.get(pos).ok_or(NameError::BadWire)? as usize;
        if len > MAX_LABEL_LEN {
            return Err(NameError::BadWire);
        }
        if pos + len + 1 > MAX_NAME_LEN {
            return Err(NameError::NameTooLong);
        }
        if len == 0 {
            return Ok(pos + 1);
        }
        if data.len() < pos + 1 + len {
            return Err(NameError::BadWire);
        }
        pos += len + 1;
    }
}

/// Lowercases the ASCII letters of a wire-form name in place (RFC 4034 section 6.2). Label
/// length octets are never letters (they are at most 63), so the whole buffer can be mapped.
pub fn lowercase_wire_in_place(wire: &mut [u8]) {
    wire.make_ascii_lowercase();
}

/// Canonical comparison of two valid wire-form names (RFC 4034 section 6.1), without
/// allocating: both names are walked from their rightmost label.
pub fn canonical_cmp_wire(a: &[u8], b: &[u8]) -> Ordering {
    let mut sa = [0u8; 128];
    let mut sb = [0u8; 128];
    let na = label_starts(a, &mut sa);
    let nb = label_starts(b, &mut sb);
    let (mut ia, mut ib) = (na, nb);
    while ia > 0 && ib > 0 {
        ia -= 1;
        ib -= 1;
        let la = label_at(a, sa[ia] as usize);
        let lb = label_at(b, sb[ib] as usize);
        let common = la.len().min(lb.len());
        for k in 0..common {
            let (x, y) = (la[k].to_ascii_lowercase(), lb[k].to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
        if la.len() != lb.len() {
            return la.len().cmp(&lb.len());
        }
    }
    na.cmp(&nb)
}

fn label_starts(wire: &[u8], out: &mut [u8; 128]) -> usize {
    let mut n = 0usize;
    let mut pos = 0usize;
    while pos < wire.len() && wire[pos] != 0 && n < out.len() {
        out[n] = pos as u8;
        n += 1;
        pos += wire[pos] as usize + 1;
    }
    n
}

fn label_at(wire: &[u8], pos: usize) -> &[u8] {
    let len = wire[pos] as usize;
    &wire[pos + 1..pos + 1 + len]
}

/// Appends one label in presentation form, escaping as BIND does: the characters that are
/// special in master files get a backslash, and non-printing octets become `\DDD`.
pub fn push_label_text(out: &mut String, label: &[u8]) {
    for &b in label {
        match b {
            b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$' => {
                out.push('\\');
                out.push(b as char);
            }
            0x21..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str(".");
        }
        let mut out = String::with_capacity(self.wire.len() + 4);
        for label in self.labels() {
            push_label_text(&mut out, label);
            out.push('.');
        }
        f.write_str(&out)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.wire.eq_ignore_ascii_case(&other.wire)
    }
}

impl Eq for Name {}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.wire.iter() {
            state.write_u8(b.to_ascii_lowercase());
        }
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        self.canonical_cmp(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_bytes_keeps_high_octets_as_they_are() {
        let n = Name::parse_bytes(b"t\xe9st.example", Some(&Name::root())).unwrap();
        assert_eq!(n.as_wire(), b"\x04t\xe9st\x07example\x00");
        assert_eq!(n.to_string(), "t\\233st.example.");
        assert_eq!(n.key_file_part(), "t%E9st.example.");
        // Escapes still apply, and a high octet after a backslash is that octet.
        let e = Name::parse_bytes(b"a\\\xe9\\065.", None).unwrap();
        assert_eq!(e.as_wire(), b"\x03a\xe9A\x00");
    }

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    #[test]
    fn parses_and_prints_escapes() {
        let name = Name::parse("a\\.b.c\\032d.example.", None).unwrap();
        assert_eq!(name.label_count(), 3);
        assert_eq!(name.to_string(), "a\\.b.c\\032d.example.");
        assert_eq!(n("\\065bc.").to_string(), "Abc.");
        assert_eq!(n(".").to_string(), ".");
    }

    #[test]
    fn message_form_drops_only_the_root_dot() {
        assert_eq!(n("x.Test.").to_message_string(), "x.Test");
        assert_eq!(n(".").to_message_string(), ".");
        assert_eq!(n("a\\.b\\..").to_message_string(), "a\\.b\\.");
    }

    #[test]
    fn relative_names_take_the_origin() {
        let origin = n("example.com.");
        assert_eq!(
            Name::parse("www", Some(&origin)).unwrap().to_string(),
            "www.example.com."
        );
        assert_eq!(Name::parse("www", None), Err(NameError::NoOrigin));
        let www = n("www.Example.com.");
        assert_eq!(www.to_relative_string(&origin), "www");
        assert_eq!(n("EXAMPLE.com.").to_relative_string(&origin), "@");
        assert_eq!(n("other.net.").to_relative_string(&origin), "other.net.");
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(Name::parse("bad..name", None), Err(NameError::EmptyLabel));
        assert_eq!(Name::parse(".x", None), Err(NameError::EmptyLabel));
        let long = "a".repeat(64);
        assert_eq!(
            Name::parse(&long, Some(&Name::root())),
            Err(NameError::LabelTooLong)
        );
        let many = format!("{}.", ["abcdefghi"; 26].join("."));
        assert_eq!(Name::parse(&many, None), Err(NameError::NameTooLong));
        assert_eq!(Name::parse("a\\256.", None), Err(NameError::BadEscape));
        assert_eq!(Name::parse("a\\", None), Err(NameError::BadEscape));
    }

    #[test]
    fn canonical_order_matches_rfc4034_example() {
        // The example list of RFC 4034 section 6.1, already in canonical order.
        let ordered = [
            "example.",
            "a.example.",
            "yljkjljk.a.example.",
            "Z.a.example.",
            "zABC.a.EXAMPLE.",
            "z.example.",
            "\\001.z.example.",
            "*.z.example.",
            "\\200.z.example.",
        ];
        let names: Vec<Name> = ordered.iter().map(|s| n(s)).collect();
        for pair in names.windows(2) {
            assert_eq!(
                pair[0].canonical_cmp(&pair[1]),
                Ordering::Less,
                "{:?}",
                pair
            );
        }
        let mut shuffled = names.clone();
        shuffled.reverse();
        shuffled.sort();
        assert_eq!(shuffled, names);
    }

    #[test]
    fn case_insensitive_equality_and_subdomains() {
        assert_eq!(n("Example.COM."), n("example.com."));
        assert!(n("a.b.Example.com.").is_subdomain_of(&n("example.COM.")));
        assert!(!n("aexample.com.").is_subdomain_of(&n("example.com.")));
        assert!(n("x.").is_subdomain_of(&Name::root()));
        assert_eq!(n("a.b.c.").parent().unwrap(), n("b.c."));
        assert!(n("*.w.test.").is_wildcard());
    }

    #[test]
    fn key_file_part_escapes_like_bind() {
        assert_eq!(n("Example.COM.").key_file_part(), "example.com.");
        assert_eq!(n("*.wild.test.").key_file_part(), "%2A.wild.test.");
        assert_eq!(n("a\\/b.test.").key_file_part(), "a%2Fb.test.");
        assert_eq!(n("sp\\032ace.").key_file_part(), "sp%20ace.");
        assert_eq!(Name::root().key_file_part(), ".");
    }

    #[test]
    fn wire_round_trip() {
        let name = n("www.example.com.");
        assert_eq!(Name::from_wire(name.as_wire()).unwrap(), name);
        assert_eq!(Name::from_wire(&[3, b'a']), Err(NameError::BadWire));
        assert_eq!(Name::from_wire(&[0xc0, 0x0c]), Err(NameError::BadWire));
        let (p, used) = Name::from_wire_prefix(&[1, b'a', 0, 9, 9]).unwrap();
        assert_eq!((p.to_string().as_str(), used), ("a.", 3));
    }
}
