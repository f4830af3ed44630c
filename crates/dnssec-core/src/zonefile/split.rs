//! Where a zone file can be cut so that its parts are read in parallel: at the start of a
//! line that begins an entry with its own owner (RFC 1035 section 5.1: not inside
//! parentheses, not a continuation, not a directive), after the last directive, so that
//! every part starts in the state the head leaves (origin, `$TTL`). Files with `$INCLUDE`
//! or `$GENERATE`, or whose parentheses or quotes the quick scan cannot follow, are read in
//! one piece, and so are small ones.

use std::ops::Range;

/// Parts smaller than this are not worth a thread. Tests cut small files too, so that the
/// parallel path is exercised by every test zone of some size.
const MIN_PART: usize = if cfg!(test) { 16 << 10 } else { 256 << 10 };

/// A file cut for parallel reading.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split {
    /// The head: everything up to the first cut, directives included; read first.
    pub(crate) head: Range<usize>,
    /// The parts after it, in file order, each with the line it starts on.
    pub(crate) parts: Vec<(Range<usize>, u32)>,
}

/// True for a byte that may begin an owner name at the start of a line.
fn starts_owner(c: u8) -> bool {
    !matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"' | b'$'
    )
}

/// Plans about `parts` parts for `buf`, or `None` when it should be read in one piece.
pub(crate) fn plan(buf: &[u8], parts: usize) -> Option<Split> {
    if parts < 2 || buf.len() < 2 * MIN_PART {
        return None;
    }
    let parts = parts.min(buf.len() / MIN_PART);
    let targets: Vec<usize> = (1..parts).map(|i| buf.len() / parts * i).collect();
    let mut cuts: Vec<(usize, u32)> = Vec::with_capacity(targets.len());
    let mut next_target = 0usize;
    let mut after_directives = 0usize;
    let mut in_directive = false;
    let mut line = 1u32;
    let mut depth = 0u32;
    let mut line_start = true;
    let mut i = 0usize;
    while let Some(&c) = buf.get(i) {
        if line_start && depth == 0 {
            if c == b'$' {
                let word = buf.get(i..i + 9).unwrap_or(&buf[i..]);
                let upper = word.to_ascii_uppercase();
                if upper.starts_with(b"$INCLUDE") || upper.starts_with(b"$GENERATE") {
                    return None;
                }
                in_directive = true;
            } else if starts_owner(c) && targets.get(next_target).is_some_and(|&t| i >= t) {
                cuts.push((i, line));
                while targets.get(next_target).is_some_and(|&t| i >= t) {
                    next_target += 1;
                }
            }
        }
        line_start = false;
        match c {
            b'\n' => {
                line += 1;
                if depth == 0 {
                    line_start = true;
                    if in_directive {
                        in_directive = false;
                        after_directives = i + 1;
                    }
                }
                i += 1;
            }
            b';' => {
                while buf.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                // An error the reader reports on the right line when it reads in one piece.
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'"' => {
                i += 1;
                loop {
                    match buf.get(i)? {
                        b'"' => break,
                        b'\n' => return None,
                        b'\\' => {
                            if buf.get(i + 1) == Some(&b'\n') {
                                return None;
                            }
                            i += 2;
                        }
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b'\\' => i += if buf.get(i + 1) == Some(&b'\n') { 1 } else { 2 },
            _ => i += 1,
        }
    }
    if depth != 0 || in_directive {
        return None;
    }
    cuts.retain(|&(at, _)| at >= after_directives);
    let (&(first, _), _) = cuts.split_first()?;
    let ends = cuts.iter().skip(1).map(|&(at, _)| at).chain([buf.len()]);
    let parts = cuts
        .iter()
        .zip(ends)
        .map(|(&(start, line), end)| (start..end, line))
        .collect();
    Some(Split {
        head: 0..first,
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(lines: usize) -> String {
        let mut z = String::from("$ORIGIN example.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n");
        for i in 0..lines {
            z.push_str(&format!("n{i} A 192.0.2.1\n  TXT \"x ( ; {i}\"\n"));
            if i % 100 == 0 {
                z.push_str(&format!("m{i} TXT ( a\n b )\n; comment\n\n"));
            }
        }
        z
    }

    #[test]
    fn cuts_at_owner_lines_after_the_directives() {
        let text = zone(40_000);
        let buf = text.as_bytes();
        let split = plan(buf, 4).expect("a big file splits");
        assert_eq!(split.parts.len(), 3);
        assert_eq!(split.head.start, 0);
        assert_eq!(split.head.end, split.parts[0].0.start);
        assert_eq!(split.parts.last().unwrap().0.end, buf.len());
        for w in split.parts.windows(2) {
            assert_eq!(w[0].0.end, w[1].0.start);
        }
        for (range, line) in &split.parts {
            let before = &buf[..range.start];
            assert_eq!(before.last(), Some(&b'\n'));
            assert!(starts_owner(buf[range.start]));
            let lines = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            assert_eq!(*line, lines);
            // Not inside the parenthesised record.
            let open = before.iter().filter(|&&b| b == b'(').count();
            let quoted = text[..range.start].matches("\"x (").count();
            let close = before.iter().filter(|&&b| b == b')').count();
            assert_eq!(open - quoted, close);
        }
    }

    #[test]
    fn refuses_what_it_cannot_follow() {
        let big = zone(40_000);
        assert!(plan(zone(10).as_bytes(), 4).is_none(), "too small");
        assert!(plan(big.as_bytes(), 1).is_none(), "one part");
        for tail in [
            "$INCLUDE other.db\n",
            "$generate 1-2 a$ A 1.2.3.4\n",
            "x TXT ( unclosed\n",
            "x TXT )\n",
            "x TXT \"open\n",
            "x TXT \"escaped \\\nnewline\"\n",
        ] {
            let text = format!("{big}{tail}");
            assert!(plan(text.as_bytes(), 4).is_none(), "{tail:?}");
        }
        // A directive late in the file: only what follows it is cut.
        let late = format!("{big}{big}");
        let split = plan(late.as_bytes(), 4).unwrap();
        assert!(split.head.end > big.len());
    }
}
