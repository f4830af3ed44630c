//! BIND's `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`: master-file lines made
//! one at a time (so that a huge range costs memory for the records kept, not for the
//! range), with `$` replaced by the counter and `${offset[,width[,base]]}` modifiers (bases
//! d, o, x, X, n, N), `\$` and `$$` standing for a literal `$`. The range and modifier
//! checks are BIND 9.18's, with its words (docs/bind-compat.md, "zone reader: limits and
//! $GENERATE"); every sum is checked.

use std::io::Write;

use super::error::GenerateError;
use super::lexer::Token;
use crate::error::message_text;

/// The largest start, stop or step BIND accepts (its counters are C `int`s).
pub(crate) const MAX_RANGE_VALUE: u64 = i32::MAX as u64;

/// The widest field a modifier may ask for; BIND formats into a 128-octet buffer and
/// refuses wider fields with "ran out of space".
pub(crate) const MAX_WIDTH: u64 = 127;

/// One `$GENERATE` directive being expanded: the templates (as the bytes written, never
/// re-encoded) and the counter.
#[derive(Debug)]
pub(crate) struct Generator {
    lhs: Vec<u8>,
    middle: Vec<u8>,
    rhs: Vec<u8>,
    next: u64,
    stop: u64,
    step: u64,
    done: bool,
}

impl Generator {
    /// Reads the directive's arguments (after `$GENERATE`: range, lhs, optional TTL and
    /// class, type, rhs). The caller checks that there are at least four.
    pub(crate) fn new(buf: &[u8], args: &[Token]) -> Result<Generator, GenerateError> {
        let (Some(first), Some(lhs), Some(last)) = (args.first(), args.get(1), args.last()) else {
            return Err(GenerateError::BadRange(String::new()));
        };
        let range = first.text(buf);
        let (start, stop, step) =
            parse_range(range).ok_or_else(|| GenerateError::BadRange(message_text(range)))?;
        let mut middle = Vec::new();
        for t in args.get(2..args.len().saturating_sub(1)).unwrap_or(&[]) {
            middle.push(b' ');
            middle.extend_from_slice(t.text(buf));
        }
        Ok(Generator {
            lhs: lhs.text(buf).to_vec(),
            middle,
            // A quoted rhs counts by its contents, as BIND's lexer hands them over: the
            // quotes group the words into one argument, they do not make one string.
            rhs: last.text(buf).to_vec(),
            next: start,
            stop,
            step,
            done: false,
        })
    }

    /// How many lines are still to be made.
    pub(crate) fn remaining(&self) -> u64 {
        if self.done {
            0
        } else {
            (self.stop - self.next) / self.step + 1
        }
    }

    /// Appends the next line (with its newline) to `out` and returns true, or returns false
    /// when every line was made. On an error `out` is left as it was and the counter does
    /// not move.
    pub(crate) fn next_line(&mut self, out: &mut Vec<u8>) -> Result<bool, GenerateError> {
        if self.done {
            return Ok(false);
        }
        let mark = out.len();
        if let Err(e) = self.line(out) {
            out.truncate(mark);
            return Err(e);
        }
        // The counter stays below 2^31 and so does the step: the sum cannot wrap, but it
        // is checked all the same.
        match self.next.checked_add(self.step) {
            Some(n) if n <= self.stop => self.next = n,
            _ => self.done = true,
        }
        Ok(true)
    }

    fn line(&self, out: &mut Vec<u8>) -> Result<(), GenerateError> {
        let v = self.next;
        substitute(&self.lhs, v, out)?;
        out.extend_from_slice(&self.middle);
        out.push(b' ');
        substitute(&self.rhs, v, out)?;
        out.push(b'\n');
        Ok(())
    }
}

/// `start-stop[/step]`: decimal numbers, start <= stop, step >= 1, none above 2^31-1.
fn parse_range(s: &[u8]) -> Option<(u64, u64, u64)> {
    let (range, step) = match s.iter().position(|&b| b == b'/') {
        Some(at) => (&s[..at], decimal(&s[at + 1..])?),
        None => (s, 1),
    };
    let dash = range.iter().position(|&b| b == b'-')?;
    let (a, b) = (decimal(&range[..dash])?, decimal(&range[dash + 1..])?);
    if step == 0 || a > b || b > MAX_RANGE_VALUE || step > MAX_RANGE_VALUE {
        return None;
    }
    Some((a, b, step))
}

/// A non-empty run of decimal digits; `None` for anything else or a value past 2^64.
fn decimal(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u64, |acc, &c| {
        if !c.is_ascii_digit() {
            return None;
        }
        acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
    })
}

/// Replaces the counter references in one template; every other byte is copied as is.
fn substitute(template: &[u8], value: u64, out: &mut Vec<u8>) -> Result<(), GenerateError> {
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        if c == b'\\' && template.get(i + 1) == Some(&b'$') {
            out.extend_from_slice(b"\\$");
            i += 2;
            continue;
        }
        if c != b'$' {
            out.push(c);
            i += 1;
            continue;
        }
        if template.get(i + 1) == Some(&b'$') {
            out.extend_from_slice(b"\\$");
            i += 2;
            continue;
        }
        if template.get(i + 1) != Some(&b'{') {
            let _ = write!(out, "{value}");
            i += 1;
            continue;
        }
        let rest = &template[i..];
        let close = rest
            .iter()
            .position(|&b| b == b'}')
            .ok_or_else(|| GenerateError::BadModifier(message_text(rest)))?;
        format_modifier(&rest[..=close], value, out)?;
        i += close + 1;
    }
    Ok(())
}

/// An optionally signed run of digits, as BIND's `%d` reads an offset; `None` when it is
/// not one. The value is not range-checked here.
fn signed(s: &[u8]) -> Option<i128> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    // Past 2^64 the value is out of range anyway; saturate rather than fail to parse.
    let v = if digits.len() > 20 {
        if digits.iter().all(u8::is_ascii_digit) && !digits.is_empty() {
            i128::from(u64::MAX) + 1
        } else {
            return None;
        }
    } else {
        i128::from(decimal(digits)?)
    };
    Some(if neg { -v } else { v })
}

/// Formats one `${offset[,width[,base]]}` (`spec` includes `${` and `}`).
fn format_modifier(spec: &[u8], value: u64, out: &mut Vec<u8>) -> Result<(), GenerateError> {
    let bad = || GenerateError::BadModifier(message_text(spec));
    let inner = &spec[2..spec.len() - 1];
    let mut parts = inner.split(|&b| b == b',');
    let offset = parts.next().and_then(signed).ok_or_else(bad)?;
    let width = match parts.next() {
        None => 0,
        Some(w) => {
            // BIND reads the width as unsigned: a negative one is a huge field.
            let w = signed(w).ok_or_else(bad)?;
            if !(0..=i128::from(MAX_WIDTH)).contains(&w) {
                return Err(GenerateError::NoSpace);
            }
            w as usize
        }
    };
    let base = match parts.next() {
        None => b'd',
        Some([b @ (b'd' | b'o' | b'x' | b'X' | b'n' | b'N')]) => *b,
        Some(_) => return Err(bad()),
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    // BIND adds in C `int`s and refuses a sum outside them.
    let v = i128::from(value)
        .checked_add(offset)
        .and_then(|v| i32::try_from(v).ok())
        .ok_or(GenerateError::OutOfRange)?;
    // The other bases print the 32-bit pattern, as BIND's unsigned formats do.
    let u = v as u32;
    let _ = match base {
        b'd' => write!(out, "{v:0width$}"),
        b'o' => write!(out, "{u:0width$o}"),
        b'x' => write!(out, "{u:0width$x}"),
        b'X' => write!(out, "{u:0width$X}"),
        _ => {
            nibbles(u, width, base == b'N', out);
            Ok(())
        }
    };
    Ok(())
}

/// Nibble form for reverse zones: hex digits lowest first with a dot after each; the width
/// counts characters, dots included, so it may end on a dot.
fn nibbles(u: u32, width: usize, upper: bool, out: &mut Vec<u8>) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let count = if u == 0 {
        1
    } else {
        (32 - u.leading_zeros() as usize).div_ceil(4)
    };
    let mut written = 0usize;
    let mut k = 0usize;
    while k < count || written < width {
        if k > 0 {
            out.push(b'.');
            written += 1;
            if written >= width && k >= count {
                break;
            }
        }
        let nibble = if k < 8 { (u >> (4 * k)) & 15 } else { 0 };
        out.push(digits[nibble as usize]);
        written += 1;
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::lexer::tokenize_all;

    fn gen_bytes(s: &[u8]) -> Result<Vec<u8>, GenerateError> {
        let toks = tokenize_all(s).unwrap();
        let mut g = Generator::new(s, &toks)?;
        let mut out = Vec::new();
        while g.next_line(&mut out)? {}
        Ok(out)
    }

    fn gen(s: &str) -> Result<String, GenerateError> {
        gen_bytes(s.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn expands_counters_and_modifiers() {
        assert_eq!(
            gen("1-3 host$ A 10.0.0.$").unwrap(),
            "host1 A 10.0.0.1\nhost2 A 10.0.0.2\nhost3 A 10.0.0.3\n"
        );
        assert_eq!(
            gen("0-4/2 h${10,3,x} 300 IN PTR x${1}.").unwrap(),
            "h00a 300 IN PTR x1.\nh00c 300 IN PTR x3.\nh00e 300 IN PTR x5.\n"
        );
        assert_eq!(gen("10-10 ${0,3,n} PTR a\\$b").unwrap(), "a.0 PTR a\\$b\n");
        assert_eq!(gen("300-300 ${0,0,n} PTR x").unwrap(), "c.2.1 PTR x\n");
        assert_eq!(gen("300-300 ${0,6,N} PTR x").unwrap(), "C.2.1. PTR x\n");
        assert_eq!(gen("0-0 ${0,4,n} PTR x").unwrap(), "0.0. PTR x\n");
        assert_eq!(gen("0-0 a${+5} PTR x").unwrap(), "a5 PTR x\n");
        assert!(gen("5-1 a A 1.2.3.4").is_err());
        assert!(gen("1-2 a${x} A 1.2.3.4").is_err());
    }

    #[test]
    fn negative_values_print_as_bind_prints_them() {
        // Observed with BIND 9.18: `d` keeps the sign (inside the width), the other bases
        // print the 32-bit pattern.
        assert_eq!(
            gen("0-1 a${-2000} A x").unwrap(),
            "a-2000 A x\na-1999 A x\n"
        );
        assert_eq!(gen("0-0 a${-1,10,d} A x").unwrap(), "a-000000001 A x\n");
        assert_eq!(gen("0-0 a${-1,0,x} A x").unwrap(), "affffffff A x\n");
        assert_eq!(gen("0-0 a${-1,0,X} A x").unwrap(), "aFFFFFFFF A x\n");
        assert_eq!(gen("0-0 a${-1,0,o} A x").unwrap(), "a37777777777 A x\n");
        assert_eq!(gen("0-0 a${-1,0,n} A x").unwrap(), "af.f.f.f.f.f.f.f A x\n");
    }

    #[test]
    fn ranges_and_sums_are_checked_as_bind_checks_them() {
        let range = |s: &str| matches!(gen(s), Err(GenerateError::BadRange(_)));
        assert!(range("1-1/0 a A x"));
        assert!(range("-1-2 a A x"));
        assert!(range("2147483648-2147483648 a A x"));
        assert!(range("1-2/2147483648 a A x"));
        assert!(range("1-2/9223372036854775807 a A x"));
        assert!(range("0-99999999999999999999999 a A x"));
        assert!(gen("2147483647-2147483647 a A x").is_ok());
        assert_eq!(
            gen("0-1 a${2147483647} A x"),
            Err(GenerateError::OutOfRange)
        );
        assert_eq!(
            gen("0-0 a${-2147483649} A x"),
            Err(GenerateError::OutOfRange)
        );
        assert_eq!(
            gen("0-0 a${9223372036854775807} A x"),
            Err(GenerateError::OutOfRange)
        );
        assert_eq!(
            gen("0-0 a${-99999999999999999999999999} A x"),
            Err(GenerateError::OutOfRange)
        );
        assert_eq!(
            gen("2147483647-2147483647 a${1} A x"),
            Err(GenerateError::OutOfRange)
        );
        assert!(gen("0-0 a${-2147483648} A x").is_ok());
        assert_eq!(gen("0-0 a${0,128,d} A x"), Err(GenerateError::NoSpace));
        assert_eq!(gen("0-0 a${0,-1,d} A x"), Err(GenerateError::NoSpace));
        assert!(gen("0-0 a${0,127,n} A x").is_ok());
        for bad in [
            "${}",
            "${,3}",
            "${0,,d}",
            "${0,3,q}",
            "${0,3,dd}",
            "${0x10}",
            "${1,2,d,}",
        ] {
            assert!(
                matches!(
                    gen(&format!("0-0 a{bad} A x")),
                    Err(GenerateError::BadModifier(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn keeps_the_template_bytes() {
        let out = gen_bytes(b"0-0 \xe9$ TXT \"\xff\x80$ b\"").unwrap();
        assert_eq!(out, b"\xe90 TXT \xff\x800 b\n");
    }

    #[test]
    fn makes_one_line_at_a_time() {
        let s = b"0-2147483647 a$ A 10.0.0.1";
        let toks = tokenize_all(s).unwrap();
        let mut g = Generator::new(s, &toks).unwrap();
        assert_eq!(g.remaining(), 1 << 31);
        let mut out = Vec::new();
        assert!(g.next_line(&mut out).unwrap());
        assert_eq!(out, b"a0 A 10.0.0.1\n");
    }
}
