//! The three sources of keys (a `.key` file, a zone file with `-f`, a keyset with `-s`)
//! and the DS lines printed for them.

use super::args::Args;
use crate::cli;
use crate::input::zonekeys;
use anyhow::{anyhow, bail, Result};
use dnssec_core::key::Key;
use dnssec_core::key::KeyPath;
use dnssec_core::rr::Dnskey;
use dnssec_core::time::parse_ttl;
use dnssec_core::{Class, DigestType, Name, Ttl};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

/// What to print for each key.
struct Output {
    digests: Vec<DigestType>,
    ttl: Option<Ttl>,
    class: Class,
    cds: bool,
}

pub(super) fn run(a: Args) -> Result<()> {
    if !a.lookaside.is_empty() {
        bail!("-l option (DLV lookaside) is obsolete");
    }
    let mut dir = cli::last_os(&a.directory).map(PathBuf::from);
    if let Some(d) = cli::last_os(&a.old_directory) {
        cli::note("the -d option is deprecated; use -K");
        dir = Some(PathBuf::from(d));
    }
    cli::verbosity(cli::last(&a.verbose))?;
    let mut digests = Vec::new();
    if a.sha1 {
        digests.push(DigestType::SHA1);
    }
    if a.sha256 {
        digests.push(DigestType::SHA256);
    }
    for text in &a.digest {
        digests.push(DigestType::parse(text)?);
    }
    if digests.is_empty() {
        digests.push(DigestType::SHA256);
    }
    digests.sort();
    digests.dedup();
    let ttl = cli::last(&a.ttl).map(parse_ttl).transpose()?;
    let class = cli::class(&a.class)?;
    let file = cli::last_os(&a.file);
    if a.keyset && file.is_some() {
        bail!("cannot use both -s and -f");
    }
    let out = Output {
        digests,
        ttl,
        class,
        cds: a.cds,
    };

    if let Some(file) = file {
        let zone = match a.args.as_slice() {
            [] => file,
            [name] => name.as_os_str(),
            _ => bail!("extraneous arguments"),
        };
        let origin = parse_name(zone)?;
        let keys = zonekeys::read(file.as_ref(), &origin, class)?;
        check_keys(&cli::text(file), &keys, !a.all)?;
        return print_keys(&origin, &keys, !a.all, &out);
    }
    let target = match a.args.as_slice() {
        [] => bail!("the key file name was not specified"),
        [one] => one.as_os_str(),
        _ => bail!("extraneous arguments"),
    };
    if a.keyset {
        let origin = parse_name(target)?;
        let file = format!("keyset-{}", origin.key_file_part());
        let path = match &dir {
            Some(d) => d.join(file),
            None => PathBuf::from(file),
        };
        let keys = zonekeys::read(&path, &origin, class)?;
        check_keys(&cli::show(&path), &keys, false)?;
        return print_keys(&origin, &keys, false, &out);
    }
    // Keyfile mode: only the .key is read, relative to the cwd or as given; -K is ignored
    // here (docs/bind-compat.md, "quirks" item 2). A failure names the argument as typed
    // with `.key` appended, suffix or not (docs/bind-compat.md, "small fidelity
    // items").
    let path = KeyPath::parse_os(target, None);
    let key = Key::load_public_file(&path.file("key")).map_err(|e| {
        anyhow!(
            "can't load {}.key: {}",
            cli::text(target),
            cli::key_error(&e)
        )
    })?;
    print_keys(&key.owner, &[key.dnskey], false, &out)
}

fn parse_name(arg: &OsStr) -> Result<Name> {
    cli::name_arg(arg).map_err(|e| anyhow!("invalid name {}: {e}", cli::text(arg)))
}

/// Refuses a DS for a key no validator can use (a point off its curve, a key field of the
/// wrong length, the extended-flags bit): BIND's `-f` and `-s` modes hash any bytes, but a DS
/// for such a key can only make the zone bogus (docs/bind-compat.md, "keys: times, fields
/// and checks"). Only the keys a DS would be printed for are judged, before anything is printed.
fn check_keys(file: &str, keys: &[Dnskey], ksk_only: bool) -> Result<()> {
    for key in keys {
        if key.is_revoked() || (ksk_only && !key.is_ksk()) {
            continue;
        }
        dnssec_core::key::check_public_key(key).map_err(|e| {
            anyhow!(
                "can't load {file}: DNSKEY {} {} {} (key tag {}): {e}",
                key.flags,
                key.protocol,
                key.algorithm.0,
                key.key_tag()
            )
        })?;
    }
    Ok(())
}

/// Prints the records for `keys` at `owner`, in canonical rdata order, skipping revoked
/// keys and, when `ksk_only`, keys without the SEP flag.
fn print_keys(owner: &Name, keys: &[Dnskey], ksk_only: bool, out: &Output) -> Result<()> {
    let mut sorted: Vec<&Dnskey> = keys.iter().collect();
    sorted.sort_by_key(|k| k.to_wire());
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    for key in sorted {
        // BIND's warning names the index of SHA-1 in its digest table (0), once per key,
        // printed even for keys it then skips (docs/bind-compat.md, "quirks" item 2; kept on
        // purpose).
        if out.digests.contains(&DigestType::SHA1) {
            crate::errln!("WARNING: DS digest type 0 is deprecated");
        }
        if key.is_revoked() || (ksk_only && !key.is_ksk()) {
            continue;
        }
        // All of a key's records are built before any is printed: a digest that cannot be
        // computed (GOST) fails the run with nothing on stdout, as with BIND.
        let lines = out
            .digests
            .iter()
            .map(|&dt| {
                Ok(dnssec_core::crypto::ds_from_dnskey(owner, key, dt)?
                    .text_line(owner, out.ttl, out.class, out.cds))
            })
            .collect::<Result<Vec<String>>>()?;
        for line in lines {
            stdout.write_all(line.as_bytes())?;
        }
    }
    stdout.flush()?;
    Ok(())
}
