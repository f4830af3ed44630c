//! One signing run, everything or nothing: flags checked, the zone read, keys found, the plan
//! made and signed chunk by chunk, the output checked, written and put in place.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{anyhow, bail, Context as _, Result};
use dnssec_core::name::wire_name_len;
use dnssec_core::rr::SigTime;
use dnssec_core::rr::{Nsec3HashAlgorithm, Nsec3Params, MAX_NSEC3_ITERATIONS, NSEC3_OPT_OUT};
use dnssec_core::sign::next_serial;
use dnssec_core::sign::RetainRules;
use dnssec_core::sign::{check_run_times as check_run_times_core, RunTimes, Validity, WindowError};
use dnssec_core::sign::{ChainKind, Changes, OwnedSet, Plan, PlanError};
use dnssec_core::sign::{Context, Counts};
use dnssec_core::zone::{NameRole, Zone};
use dnssec_core::{DigestType, Name, RrType, Ttl};

use super::args::Args;
#[cfg(debug_assertions)]
use super::fault;
use super::settings::{OutputFormat, Settings};
use super::{check, encode, keys, output, report, text};
use crate::cli;

/// Names per signed chunk: large enough that the pool's workers rarely wait between chunks,
/// small enough that a chunk's signatures and text stay a few megabytes.
const CHUNK_NAMES: usize = 4096;

/// Runs one signing (docs/bind-compat.md, "signzone: run, report and statistics"): everything
/// or nothing.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let mut s = args.settings()?;
    if let Some(n) = s.threads {
        // A pool that already exists (tests) keeps its size; output never depends on it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let mut steps = Steps::new(s.verbose);
    // On a terminal only (docs/bind-compat.md, "signzone: operator experience", "Progress").
    let mut progress = cli::Progress::start();
    progress.phase("loading the zone", None, "records");
    let zone = load_zone(&s)?;
    progress.idle();
    steps.done("load and sort the zone");
    if s.iterations_unchecked {
        // BIND says so once the zone is loaded.
        crate::errln!("Ignoring max iterations check.");
    }
    let origin = zone.origin().clone();
    let soa = zone.soa().ok_or_else(|| {
        let missing = if zone.find(&origin).is_some() {
            "NXRRSET"
        } else {
            "NXDOMAIN"
        };
        anyhow!("failed to find an SOA at the zone apex: {missing}")
    })?;
    let soa_ttl = soa.ttl;
    let soa_minimum = soa_minimum(soa.rdata).ok_or_else(|| anyhow!("bad SOA record"))?;
    let soa_rdata = soa.rdata.to_vec();
    let report_to_stderr = s.output_is_stdout();
    let mut report = report::Report::new(report_to_stderr, s.quiet);

    let keyset = keys::KeySet::build(&zone, &s, &mut report)?;
    steps.done("load keys");
    let dnskey_ttl = keyset.dnskey_ttl(&zone, &s, soa_ttl);
    keyset.report_delayed_activation(dnskey_ttl, &mut report);
    if keyset.signing_count() == 0 {
        if s.no_verify {
            cli::warning("No signing keys specified or found.");
        } else {
            bail!("No signing keys specified or found.");
        }
    }
    if s.smart && keyset.lacks_non_ksk() && !keyset.has_unreadable_keys() {
        // What the operator of a CSK means: its keys sign everything, as `-z` makes them and
        // as named signs with a CSK; BIND's signer stops here instead (docs/bind-compat.md,
        // "signzone: operator experience", "A CSK with -S"). Not when a key file failed to
        // load: that may be the ZSK.
        s.split.ignore_ksk_flag = true;
    }
    keyset.check_non_ksk(&s)?;
    if s.smart {
        keyset.warn_timing(&zone, dnskey_ttl, s.split);
    }

    let validity = Validity {
        inception: SigTime::from_unix(s.start.0),
        expiration: SigTime::from_unix(s.end.0),
    };
    let retain = RetainRules {
        now: SigTime::from_unix(s.now.0),
        cycle: s.cycle,
        drop_inactive: s.drop_inactive,
        drop_unpublished: s.drop_unpublished,
    };
    let ctx = Context::new(
        origin.clone(),
        zone.class(),
        keyset.driver_keys(),
        s.split,
        validity,
        SigTime::from_unix(s.dnskey_end.0),
        s.jitter,
        retain,
        s.verify_new,
    );

    // Signatures that are not valid now are refused before anything is written, -P or not
    // (docs/bind-compat.md, "signzone: validity, limits and signals").
    check_run_times(&s, &ctx)?;

    // The dsset file comes before signing (docs/bind-compat.md,
    // "signzone: dsset and keyset files"), so it exists even when the check later fails, as
    // BIND's does.
    output::write_dsset(&s.ds_dir, &origin, s.class, &keyset.ds_keys())?;
    if s.keyset_file {
        output::write_keyset(
            &s.ds_dir,
            &origin,
            s.class,
            &keyset.ds_keys(),
            soa_ttl.min(soa_minimum),
        )?;
    }

    // BIND finds these shapes only once it walks the names to sign: after the keys are
    // read and the dsset file is written.
    check_structure(&zone)?;
    let chain = choose_chain(&zone, &s, &keyset)?;
    let nsec3_over_limit =
        matches!(&chain, ChainKind::Nsec3(p) if p.iterations > MAX_NSEC3_ITERATIONS);
    let nsec3 = matches!(&chain, ChainKind::Nsec3(_));
    let mut apex = vec![keyset.dnskey_set(dnskey_ttl)];
    if s.smart {
        apex.extend(keyset.sync_sets(&zone, dnskey_ttl));
    }
    let (new_serial, serial_warning) = new_soa_serial(&soa_rdata, &s);
    if let Some(w) = serial_warning {
        cli::warning(w);
    }
    let mut new_soa = soa_rdata.clone();
    set_serial(&mut new_soa, new_serial);
    apex.push(OwnedSet {
        rtype: RrType::SOA,
        ttl: soa.ttl,
        rdatas: vec![new_soa],
    });
    let ds = if s.generate_ds {
        child_ds_sets(&zone, &s)?
    } else {
        HashMap::new()
    };
    let mut chain_ttl = soa_ttl.min(soa_minimum);
    if let Some(m) = s.max_ttl {
        chain_ttl = chain_ttl.min(m);
    }
    let changes = Changes {
        apex,
        ds,
        chain,
        chain_ttl,
        max_ttl: s.max_ttl,
    };
    let plan = Plan::new(&zone, changes).map_err(|e| anyhow!("{e}"))?;
    steps.done("plan the changes");

    let sign_started = Instant::now();
    let names_total = zone.name_count() as u64;
    progress.phase("signing", Some(names_total), "names");
    let mut units_seen: u64 = 0;
    let mut chain_phase = false;
    let mut sink = output::Sink::open(&s)?;
    let style = text::Style {
        full: s.format == OutputFormat::Full,
        dnssec_only: s.dnssec_only,
        smart: s.smart,
        sig_ttl_cap: s.end.0.saturating_sub(s.start.0).clamp(0, u32::MAX as i64) as u32,
    };
    let encoder = encode::Encoder::new(&s, style, zone.class());
    sink.write(encoder.header(s.now))?;
    let mut counts = Counts::default();
    let mut checker = check::Checker::new(&ctx, s.no_verify);
    checker.nsec3_over_limit = nsec3_over_limit;
    // With -a, the signed zone is also kept compactly for a second, independent structural
    // check by validate::zone over the records themselves. It roughly doubles memory, so the
    // default check is the streaming one (check.rs), which needs next to none.
    let mut signed_zone =
        (!s.no_verify && s.verify_new).then(|| Zone::new(origin.clone(), zone.class()));
    #[cfg(debug_assertions)]
    let mut fault = fault::Fault::from_env();
    // `mut` is for the debug-only fault hook.
    let result =
        plan.sign_chunks::<ChunkError>(&ctx, CHUNK_NAMES, |#[allow(unused_mut)] mut chunk| {
            #[cfg(debug_assertions)]
            fault.apply(&mut chunk);
            // The names come first, then (NSEC3) the chain's records: one phase each.
            let units = chunk.nodes.len() as u64;
            if nsec3 && !chain_phase && units_seen >= names_total {
                chain_phase = true;
                progress.phase("signing the NSEC3 chain", None, "records");
            }
            units_seen += units;
            progress.counter().fetch_add(units, Ordering::Relaxed);
            checker.observe(&origin, &chunk, &ctx);
            if let Some(z) = signed_zone.as_mut() {
                check::collect(z, &chunk).map_err(ChunkError::Zone)?;
            }
            for set_sigs in &chunk.signed {
                for signed in set_sigs {
                    counts.add(&signed.counts);
                }
            }
            for part in encoder.chunk(&chunk, &zone).map_err(ChunkError::Io)? {
                sink.write(part).map_err(ChunkError::Io)?;
            }
            Ok(())
        });
    if let Err(e) = result {
        sink.abandon();
        return Err(match e {
            ChunkError::Plan(e) => anyhow!("{e}"),
            ChunkError::Io(e) => anyhow!("failed to write the signed zone: {e}"),
            ChunkError::Zone(e) => anyhow!("{e}"),
        });
    }
    progress.finish();
    let sign_time = sign_started.elapsed();
    steps.done("sign, check and write (with the NSEC/NSEC3 chain)");
    let independent = signed_zone.map(|z| check::independent(z, &s)).transpose()?;
    match checker.finish().and_then(|summary| match independent {
        Some(Err(f)) => Err(f),
        _ => Ok(summary),
    }) {
        Ok(summary) => {
            sink = sink.seal()?;
            report.verified(&summary);
        }
        Err(failure) => {
            sink.abandon();
            report.failed(&failure);
            std::process::exit(1);
        }
    }
    sink.commit()?;
    steps.done("sync and rename the output");
    report.done(&s.output);
    if s.stats {
        report.stats(&counts, sign_time, started.elapsed());
    }
    report.flush();
    Ok(())
}

/// Refuses a run whose new signatures would not all be valid now (RFC 4034 section 3.1.5).
/// A period that is empty or reversed gets BIND's wording, which names the first key that
/// would sign with it (a key that signs the SOA, or the DNSKEY RRset for `-X`).
fn check_run_times(s: &Settings, ctx: &Context<'_>) -> Result<()> {
    let times = RunTimes {
        now: s.now.0,
        inception: s.start.0,
        expiration: s.end.0,
        keyset_expiration: s.dnskey_end.0,
        jitter: s.jitter,
    };
    match check_run_times_core(times) {
        Ok(()) => Ok(()),
        Err(WindowError::InvalidTime { keyset }) => {
            let rtype = if keyset { RrType::DNSKEY } else { RrType::SOA };
            match ctx.first_signer_name(rtype) {
                Some(key) => bail!("dnskey '{key}' failed to sign data: invalid time"),
                None => bail!("failed to sign data: invalid time"),
            }
        }
        Err(e) => bail!("{e}"),
    }
}

/// Per-step wall times, printed with `-v 1` or more (`signzone: step: 0.123 s`).
struct Steps {
    verbose: u32,
    last: Instant,
}

impl Steps {
    fn new(verbose: u32) -> Steps {
        Steps {
            verbose,
            last: Instant::now(),
        }
    }

    fn done(&mut self, what: &str) {
        if self.verbose > 0 {
            let t = self.last.elapsed();
            cli::note(format!(
                "{what}: {}.{:03} s",
                t.as_secs(),
                t.subsec_millis()
            ));
        }
        self.last = Instant::now();
    }
}

/// An error inside the chunk loop: signing or writing.
enum ChunkError {
    Plan(PlanError),
    Io(std::io::Error),
    Zone(dnssec_core::zonefile::ZoneError),
}

impl From<PlanError> for ChunkError {
    fn from(e: PlanError) -> ChunkError {
        ChunkError::Plan(e)
    }
}

fn load_zone(s: &Settings) -> Result<Zone> {
    let zone = crate::input::load_zone(&crate::input::ZoneFile {
        path: &s.zone_file,
        origin: &s.origin,
        class: s.class,
        raw: s.input_raw,
        origin_given: s.origin_given,
        hint_origin: false,
        check: None,
    })?;
    crate::input::text::warn_expired(&zone, SigTime::from_unix(s.now.0));
    Ok(zone)
}

/// The zone shapes BIND refuses before signing (docs/bind-compat.md,
/// "signzone: smart signing (-S)", "Delegations"), reported for the first such name in
/// canonical order, as `dnssec-signzone -n 1` does (with more threads BIND reports whichever a
/// thread meets first).
fn check_structure(zone: &Zone) -> Result<()> {
    for node in zone.names() {
        let role = node.role();
        if role == NameRole::Glue || role == NameRole::Occluded {
            continue;
        }
        // A DNSKEY at a delegation is the child's, occluded by the cut: written out unsigned
        // like glue, as BIND does (docs/bind-compat.md, "signzone: key list and chain
        // corners", "DNSKEY at a delegation").
        let occluded = role == NameRole::Delegation;
        if role != NameRole::Apex && !occluded && node.rrset(RrType::DNSKEY).is_some() {
            return Err(with_blank_line(format!(
                "'{}': Non-apex DNSKEY RRset",
                node.name().bind_text()
            )));
        }
        if role != NameRole::Delegation && node.rrset(RrType::DS).is_some() {
            return Err(with_blank_line(format!(
                "'{}': found DS RRset without NS RRset",
                node.name().bind_text()
            )));
        }
    }
    Ok(())
}

/// A fatal message followed by an empty line: BIND's wording of the two shape errors ends
/// in a newline of its own (docs/bind-compat.md, "signzone: key list and chain corners",
/// "DNSKEY at a delegation").
fn with_blank_line(message: String) -> anyhow::Error {
    cli::Lines::new("", [message, String::new()]).into()
}

/// The SOA MINIMUM field (RFC 2308 section 4), which with the SOA TTL bounds the NSEC TTL.
fn soa_minimum(rdata: &[u8]) -> Option<Ttl> {
    let fields = soa_fixed_offset(rdata)?;
    let minimum = rdata.get(fields + 16..fields + 20)?;
    Some(Ttl(u32::from_be_bytes(minimum.try_into().ok()?)))
}

fn soa_fixed_offset(rdata: &[u8]) -> Option<usize> {
    let m = wire_name_len(rdata).ok()?;
    let r = wire_name_len(rdata.get(m..)?).ok()?;
    let off = m + r;
    (rdata.len() == off + 20).then_some(off)
}

fn soa_serial(rdata: &[u8]) -> u32 {
    soa_fixed_offset(rdata)
        .and_then(|o| rdata.get(o..o + 4))
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
        .unwrap_or(0)
}

fn set_serial(rdata: &mut [u8], serial: u32) {
    if let Some(o) = soa_fixed_offset(rdata) {
        if let Some(slot) = rdata.get_mut(o..o + 4) {
            slot.copy_from_slice(&serial.to_be_bytes());
        }
    }
}

fn new_soa_serial(rdata: &[u8], s: &Settings) -> (u32, Option<String>) {
    let old = soa_serial(rdata);
    let (new, warning) = next_serial(old, s.serial, s.now.0 as u32, s.today);
    let mut warning = warning.map(|w| w.to_string());
    if s.serial != dnssec_core::sign::SerialMethod::Keep
        && dnssec_core::time::Serial(new) <= dnssec_core::time::Serial(old)
    {
        warning = Some("Serial number not advanced, zone may not transfer".into());
    }
    (new, warning)
}

/// The existing chain of a signed input (docs/bind-compat.md, "signzone: NSEC and NSEC3 chains").
enum Existing {
    None,
    Nsec,
    /// Apex NSEC3PARAM records, none of which BIND takes for a chain's parameters.
    Nsec3Unusable,
    /// An apex NSEC3PARAM; `records` says whether any NSEC3 record is in the zone too (a
    /// bare NSEC3PARAM is no chain to BIND when -3 is given).
    Nsec3 {
        params: Nsec3Params,
        records: bool,
    },
}

fn existing_chain(zone: &Zone) -> Existing {
    let Some(apex) = zone.find(zone.origin()) else {
        return Existing::None;
    };
    if let Some(p) = apex.rrset(RrType::NSEC3PARAM) {
        // Only an NSEC3PARAM with flags 0 and a hash BIND knows (SHA-1) announces a chain;
        // any other is there but names no chain to keep (docs/bind-compat.md,
        // "signzone: key list and chain corners", "NSEC3PARAM that names no chain").
        let usable = p.rdatas().find_map(|r| {
            Nsec3Params::from_wire(r)
                .ok()
                .filter(|q| q.flags == 0 && q.hash == Nsec3HashAlgorithm::SHA1)
        });
        let Some(params) = usable else {
            return Existing::Nsec3Unusable;
        };
        {
            let mut records = false;
            let opt_out = zone.names().any(|n| {
                n.rrset(RrType::NSEC3).is_some_and(|s| {
                    records = true;
                    s.rdatas()
                        .any(|r| r.get(1).is_some_and(|f| f & NSEC3_OPT_OUT != 0))
                })
            });
            return Existing::Nsec3 {
                params: Nsec3Params {
                    flags: if opt_out { NSEC3_OPT_OUT } else { 0 },
                    ..params
                },
                records: records || opt_out,
            };
        }
    }
    if apex.rrset(RrType::NSEC).is_some() {
        return Existing::Nsec;
    }
    Existing::None
}

/// The refusal of `-H 151`, for every source of the iteration count (docs/bind-compat.md).
fn check_iterations(iterations: u16) -> Result<()> {
    if iterations > MAX_NSEC3_ITERATIONS {
        bail!("NSEC3 iterations too big. Maximum iterations allowed {MAX_NSEC3_ITERATIONS}.");
    }
    Ok(())
}

/// The chain to build (docs/bind-compat.md, "signzone: NSEC and NSEC3 chains"). The NSEC3
/// iteration limit holds whatever the iterations come from: `-H`, an existing chain kept
/// without `-3`, or an existing chain whose iterations `-3` takes over when `-H` is not given
/// (BIND 9.18 does that, with and without `-u`).
fn choose_chain(zone: &Zone, s: &Settings, keyset: &keys::KeySet) -> Result<ChainKind> {
    let existing = existing_chain(zone);
    let Some(salt) = &s.nsec3_salt else {
        return Ok(match existing {
            Existing::Nsec3 { records: false, .. } | Existing::Nsec3Unusable if !s.update_chain => {
                // BIND refuses an NSEC3PARAM without the chain it announces.
                bail!("Zone contains NSEC3 chains.  Use -u to update to NSEC.")
            }
            Existing::Nsec3 { params, .. } if !s.update_chain => {
                // The kept chain is held to -H as BIND does, -3 or not.
                if s.iterations.is_some_and(|h| h != params.iterations) {
                    bail!("An NSEC3 chain exists with different iterations. Use -u to update it.");
                }
                check_iterations(params.iterations)?;
                ChainKind::Nsec3(params)
            }
            _ => ChainKind::Nsec,
        });
    };
    if keyset.has_nsec_only_algorithm() {
        bail!("NSEC3 generation requested with NSEC-only DNSKEY");
    }
    let has_nsec = matches!(existing, Existing::Nsec);
    let chain = match existing {
        Existing::Nsec3 {
            params,
            records: true,
        } => Some(params),
        _ => None,
    };
    let iterations = match (s.iterations, &chain) {
        (Some(n), _) => n,
        (None, Some(p)) => p.iterations,
        (None, None) => 0,
    };
    let wanted = Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags: if s.opt_out { NSEC3_OPT_OUT } else { 0 },
        iterations,
        salt: salt.clone(),
    };
    if !s.update_chain {
        if has_nsec {
            bail!("Zone contains NSEC records.  Use -u to update to NSEC3.");
        }
        if let Some(p) = chain {
            if p.salt != wanted.salt {
                bail!("An NSEC3 chain exists with a different salt. Use -u to update it.");
            }
            if p.iterations != wanted.iterations {
                bail!("An NSEC3 chain exists with different iterations. Use -u to update it.");
            }
            if p.is_opt_out() != wanted.is_opt_out() {
                if wanted.is_opt_out() {
                    bail!("An NSEC3 chain exists without OPTOUT. Use -u -A to set it.");
                }
                bail!("An NSEC3 chain exists with OPTOUT. Use -u -AA to clear it.");
            }
        }
    }
    // After the comparisons, as BIND orders its messages; -H too-many is BIND's unchecked
    // test value.
    if !s.iterations_unchecked {
        check_iterations(iterations)?;
    }
    Ok(ChainKind::Nsec3(wanted))
}

/// `-g`: the DS RRset of each delegation from `dsset-<child>.` (or `keyset-<child>.`) in
/// `-d`; a delegation without either loses its DS (docs/bind-compat.md, "signzone: options").
/// The TTL is the NS TTL.
fn child_ds_sets(zone: &Zone, s: &Settings) -> Result<HashMap<Name, Option<OwnedSet>>> {
    let mut out = HashMap::new();
    for node in zone.names().filter(|n| n.role() == NameRole::Delegation) {
        let name = node.name();
        let ns_ttl = node.rrset(RrType::NS).map(|n| n.ttl()).unwrap_or_default();
        let part = name.key_file_part();
        let dsset = s.ds_dir.join(format!("dsset-{part}"));
        let keyset = s.ds_dir.join(format!("keyset-{part}"));
        let rdatas = if dsset.exists() {
            records_of(&dsset, &name, RrType::DS)?
        } else if keyset.exists() {
            let mut ds = Vec::new();
            for rd in records_of(&keyset, &name, RrType::DNSKEY)? {
                let key = dnssec_core::rr::Dnskey::from_wire(&rd)
                    .map_err(|e| anyhow!("{}: {e}", crate::cli::show(&keyset)))?;
                if key.is_revoked() {
                    continue;
                }
                let d = dnssec_core::crypto::ds_from_dnskey(&name, &key, DigestType::SHA256)
                    .map_err(|e| anyhow!("{e}"))?;
                ds.push(d.to_wire());
            }
            ds
        } else {
            Vec::new()
        };
        let set = (!rdatas.is_empty()).then_some(OwnedSet {
            rtype: RrType::DS,
            ttl: ns_ttl,
            rdatas,
        });
        out.insert(name, set);
    }
    Ok(out)
}

fn records_of(path: &PathBuf, owner: &Name, rtype: RrType) -> Result<Vec<Vec<u8>>> {
    let reader = dnssec_core::zonefile::Reader::from_path(path, Some(Name::root()))
        .map_err(|e| anyhow!("{e}"))?
        .with_default_ttl(Ttl(0));
    let mut out = Vec::new();
    for rec in reader {
        let rec = rec.map_err(|e| anyhow!("{e}"))?;
        if rec.rtype == rtype && rec.owner == *owner {
            out.push(rec.rdata);
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file in the same directory, fsynced and
/// renamed over the target, so readers never see a partial file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = output::TempFile::create(path)?;
    f.write_all(bytes)
        .with_context(|| format!("writing {}", crate::cli::show(path)))?;
    f.commit()?;
    Ok(())
}
