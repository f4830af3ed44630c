//! Option checks reported in command-line order. BIND's key tools check most option values
//! inside their getopt loop and stop at the first bad one, so with two bad options the one
//! earlier on the command line is reported (docs/bind-compat.md, "command line: the order
//! options are checked in"). clap's derive struct keeps each option's values but not where
//! they stood; [`Positions`] keeps that, and [`InOrder`] runs the checks in any order and
//! reports the failure that the getopt loop would have met first.

use std::collections::HashMap;

/// Where each value of each option stood in the normalised argv (which keeps the order of
/// the command line), by clap id: the field name of the tool's clap struct.
#[derive(Debug, Default)]
pub struct Positions {
    by_id: HashMap<String, Vec<usize>>,
    /// What stopped the option words, after them: `-h`, `-V`, an unknown option or a missing
    /// value, with the tool it stops.
    pub(super) stop: Option<(super::Early, super::ToolSpec)>,
}

impl Positions {
    /// Reads where each option of `cmd` stands in `normalised`, the normaliser's output
    /// (`--long` or `--long=value` per occurrence, in command-line order, then `--` and the
    /// positionals). Read from the words rather than from clap's matches because clap keeps
    /// one place only for a flag given more than once.
    pub(super) fn of(cmd: &clap::Command, normalised: &[std::ffi::OsString]) -> Positions {
        use std::os::unix::ffi::OsStrExt;
        let ids: HashMap<&[u8], &str> = cmd
            .get_arguments()
            .filter_map(|arg| Some((arg.get_long()?.as_bytes(), arg.get_id().as_str())))
            .collect();
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, word) in normalised.iter().enumerate() {
            let word = word.as_bytes();
            if word == b"--" {
                break;
            }
            let long = word.strip_prefix(b"--").unwrap_or(word);
            let long = long.split(|&b| b == b'=').next().unwrap_or(long);
            if let Some(id) = ids.get(long) {
                by_id.entry((*id).to_string()).or_default().push(at);
            }
        }
        Positions { by_id, stop: None }
    }

    /// Position of the `n`th value of option `id`. An id the tool does not declare, or a value
    /// that was not given, is a bug in the tool; it sorts after every real option, as a check
    /// made after the option loop.
    fn at(&self, id: &str, n: usize) -> usize {
        let at = self.by_id.get(id).and_then(|v| v.get(n)).copied();
        debug_assert!(at.is_some(), "no value {n} of option {id}");
        at.unwrap_or(usize::MAX)
    }
}

/// One option's values with its clap id: made by [`opt!`](crate::opt) from the field, so
/// that the id cannot drift from the field's name.
pub struct OptValues<'a, T> {
    /// The clap id (the field name).
    pub id: &'static str,
    /// The values, in command-line order.
    pub values: &'a [T],
}

/// `opt!(args.field)`: the field's values with the field's name as its clap id.
#[macro_export]
macro_rules! opt {
    ($args:ident . $field:ident) => {
        $crate::cli::OptValues {
            id: stringify!($field),
            values: &$args.$field[..],
        }
    };
}

/// The checks of a tool's option loop, made field by field but reported as BIND's loop
/// reports them: of all failures, the one whose option came first on the command line.
pub struct InOrder<'p> {
    positions: &'p Positions,
    first: Option<(usize, anyhow::Error)>,
}

impl<'p> InOrder<'p> {
    /// No check made yet.
    pub fn new(positions: &'p Positions) -> InOrder<'p> {
        InOrder {
            positions,
            first: None,
        }
    }

    /// Keeps `result` as the outcome of the `n`th value of `id`: its value, or (None) its
    /// error when that error is the earliest so far.
    pub fn check<T>(&mut self, id: &str, n: usize, result: anyhow::Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let at = self.positions.at(id, n);
                if self.first.as_ref().is_none_or(|(first, _)| at < *first) {
                    self.first = Some((at, e));
                }
                None
            }
        }
    }

    /// A repeatable option whose last value counts, each value read by `read` when it is met
    /// (`-L`, `-v`, `-b`): the last value read, or None when absent or bad.
    pub fn each<T, U>(
        &mut self,
        opt: OptValues<'_, T>,
        mut read: impl FnMut(&T) -> anyhow::Result<U>,
    ) -> Option<U> {
        let mut last = None;
        for (n, v) in opt.values.iter().enumerate() {
            last = self.check(opt.id, n, read(v));
        }
        last
    }

    /// An option BIND takes once (`-P`, `-g`, `-d`): its value is read by `read` when it is
    /// met, and a second occurrence is `FLAG specified more than once` at that occurrence,
    /// before its value is looked at. `flag` is how the message names it (`-P sync`).
    pub fn once<T, U>(
        &mut self,
        opt: OptValues<'_, T>,
        flag: &str,
        read: impl FnOnce(&T) -> anyhow::Result<U>,
    ) -> Option<U> {
        if opt.values.len() > 1 {
            self.check::<()>(
                opt.id,
                1,
                Err(anyhow::anyhow!("{flag} specified more than once")),
            );
        }
        let first = opt.values.first()?;
        self.check(opt.id, 0, read(first))
    }

    /// How many times option `id` was met before the earliest failure: for a flag whose
    /// occurrences each do something as the loop meets them (keygen's `-e` warning).
    pub fn times_reached(&self, id: &str) -> usize {
        let all = self.positions.by_id.get(id).map_or(&[][..], Vec::as_slice);
        all.iter()
            .filter(|at| self.first.as_ref().is_none_or(|(first, _)| *first > **at))
            .count()
    }

    /// The earliest failure, if any: the one BIND's loop stops at. When none, a stop met
    /// after the options (usage, version, an unknown option, a missing value) is acted on
    /// here: it prints and exits.
    pub fn finish(self) -> anyhow::Result<()> {
        match (self.first, &self.positions.stop) {
            (Some((_, e)), _) => Err(e),
            (None, Some((early, spec))) => super::parse::stop_early(spec, early),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(list: &[(&str, &[usize])]) -> Positions {
        Positions {
            by_id: list
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect(),
            stop: None,
        }
    }

    #[test]
    fn the_earliest_failure_is_reported_whatever_the_check_order() {
        // -A bad2 -P bogus: -A at 0, -P at 1.
        let p = positions(&[("publish", &[1]), ("activate", &[0])]);
        let mut c = InOrder::new(&p);
        let publish = ["bogus".to_string()];
        let activate = ["bad2".to_string()];
        let bad = |v: &String| -> anyhow::Result<()> { anyhow::bail!("bad {v}") };
        c.once(
            OptValues {
                id: "publish",
                values: &publish,
            },
            "-P",
            bad,
        );
        c.once(
            OptValues {
                id: "activate",
                values: &activate,
            },
            "-A",
            bad,
        );
        assert_eq!(c.finish().unwrap_err().to_string(), "bad bad2");
    }

    #[test]
    fn a_repeat_fails_where_it_stands_before_its_value_is_read() {
        // -P now -A bad -P now: the repeat at 2 comes after -A's bad value at 1.
        let p = positions(&[("publish", &[0, 2]), ("activate", &[1])]);
        let publish = ["now".to_string(), "now".to_string()];
        let activate = ["bad".to_string()];
        let mut c = InOrder::new(&p);
        let good = |_: &String| -> anyhow::Result<()> { Ok(()) };
        c.once(
            OptValues {
                id: "publish",
                values: &publish,
            },
            "-P",
            good,
        );
        assert_eq!(c.times_reached("activate"), 1);
        c.once(
            OptValues {
                id: "activate",
                values: &activate,
            },
            "-A",
            |v| -> anyhow::Result<()> { anyhow::bail!("bad {v}") },
        );
        assert_eq!(c.times_reached("publish"), 1, "the repeat is not reached");
        assert_eq!(c.finish().unwrap_err().to_string(), "bad bad");
        // Alone, the repeat is the failure.
        let mut c = InOrder::new(&p);
        c.once(
            OptValues {
                id: "publish",
                values: &publish,
            },
            "-P",
            good,
        );
        assert_eq!(
            c.finish().unwrap_err().to_string(),
            "-P specified more than once"
        );
    }

    #[test]
    fn each_keeps_the_last_value_and_the_first_bad_one() {
        let p = positions(&[("ttl", &[0, 1, 2])]);
        let values = ["1".to_string(), "x".to_string(), "3".to_string()];
        let mut c = InOrder::new(&p);
        let read = |v: &String| v.parse::<u32>().map_err(|_| anyhow::anyhow!("bad {v}"));
        assert_eq!(
            c.each(
                OptValues {
                    id: "ttl",
                    values: &values[..1]
                },
                read
            ),
            Some(1)
        );
        assert!(c
            .each(
                OptValues {
                    id: "ttl",
                    values: &values
                },
                read
            )
            .is_some());
        assert_eq!(c.finish().unwrap_err().to_string(), "bad x");
    }
}
