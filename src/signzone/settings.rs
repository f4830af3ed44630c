//! signzone's flags (docs/bind-compat.md, "signzone: options") and their checked meaning.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use dnssec_core::sign::SerialMethod;
use dnssec_core::sign::SplitRules;
use dnssec_core::time::{parse_time, parse_ttl, Serial, TimeSpec, UnixTime};
use dnssec_core::zonefile::raw::RawVersion;
use dnssec_core::{Class, Name, Ttl};

use super::args::Args;
use crate::cli::{self, last};

/// The output formats of `-O` (docs/bind-compat.md, "signzone: output formats and order").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// BIND's multi-line explicit-TTL style.
    Text,
    /// One record per line.
    Full,
    /// BIND's binary raw format (docs/bind-compat.md, "signzone: output formats and order").
    Raw(RawVersion),
}

/// Everything a run needs, checked.
pub struct Settings {
    pub zone_file: PathBuf,
    pub origin: Name,
    /// `-o` was given (else the origin is the zone file's name, as in BIND).
    pub origin_given: bool,
    pub class: Class,
    pub output: OsString,
    pub format: OutputFormat,
    pub key_dir: PathBuf,
    pub ds_dir: PathBuf,
    pub explicit_keys: Vec<OsString>,
    pub forced_ksks: Vec<OsString>,
    pub smart: bool,
    pub now: UnixTime,
    pub today: u32,
    pub start: UnixTime,
    pub end: UnixTime,
    pub dnskey_end: UnixTime,
    pub cycle: u32,
    pub jitter: u32,
    pub serial: SerialMethod,
    pub nsec3_salt: Option<Vec<u8>>,
    /// `-H`, when given.
    pub iterations: Option<u16>,
    /// `-H too-many`: BIND's test value, 151 without the limit check.
    pub iterations_unchecked: bool,
    pub opt_out: bool,
    pub update_chain: bool,
    pub generate_ds: bool,
    pub keyset_file: bool,
    pub split: SplitRules,
    pub key_ttl: Option<Ttl>,
    pub max_ttl: Option<Ttl>,
    pub dnssec_only: bool,
    pub input_raw: bool,
    /// `-L`: the source serial for a raw version 1 header.
    pub source_serial: Option<Serial>,
    pub no_verify: bool,
    pub drop_inactive: bool,
    pub drop_unpublished: bool,
    pub verify_new: bool,
    pub stats: bool,
    pub threads: Option<usize>,
    pub quiet: bool,
    pub verbose: u32,
}

impl Settings {
    /// True when the zone goes to standard output (`-f -`): the report then goes to stderr.
    pub fn output_is_stdout(&self) -> bool {
        self.output == "-"
    }
}

fn time(text: &str, base: UnixTime, now: UnixTime) -> Result<Option<UnixTime>> {
    Ok(match parse_time(text, base, now)? {
        TimeSpec::Set(t) => Some(t),
        TimeSpec::Unset => None,
    })
}

/// An option BIND reads with `strtol` into a C `int` and refuses when negative (`-i`,
/// `-j`): the long is cut to its low 32 bits first, so 4294967295 is -1 and refused while
/// 4294967296 is 0 (docs/bind-compat.md, "signzone: validity, limits and signals").
fn c_int_non_negative(text: &str) -> Option<u32> {
    let (n, _) = cli::strtol(text, 0)?;
    u32::try_from(n as i32).ok()
}

/// `-O` (docs/bind-compat.md, "signzone: options"): BIND compares case-insensitively and reads
/// `raw=N` with strtol.
fn output_format(text: &str) -> Result<OutputFormat> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "text" => return Ok(OutputFormat::Text),
        "full" => return Ok(OutputFormat::Full),
        "raw" => return Ok(OutputFormat::Raw(RawVersion::V1)),
        _ => {}
    }
    let Some(number) = lower.strip_prefix("raw=") else {
        bail!("unknown file format: {text}");
    };
    match cli::strtol(number, 10) {
        Some((n, true)) => u32::try_from(n)
            .ok()
            .and_then(RawVersion::from_number)
            .map(OutputFormat::Raw)
            .ok_or_else(|| cli::Plain("unknown raw format version".into()).into()),
        _ => Err(cli::Plain("unknown raw format version".into()).into()),
    }
}

/// `-I` (docs/bind-compat.md, "signzone: options"): true for raw. A version is accepted and
/// ignored, with BIND's bare warning.
fn input_format(text: &str) -> Result<bool> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "text" => Ok(false),
        "raw" => Ok(true),
        l if l.starts_with("raw=") => {
            crate::errln!("WARNING: input format version ignored");
            Ok(true)
        }
        _ => bail!("unknown file format: {text}"),
    }
}

fn hex_salt(text: &str) -> Result<Vec<u8>> {
    if text == "-" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    if dnssec_core::encoding::hex_decode(text.as_bytes(), &mut out).is_none()
        || !text.len().is_multiple_of(2)
    {
        bail!("isc_hex_decodestring(salt): bad hex encoding");
    }
    Ok(out)
}

impl Args {
    /// Checks the flags in BIND's order and with its messages (docs/bind-compat.md,
    /// "signzone: options" and "command line: options, usage and exit status").
    pub fn settings(self) -> Result<Settings> {
        if last(&self.randomdev).is_some() {
            bail!("The -r options has been deprecated.");
        }
        if last(&self.pseudorandom).is_some() {
            bail!("The -p option has been deprecated.");
        }
        if last(&self.lookaside).is_some() {
            bail!("-l option (DLV lookaside) is obsolete");
        }
        // BIND checks -L inside its option loop and prints the complaint bare.
        let source_serial = match last(&self.source_serial) {
            None => None,
            Some(l) => match cli::strtol(l, 0) {
                Some((n, _)) => Some(Serial(n as u32)),
                None => {
                    return Err(cli::Plain("source serial number must be numeric".into()).into())
                }
            },
        };
        // BIND: strtol into an int, any value.
        let verbose = match last(&self.verbose) {
            None => 0,
            Some(v) => match cli::strtol(v, 0) {
                Some((n, _)) => (n as i32).max(0) as u32,
                None => bail!("verbose level must be numeric"),
            },
        };
        // BIND: strtol into an unsigned int, refused above INT32_MAX (so every negative
        // number is refused); 0 means the default. Our pool is capped at 1024 threads.
        let threads = match last(&self.threads) {
            None => None,
            Some(t) => match cli::strtol(t, 0).map(|(n, _)| n as u32) {
                Some(n) if n > i32::MAX as u32 => bail!("number of cpus must be numeric"),
                Some(0) => None,
                Some(n) => Some(n.min(1024) as usize),
                None => bail!("number of cpus must be numeric"),
            },
        };
        let Some(zone_file) = self.args.first().cloned() else {
            bail!("zone file not specified");
        };
        let explicit_keys = self.args.get(1..).unwrap_or_default().to_vec();
        // The origin (or the zone file name standing in for it) is read from its bytes.
        let origin_arg = cli::last_os(&self.origin).unwrap_or(&zone_file);
        let origin = cli::name_arg(origin_arg)
            .map_err(|e| anyhow!("failed to parse origin '{}': {e}", cli::text(origin_arg)))?;
        let class = cli::class(&self.class)?;
        let input_raw = last(&self.input_format).map(input_format).transpose()?;
        let format = last(&self.output_format).map(output_format).transpose()?;
        let output = cli::last_os(&self.output)
            .map(OsString::from)
            .unwrap_or_else(|| {
                let mut o = zone_file.clone();
                o.push(".signed");
                o
            });
        let format = format.unwrap_or(if output == "-" {
            OutputFormat::Full
        } else {
            OutputFormat::Text
        });
        let serial = match last(&self.serial) {
            None => SerialMethod::Keep,
            Some(m) => {
                SerialMethod::parse(m).ok_or_else(|| anyhow!("unknown soa serial format: {m}"))?
            }
        };
        let cycle = match last(&self.cycle) {
            None => None,
            Some(c) => match c_int_non_negative(c) {
                Some(n) => Some(n),
                None => bail!("cycle period must be numeric and positive"),
            },
        };
        let jitter = match last(&self.jitter) {
            None => 0,
            Some(c) => match c_int_non_negative(c) {
                Some(n) => n,
                None => bail!("jitter must be numeric and positive"),
            },
        };
        // None: -H not given (an existing chain's count is then taken over).
        let iterations = match last(&self.iterations) {
            None => None,
            // Reported once the zone is loaded (sign.rs), as BIND does.
            Some("too-many") => Some(151),
            Some(t) => {
                // BIND reads -H with strtoul: a negative number or an overflow is huge.
                let (n, _) =
                    cli::strtol(t, 0).ok_or_else(|| anyhow!("iterations must be numeric"))?;
                if !(0..=0xffff).contains(&n) {
                    bail!("iterations too big");
                }
                // The 150 limit is checked once the chain is chosen, as BIND does it
                // after loading the zone (mod.rs, choose_chain).
                Some(n as u16)
            }
        };
        let nsec3_salt = last(&self.nsec3_salt).map(hex_salt).transpose()?;
        let key_ttl = last(&self.key_ttl).map(parse_ttl).transpose()?;
        // BIND: strtol into a 32-bit TTL, no units, the complaint printed bare.
        let max_ttl = match last(&self.max_ttl) {
            None => None,
            Some(m) => match cli::strtol(m, 0) {
                Some((n, _)) => Some(Ttl(n as u32)),
                None => return Err(cli::Plain("maximum TTL must be numeric".into()).into()),
            },
        };
        let ds_dir = match cli::last_os(&self.ds_dir) {
            None => PathBuf::from("."),
            Some(d) if d.is_empty() => bail!("DS directory must be non-empty string"),
            Some(d) => {
                if !std::path::Path::new(d).is_dir() {
                    bail!("cannot open directory {}: file not found", cli::show(d));
                }
                PathBuf::from(d)
            }
        };
        let key_dir = PathBuf::from(cli::last_os(&self.key_dir).unwrap_or(".".as_ref()));
        if self.dnssec_only {
            if matches!(format, OutputFormat::Raw(_)) {
                bail!("option -D can only be used with \"-O text\"");
            }
            if serial != SerialMethod::Keep {
                bail!("option -D can only be used with \"-N keep\"");
            }
            if max_ttl.is_some() {
                bail!("option -D cannot be used with -M");
            }
        }
        if self.ksk.len() > 8 {
            bail!("too many key-signing keys specified");
        }
        let now = UnixTime::now();
        let start = match last(&self.start) {
            None => now.offset(-3600),
            Some(t) => time(t, now, now)?.unwrap_or(UnixTime::EPOCH),
        };
        let end = match last(&self.end) {
            None => start.offset(30 * 86400),
            Some(t) => time(t, start, now)?.unwrap_or(UnixTime::EPOCH),
        };
        let dnskey_end = match last(&self.dnskey_end) {
            None => end,
            Some(t) => {
                let x = time(t, start, now)?.unwrap_or(UnixTime::EPOCH);
                if last(&self.end).is_some() && x == end {
                    crate::errln!("WARNING: -e and -X were both set, but have identical values.");
                }
                x
            }
        };
        let cycle = cycle.unwrap_or(((end.0 - start.0).max(0) / 4).min(u32::MAX as i64) as u32);
        let today = {
            use chrono::Datelike;
            let d = chrono::Local::now().date_naive();
            (d.year() as u32) * 10000 + d.month() * 100 + d.day()
        };
        if let Some(e) = last(&self.engine) {
            let _ = e;
        }
        Ok(Settings {
            zone_file: PathBuf::from(zone_file),
            origin,
            origin_given: cli::last_os(&self.origin).is_some(),
            class,
            output,
            format,
            key_dir,
            ds_dir,
            explicit_keys,
            forced_ksks: self.ksk.clone(),
            smart: self.smart,
            now,
            today,
            start,
            end,
            dnskey_end,
            cycle,
            jitter,
            serial,
            nsec3_salt,
            iterations_unchecked: last(&self.iterations) == Some("too-many"),
            iterations,
            opt_out: self.optout_count % 2 == 1,
            update_chain: self.update_chain,
            generate_ds: self.generate_ds,
            keyset_file: self.keyset_file,
            split: SplitRules {
                ksk_only_keyset: self.ksk_only_keyset,
                ignore_ksk_flag: self.ignore_ksk_flag,
            },
            key_ttl,
            max_ttl,
            dnssec_only: self.dnssec_only,
            input_raw: input_raw.unwrap_or(false),
            source_serial,
            no_verify: self.no_verify,
            drop_inactive: self.drop_inactive,
            drop_unpublished: self.drop_unpublished,
            verify_new: self.verify_new,
            stats: self.stats,
            threads,
            quiet: self.quiet,
            verbose,
        })
    }
}
