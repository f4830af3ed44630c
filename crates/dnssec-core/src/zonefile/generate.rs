//! BIND's `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`: expands into ordinary
//! master-file lines, with `$` replaced by the counter and `${offset[,width[,base]]}`
//! modifiers (bases d, o, x, X, n, N), `\$` and `$$` standing for a literal `$`.

use std::fmt::Write;

use super::error::GenerateError;
use super::lexer::Token;

/// The most lines one `$GENERATE` may produce; more is taken for a mistake.
const MAX_LINES: u64 = 1 << 24;

/// Expands the directive's arguments (after `$GENERATE`: range, lhs, optional TTL and
/// class, type, rhs) into master-file text, one record per line. The caller checks that
/// there are at least four.
pub fn expand(buf: &[u8], args: &[Token]) -> Result<String, GenerateError> {
    let (Some(first), Some(lhs), Some(last)) = (args.first(), args.get(1), args.last()) else {
        return Err(GenerateError::BadRange(String::new()));
    };
    let range = String::from_utf8_lossy(first.text(buf)).into_owned();
    let (start, stop, step) = parse_range(&range).ok_or(GenerateError::BadRange(range))?;
    let lhs = lhs.text(buf);
    let rhs = last.text(buf);
    let middle: Vec<String> = args
        .get(2..args.len().saturating_sub(1))
        .unwrap_or(&[])
        .iter()
        .map(|t| String::from_utf8_lossy(t.text(buf)).into_owned())
        .collect();
    let middle = middle.join(" ");
    let mut out = String::new();
    let mut v = start;
    let mut count = 0u64;
    while v <= stop {
        count += 1;
        if count > MAX_LINES {
            return Err(GenerateError::TooManyLines);
        }
        substitute(lhs, v, &mut out)?;
        out.push(' ');
        out.push_str(&middle);
        out.push(' ');
        if last.quoted {
            out.push('"');
        }
        substitute(rhs, v, &mut out)?;
        if last.quoted {
            out.push('"');
        }
        out.push('\n');
        v += step;
    }
    Ok(out)
}

fn parse_range(s: &str) -> Option<(i64, i64, i64)> {
    let (range, step) = match s.split_once('/') {
        Some((r, st)) => (r, st.parse::<i64>().ok()?),
        None => (s, 1),
    };
    let (a, b) = range.split_once('-')?;
    let (a, b) = (a.parse::<i64>().ok()?, b.parse::<i64>().ok()?);
    if step < 1 || a < 0 || b < a || b > u32::MAX as i64 {
        return None;
    }
    Some((a, b, step))
}

/// Replaces the counter references in one template.
fn substitute(template: &[u8], value: i64, out: &mut String) -> Result<(), GenerateError> {
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        if c == b'\\' && template.get(i + 1) == Some(&b'$') {
            out.push_str("\\$");
            i += 2;
            continue;
        }
        if c != b'$' {
            out.push(c as char);
            i += 1;
            continue;
        }
        if template.get(i + 1) == Some(&b'$') {
            out.push_str("\\$");
            i += 2;
            continue;
        }
        if template.get(i + 1) != Some(&b'{') {
            let _ = write!(out, "{value}");
            i += 1;
            continue;
        }
        let close = template[i..]
            .iter()
            .position(|&b| b == b'}')
            .ok_or_else(|| {
                GenerateError::BadModifier(String::from_utf8_lossy(&template[i..]).into_owned())
            })?;
        let spec = String::from_utf8_lossy(&template[i + 2..i + close]).into_owned();
        format_modifier(&spec, value, out)?;
        i += close + 1;
    }
    Ok(())
}

fn format_modifier(spec: &str, value: i64, out: &mut String) -> Result<(), GenerateError> {
    let mut parts = spec.split(',');
    let bad = || GenerateError::BadModifier(format!("${{{spec}}}"));
    let offset: i64 = parts
        .next()
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .transpose()
        .map_err(|_| bad())?
        .unwrap_or(0);
    let width: usize = parts
        .next()
        .map(str::parse)
        .transpose()
        .map_err(|_| bad())?
        .unwrap_or(0);
    let base = parts.next().unwrap_or("d");
    if parts.next().is_some() || width > 255 {
        return Err(bad());
    }
    let v = value + offset;
    if v < 0 {
        return Err(bad());
    }
    match base {
        "d" => {
            let _ = write!(out, "{v:0width$}");
        }
        "o" => {
            let _ = write!(out, "{v:0width$o}");
        }
        "x" => {
            let _ = write!(out, "{v:0width$x}");
        }
        "X" => {
            let _ = write!(out, "{v:0width$X}");
        }
        "n" | "N" => {
            // Nibble form for reverse zones: hex digits lowest first with a dot after each;
            // the width counts characters, dots included, so it may end on a dot.
            let hex = if base == "n" {
                format!("{v:x}")
            } else {
                format!("{v:X}")
            };
            let nibbles: Vec<char> = hex.chars().rev().collect();
            let mut written = 0usize;
            let mut k = 0usize;
            while k < nibbles.len() || written < width {
                if k > 0 {
                    out.push('.');
                    written += 1;
                    if written >= width && k >= nibbles.len() {
                        break;
                    }
                }
                out.push(nibbles.get(k).copied().unwrap_or('0'));
                written += 1;
                k += 1;
            }
        }
        _ => return Err(bad()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::lexer::tokenize_all;

    fn gen(s: &str) -> Result<String, GenerateError> {
        let toks = tokenize_all(s.as_bytes()).unwrap();
        expand(s.as_bytes(), &toks)
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
        assert!(gen("5-1 a A 1.2.3.4").is_err());
        assert!(gen("1-2 a${x} A 1.2.3.4").is_err());
    }
}
