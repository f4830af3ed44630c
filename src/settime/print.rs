//! settime `-p` and `-u` (docs/bind-compat.md, "settime"): which times to print, in BIND's
//! fixed order and with its labels, and how one line looks.

use dnssec_core::key::{KeyTiming, TimeField};
use dnssec_core::time::format_ctime;

/// The printable times in the order BIND prints them (docs/bind-compat.md, "settime").
pub const ORDER: [TimeField; 10] = TimeField::ALL;

/// A time's label in `-p` output: the key-file tag, but for the sync and DS times, which
/// BIND words on their own.
fn label(field: TimeField) -> &'static str {
    match field {
        TimeField::SyncPublish => "SYNC Publish",
        TimeField::SyncDelete => "SYNC Delete",
        TimeField::DsPublish => "DS Publish",
        TimeField::DsDelete => "DS Delete",
        other => other.tag(),
    }
}

/// The set of times `-p` asked for; repeated `-p` options add up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrintSet(Vec<TimeField>);

impl PrintSet {
    /// True when nothing is to be printed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds one `-p` argument: exactly `all`, or a run of `C`, `P`, `Psync`, `Pds`, `A`,
    /// `R`, `I`, `D`, `Dsync`, `Dds`. Anything else (including an empty argument) is a
    /// usage error, reported by the caller; None then.
    pub fn add(&mut self, spec: &str) -> Option<()> {
        if spec == "all" {
            self.0.extend(ORDER);
            return Some(());
        }
        if spec.is_empty() {
            return None;
        }
        let mut rest = spec;
        while let Some(c) = rest.chars().next() {
            rest = &rest[1..];
            let (sync, ds) = (rest.starts_with("sync"), rest.starts_with("ds"));
            let field = match (c, sync, ds) {
                ('C', ..) => TimeField::Created,
                ('A', ..) => TimeField::Activate,
                ('R', ..) => TimeField::Revoke,
                ('I', ..) => TimeField::Inactive,
                ('P', true, _) => TimeField::SyncPublish,
                ('P', _, true) => TimeField::DsPublish,
                ('P', ..) => TimeField::Publish,
                ('D', true, _) => TimeField::SyncDelete,
                ('D', _, true) => TimeField::DsDelete,
                ('D', ..) => TimeField::Delete,
                _ => return None,
            };
            if matches!(field, TimeField::SyncPublish | TimeField::SyncDelete) {
                rest = &rest[4..];
            } else if matches!(field, TimeField::DsPublish | TimeField::DsDelete) {
                rest = &rest[2..];
            }
            self.0.push(field);
        }
        Some(())
    }

    /// The output lines, in BIND's order, each once; `epoch` is `-u`.
    pub fn lines(&self, timing: &KeyTiming, epoch: bool) -> Vec<String> {
        ORDER
            .into_iter()
            .filter(|f| self.0.contains(f))
            .map(|field| {
                let label = label(field);
                let value = match timing.get(field) {
                    None => "UNSET".to_string(),
                    Some(t) if epoch => t.0.to_string(),
                    Some(t) => format_ctime(t),
                };
                format!("{label}: {value}")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dnssec_core::time::UnixTime;

    fn set(specs: &[&str]) -> Option<PrintSet> {
        let mut s = PrintSet::default();
        for spec in specs {
            s.add(spec)?;
        }
        Some(s)
    }

    #[test]
    fn grammar_matches_bind() {
        assert_eq!(set(&["all"]).unwrap().0.len(), 10);
        for bad in [
            "", "Pall", "all,P", "allP", "al", "Psyncds", "pds", "Cx", "P,A",
        ] {
            assert!(set(&[bad]).is_none(), "{bad}");
        }
        let timing = KeyTiming {
            publish: Some(UnixTime(1_796_083_200)),
            ..KeyTiming::default()
        };
        assert_eq!(
            set(&["Dds", "Dsync"]).unwrap().lines(&timing, true),
            ["SYNC Delete: UNSET", "DS Delete: UNSET"]
        );
        assert_eq!(
            set(&["PAP"]).unwrap().lines(&timing, true),
            ["Publish: 1796083200", "Activate: UNSET"]
        );
        assert_eq!(
            set(&["PdsPsyncCC"]).unwrap().lines(&timing, true),
            ["Created: UNSET", "SYNC Publish: UNSET", "DS Publish: UNSET"]
        );
    }
}
