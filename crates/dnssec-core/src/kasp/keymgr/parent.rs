//! `-checkds auto`: judging what the parent's name servers serve for a zone's DS RRset
//! (RFC 4034 section 5; RFC 7344 section 4 leaves the check to the child's operator), and
//! remembering across runs when every server first served it (docs/bind-compat.md,
//! "keymgr: checkds auto"). Nothing here asks a server or reads the clock: the tool asks,
//! this decides.

use super::commands::DsSeen;
use crate::crypto::ds_matches;
use crate::name::Name;
use crate::rr::{Dnskey, Ds};
use crate::time::UnixTime;
use crate::Algorithm;
use std::fmt;
use std::path::{Path, PathBuf};

/// What one server answered for the zone's DS RRset (an authoritative answer; a failure is
/// not a `DsAnswer`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DsAnswer {
    /// The DS records served (empty for NXDOMAIN or NODATA).
    pub ds: Vec<Ds>,
    /// How long a resolver may keep this answer: the DS RRset's TTL, or for a negative
    /// answer the SOA's negative-caching TTL (RFC 2308 section 5).
    pub ttl: u32,
}

/// Every server's answer for one key, judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every server agrees (serves a matching DS for "published", none for "withdrawn");
    /// `ttl` is the longest TTL among their answers.
    AllAgree {
        /// Seconds a resolver may still hold an older answer.
        ttl: u32,
    },
    /// These servers do not agree yet (by the labels the caller gave them).
    Lagging(Vec<String>),
    /// These servers gave no usable answer: nothing can be concluded.
    Failed(Vec<String>),
}

/// True when one of `ds` was made from `key` at `zone`, whatever its digest type (one the
/// kit cannot compute never matches).
pub fn serves_key(ds: &[Ds], zone: &Name, key: &Dnskey) -> bool {
    ds.iter().any(|d| ds_matches(d, zone, key))
}

/// Judges every server's answer (`label`, answer or failure) for `key` against what the
/// key waits for. Extra DS records (stale ones, other keys') do not matter.
pub fn judge<E>(
    zone: &Name,
    key: &Dnskey,
    want: DsSeen,
    answers: &[(String, Result<DsAnswer, E>)],
) -> Verdict {
    let failed: Vec<String> = answers
        .iter()
        .filter(|(_, a)| a.is_err())
        .map(|(l, _)| l.clone())
        .collect();
    if !failed.is_empty() {
        return Verdict::Failed(failed);
    }
    let mut lagging = Vec::new();
    let mut ttl = 0;
    for (label, answer) in answers {
        let Ok(answer) = answer else { continue };
        let has = serves_key(&answer.ds, zone, key);
        if has != (want == DsSeen::Published) {
            lagging.push(label.clone());
        }
        ttl = ttl.max(answer.ttl);
    }
    if lagging.is_empty() {
        Verdict::AllAgree { ttl }
    } else {
        Verdict::Lagging(lagging)
    }
}

/// That every server was seen to agree about a key's DS, from a time on: one line of the
/// zone's `checkds-ZONE` file in the key directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    /// The key's tag.
    pub tag: u16,
    /// The key's algorithm.
    pub algorithm: Algorithm,
    /// What the servers agreed on.
    pub seen: DsSeen,
    /// The run that first saw every server agree.
    pub since: UnixTime,
    /// The longest TTL seen since then.
    pub ttl: u32,
}

/// What to do with a key after judging the servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Record it (as `-checkds published|withdrawn -when T` does) at this time: when every
    /// server was first seen to agree.
    Record(UnixTime),
    /// Every server agrees, but a resolver may hold an older answer until this time.
    WaitTtl(UnixTime),
    /// Not every server agrees, or one did not answer.
    NotYet,
}

/// Decides from this run's verdict and the sighting kept from earlier runs; returns the
/// sighting to keep (none once recorded, or when the servers do not all agree: the wait
/// starts again, which is the safe side).
pub fn decide(
    tag: u16,
    algorithm: Algorithm,
    seen: DsSeen,
    verdict: &Verdict,
    before: Option<&Sighting>,
    now: UnixTime,
) -> (Decision, Option<Sighting>) {
    let Verdict::AllAgree { ttl } = *verdict else {
        return (Decision::NotYet, None);
    };
    let sighting = match before {
        Some(b) if b.seen == seen && b.since <= now => Sighting {
            ttl: b.ttl.max(ttl),
            ..b.clone()
        },
        _ => Sighting {
            tag,
            algorithm,
            seen,
            since: now,
            ttl,
        },
    };
    let until = sighting.since.offset(i64::from(sighting.ttl));
    if until <= now {
        (Decision::Record(sighting.since), None)
    } else {
        (Decision::WaitTtl(until), Some(sighting))
    }
}

/// The sightings file's name for `zone`, in the key directory: `checkds-` and the zone as a
/// key file name writes it (docs/bind-compat.md, "key files: names, modes and lookup"), so
/// that no label can make it a path elsewhere.
pub fn sightings_file(dir: &Path, zone: &Name) -> PathBuf {
    dir.join(format!("checkds-{}", zone.key_file_part()))
}

/// A line of a sightings file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SightingsError {
    /// The file.
    pub path: PathBuf,
    /// The line (from 1).
    pub line: usize,
    /// The field at fault.
    pub field: &'static str,
    /// The text found.
    pub found: String,
}

impl fmt::Display for SightingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: bad {} '{}'",
            crate::error::path_text(&self.path),
            self.line,
            self.field,
            self.found
        )
    }
}

impl std::error::Error for SightingsError {}

const HEADER: &str = "; keymgr -checkds auto: when every parent server was first seen to agree\n\
                      ; tag algorithm published|withdrawn since(unix seconds) ttl\n";

/// Reads a sightings file's text: lines `TAG ALG published|withdrawn SINCE TTL`; `;` starts
/// a comment.
pub fn parse_sightings(path: &Path, text: &str) -> Result<Vec<Sighting>, SightingsError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(';').next().unwrap_or("");
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let bad = |field: &'static str, found: &str| SightingsError {
            path: path.to_path_buf(),
            line: i + 1,
            field,
            found: found.to_string(),
        };
        let [tag, alg, seen, since, ttl] = fields[..] else {
            return Err(bad("line (5 fields expected)", line.trim()));
        };
        out.push(Sighting {
            tag: tag.parse().map_err(|_| bad("key tag", tag))?,
            algorithm: Algorithm(alg.parse().map_err(|_| bad("algorithm", alg))?),
            seen: match seen {
                "published" => DsSeen::Published,
                "withdrawn" => DsSeen::Withdrawn,
                _ => return Err(bad("state", seen)),
            },
            since: UnixTime(since.parse::<u32>().map_err(|_| bad("time", since))?.into()),
            ttl: ttl.parse().map_err(|_| bad("TTL", ttl))?,
        });
    }
    Ok(out)
}

/// A sightings file's text (see [`parse_sightings`]).
pub fn format_sightings(sightings: &[Sighting]) -> String {
    let mut out = String::from(HEADER);
    for s in sightings {
        let seen = match s.seen {
            DsSeen::Published => "published",
            DsSeen::Withdrawn => "withdrawn",
        };
        out.push_str(&format!(
            "{} {} {seen} {} {}\n",
            s.tag, s.algorithm.0, s.since.0, s.ttl
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::ds_from_dnskey;
    use crate::DigestType;

    fn zone() -> Name {
        Name::parse("example.", None).unwrap()
    }

    fn key() -> Dnskey {
        crate::test_util::sample_dnskey()
    }

    fn answer(ds: Vec<Ds>, ttl: u32) -> Result<DsAnswer, ()> {
        Ok(DsAnswer { ds, ttl })
    }

    #[test]
    fn any_digest_type_counts_and_extras_do_not_block() {
        let (z, k) = (zone(), key());
        let sha256 = ds_from_dnskey(&z, &k, DigestType::SHA256).unwrap();
        let sha384 = ds_from_dnskey(&z, &k, DigestType(4)).unwrap();
        let mut stale = sha256.clone();
        stale.key_tag ^= 1;
        let answers = vec![
            (
                "a".to_string(),
                answer(vec![sha256.clone(), stale.clone()], 300),
            ),
            ("b".to_string(), answer(vec![sha384], 600)),
        ];
        let v = judge(&z, &k, DsSeen::Published, &answers);
        assert_eq!(v, Verdict::AllAgree { ttl: 600 });
        let lag = vec![
            ("a".to_string(), answer(vec![sha256], 300)),
            ("b".to_string(), answer(vec![stale], 300)),
        ];
        assert_eq!(
            judge(&z, &k, DsSeen::Published, &lag),
            Verdict::Lagging(vec!["b".into()])
        );
        assert_eq!(
            judge(&z, &k, DsSeen::Withdrawn, &lag),
            Verdict::Lagging(vec!["a".into()])
        );
        let failed = vec![
            ("a".to_string(), Err(())),
            ("b".to_string(), answer(vec![], 1)),
        ];
        assert_eq!(
            judge(&z, &k, DsSeen::Withdrawn, &failed),
            Verdict::Failed(vec!["a".into()])
        );
    }

    #[test]
    fn records_only_after_the_ttl_since_first_agreement() {
        let alg = Algorithm(13);
        let agree = Verdict::AllAgree { ttl: 300 };
        let t = UnixTime(1_000_000);
        let (d, s) = decide(1, alg, DsSeen::Published, &agree, None, t);
        assert_eq!(d, Decision::WaitTtl(t.offset(300)));
        let s = s.unwrap();
        let (d, s2) = decide(1, alg, DsSeen::Published, &agree, Some(&s), t.offset(299));
        assert_eq!(d, Decision::WaitTtl(t.offset(300)));
        assert_eq!(s2.as_ref(), Some(&s));
        let (d, s3) = decide(1, alg, DsSeen::Published, &agree, Some(&s), t.offset(300));
        assert_eq!((d, s3), (Decision::Record(t), None));
        // A lagging server forgets the sighting: the wait starts again.
        let lag = Verdict::Lagging(vec!["a".into()]);
        let (d, s4) = decide(1, alg, DsSeen::Published, &lag, Some(&s), t.offset(900));
        assert_eq!((d, s4), (Decision::NotYet, None));
        // A longer TTL seen later extends the wait.
        let longer = Verdict::AllAgree { ttl: 900 };
        let (d, _) = decide(1, alg, DsSeen::Published, &longer, Some(&s), t.offset(300));
        assert_eq!(d, Decision::WaitTtl(t.offset(900)));
    }

    #[test]
    fn sightings_round_trip_and_bad_lines_are_named() {
        let s = vec![Sighting {
            tag: 4711,
            algorithm: Algorithm(13),
            seen: DsSeen::Withdrawn,
            since: UnixTime(1_700_000_000),
            ttl: 3600,
        }];
        let p = Path::new("checkds-example.");
        assert_eq!(parse_sightings(p, &format_sightings(&s)).unwrap(), s);
        let e = parse_sightings(p, "; c\n1 13 published x 5\n").unwrap_err();
        assert_eq!((e.line, e.field, e.found.as_str()), (2, "time", "x"));
        assert_eq!(e.to_string(), "checkds-example.:2: bad time 'x'");
        let e = parse_sightings(p, "1 13 published\n").unwrap_err();
        assert_eq!(e.field, "line (5 fields expected)");
    }

    #[test]
    fn the_file_name_stays_in_the_key_directory() {
        let z = Name::parse("a/b.Example.", None).unwrap();
        assert_eq!(
            sightings_file(Path::new("k"), &z),
            Path::new("k").join("checkds-a%2Fb.example.")
        );
    }
}
