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

/// The bytes the scan must look at; everything else is skipped in a tight loop.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b';' as usize] = true;
    t[b'(' as usize] = true;
    t[b')' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Plans about `parts` parts for `buf`, or `None` when it should be read in one piece.
pub(crate) fn plan(buf: &[u8], parts: usize) -> Option<Split> {
    let mut planner = Planner::new(buf.len(), parts)?;
    planner.feed(buf);
    planner.finish()
}

/// The plan made a piece of text at a time, so that a file need not be held whole to be cut
/// (its parts are then read from the file one by one). Each piece given to [`Planner::feed`]
/// but the last must end with a newline: nothing the scan follows (a quoted string, a
/// comment, an escape) goes on past an unparenthesised newline, so a piece that ends with one
/// leaves only the counters below to carry over.
pub(crate) struct Planner {
    total: usize,
    targets: Vec<usize>,
    cuts: Vec<(usize, u32)>,
    next_target: usize,
    after_directives: usize,
    /// The first owner line after the last directive: the head ends there, so that it holds
    /// the directives and little else.
    first_owner: Option<(usize, u32)>,
    in_directive: bool,
    line: u32,
    depth: u32,
    /// Where the next piece starts in the whole text.
    base: usize,
    /// The text cannot be cut (see the module documentation).
    refused: bool,
}

impl Planner {
    /// A planner for a text of `total` octets in about `parts` parts; `None` when a text of
    /// that size is read in one piece.
    pub(crate) fn new(total: usize, parts: usize) -> Option<Planner> {
        if parts < 2 || total < 2 * MIN_PART {
            return None;
        }
        let parts = parts.min(total / MIN_PART);
        Some(Planner {
            total,
            targets: (1..parts).map(|i| total / parts * i).collect(),
            cuts: Vec::with_capacity(parts),
            next_target: 0,
            after_directives: 0,
            first_owner: None,
            in_directive: false,
            line: 1,
            depth: 0,
            base: 0,
            refused: false,
        })
    }

    /// True once the text was found not to be cut (the rest need not be fed).
    pub(crate) fn refused(&self) -> bool {
        self.refused
    }

    /// Scans the next piece of the text (see the type's documentation).
    pub(crate) fn feed(&mut self, piece: &[u8]) {
        if !self.refused && self.scan(piece).is_none() {
            self.refused = true;
        }
        self.base += piece.len();
    }

    fn scan(&mut self, buf: &[u8]) -> Option<()> {
        let base = self.base;
        let mut line_start = self.depth == 0;
        let mut i = 0usize;
        while let Some(&c) = buf.get(i) {
            if line_start && self.depth == 0 {
                if c == b'$' {
                    let word = buf.get(i..i + 9).unwrap_or(&buf[i..]);
                    let upper = word.to_ascii_uppercase();
                    if upper.starts_with(b"$INCLUDE") || upper.starts_with(b"$GENERATE") {
                        return None;
                    }
                    self.in_directive = true;
                    self.first_owner = None;
                } else if starts_owner(c) {
                    let at = base + i;
                    if self.first_owner.is_none() {
                        self.first_owner = Some((at, self.line));
                    }
                    if self.targets.get(self.next_target).is_some_and(|&t| at >= t) {
                        self.cuts.push((at, self.line));
                        while self.targets.get(self.next_target).is_some_and(|&t| at >= t) {
                            self.next_target += 1;
                        }
                    }
                }
            }
            line_start = false;
            if !SPECIAL[usize::from(c)] {
                i += 1;
                while buf.get(i).is_some_and(|&b| !SPECIAL[usize::from(b)]) {
                    i += 1;
                }
                continue;
            }
            match c {
                b'\n' => {
                    self.line += 1;
                    if self.depth == 0 {
                        line_start = true;
                        if self.in_directive {
                            self.in_directive = false;
                            self.after_directives = base + i + 1;
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
                    self.depth += 1;
                    i += 1;
                }
                b')' => {
                    // An error the reader reports on the right line when it reads in one
                    // piece.
                    self.depth = self.depth.checked_sub(1)?;
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
        Some(())
    }

    /// The plan, once the whole text was fed; `None` when it is read in one piece.
    pub(crate) fn finish(mut self) -> Option<Split> {
        if self.refused || self.base != self.total || self.depth != 0 || self.in_directive {
            return None;
        }
        let first_owner = self
            .first_owner
            .filter(|&(at, _)| at >= self.after_directives)?;
        self.cuts.retain(|&(at, _)| at > first_owner.0);
        self.cuts.insert(0, first_owner);
        if self.cuts.len() < 2 {
            return None;
        }
        let first = first_owner.0;
        let ends = self
            .cuts
            .iter()
            .skip(1)
            .map(|&(at, _)| at)
            .chain([self.total]);
        let parts = self
            .cuts
            .iter()
            .zip(ends)
            .map(|(&(start, line), end)| (start..end, line))
            .collect();
        Some(Split {
            head: 0..first,
            parts,
        })
    }
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
        assert_eq!(split.parts.len(), 4);
        assert_eq!(&text[split.head.clone()], "$ORIGIN example.\n$TTL 300\n");
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

    /// Fed a line or a few lines at a time, as a file is scanned, the planner cuts where
    /// it cuts the text held whole, and refuses what it refuses.
    #[test]
    fn pieces_plan_as_the_whole_text() {
        let feed = |text: &str, lines_per_piece: usize| {
            let mut planner = Planner::new(text.len(), 4)?;
            let mut piece = 0;
            let mut start = 0;
            for (i, _) in text.match_indices('\n') {
                piece += 1;
                if piece % lines_per_piece == 0 {
                    planner.feed(&text.as_bytes()[start..=i]);
                    start = i + 1;
                }
            }
            planner.feed(&text.as_bytes()[start..]);
            planner.finish()
        };
        let big = zone(40_000);
        for tail in [
            "",
            "x TXT ( unclosed\n",
            "x TXT \"open\n",
            "$INCLUDE x\n",
            "$TTL 1\n",
        ] {
            let text = format!("{big}{tail}");
            let whole = plan(text.as_bytes(), 4);
            for lines in [1, 3, 1000] {
                assert_eq!(feed(&text, lines), whole, "{tail:?} by {lines} lines");
            }
        }
        let text = format!("$TTL 1\n{big}");
        let head = "$TTL 1\n$ORIGIN example.\n$TTL 300\n".len();
        assert!(feed(&text, 7).is_some_and(|s| s.head == (0..head) && s.parts.len() == 4));
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
