//! The DNSKEY records at a zone's apex, read from a zone file, a keyset file, or standard
//! input holding a zone or `dig` output (dsfromkey `-f`/`-s`, docs/bind-compat.md,
//! "dsfromkey"), with BIND's messages: loader warnings as `prog: warning: FILE:LINE: ...`, and
//! the fatal `can't load FILE: ...` / `no DNSKEY RR for NAME in FILE`.

use super::bounded;
use crate::cli;
use anyhow::{anyhow, bail, Result};
use dnssec_core::rr::Dnskey;
use dnssec_core::zonefile::bind_report::{self, Severity};
use dnssec_core::zonefile::{Reader, ZoneError};
use dnssec_core::{Class, Name, RrType};

/// How BIND names standard input in its final messages (`no DNSKEY RR for x in input`).
pub const STDIN_LABEL: &str = "input";

/// How standard input is named in loader warnings; BIND prints a stream address there
/// (`stream-0x7f…`), which no script can depend on.
pub const STDIN_STREAM_LABEL: &str = "stream-stdin";

/// Reads `file` (`-` for standard input) as a zone with origin `origin` and class `class`
/// and returns the DNSKEY rdata owned by `origin`, in file order. The path is opened as given;
/// messages show it through [`cli::show`].
pub fn read(path: &std::path::Path, origin: &Name, class: Class) -> Result<Vec<Dnskey>> {
    let shown = cli::show(path);
    let file = shown.as_str();
    // A regular file is read by the zone reader (which follows its `$INCLUDE`s); standard
    // input and other pipes or devices are read whole first, with a bound.
    let stdin = path.as_os_str() == "-";
    let regular = !stdin && std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let (reader, label) = if stdin {
        let buf = bounded::read(path.as_os_str())
            .map_err(|e| anyhow!("can't load from {STDIN_LABEL}: {e}"))?;
        (
            Reader::from_bytes(buf, STDIN_STREAM_LABEL, Some(origin.clone())),
            STDIN_LABEL,
        )
    } else if !regular && path.exists() {
        let buf = bounded::read(path.as_os_str()).map_err(|e| anyhow!("can't load {file}: {e}"))?;
        (Reader::from_bytes(buf, file, Some(origin.clone())), file)
    } else {
        let reader =
            Reader::from_path(path, Some(origin.clone())).map_err(|e| load_error(file, &e))?;
        (reader, file)
    };
    let mut reader = reader.with_class(class);
    let mut keys = Vec::new();
    loop {
        let item = match reader.next_ref() {
            None => break,
            Some(Ok(r)) if r.rtype == RrType::DNSKEY && r.owner == origin => {
                Some(Dnskey::from_wire(r.rdata))
            }
            Some(Ok(_)) => None,
            Some(Err(e)) => {
                print_warnings(&mut reader);
                return Err(load_error(
                    if file == "-" { "from input" } else { file },
                    &e,
                ));
            }
        };
        print_warnings(&mut reader);
        if let Some(key) = item {
            keys.push(key.map_err(|e| anyhow!("can't load {label}: {e}"))?);
        }
    }
    print_warnings(&mut reader);
    if keys.is_empty() {
        bail!("no DNSKEY RR for {} in {label}", origin.to_message_string());
    }
    Ok(keys)
}

fn print_warnings(reader: &mut Reader) {
    for w in reader.take_warnings() {
        cli::warning(w);
    }
}

/// BIND's two-step report of a zone that does not load: the located reason as warning or
/// error lines (worded by `bind_report`, as signzone and verify word them), then `can't
/// load FILE: <result>` as the fatal message.
pub(crate) fn load_error(file: &str, e: &ZoneError) -> anyhow::Error {
    let report = bind_report::report(e);
    for line in &report.lines {
        match line.severity {
            Severity::Error => cli::error(&line.text),
            Severity::Warning => cli::warning(&line.text),
        }
    }
    anyhow!("can't load {file}: {}", report.result)
}
