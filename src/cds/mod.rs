//! dnssec-cds (docs/bind-compat.md, "cds"; RFC 7344, RFC 8078): turn a child's CDS/CDNSKEY
//! records into the parent's next DS set, but only after proving them with the DS set the
//! parent already trusts, and only when the new set still validates the child's DNSKEY RRset.
//!
//! Every step either succeeds or returns an error; the product (DS lines or an nsupdate
//! script) is built as one string and printed only when everything, including the in-place
//! rewrite, has succeeded, so a failure can never feed a partial script to `nsupdate`.

pub mod args;
pub mod auth;
pub mod child;
pub mod newset;
mod options;
pub mod output;
pub mod parent;
pub mod records;
mod replay;
mod run;

pub use run::{canonical_set, run, warn, Options, Trace};

use crate::cli;
use anyhow::anyhow;
use args::{Args, SPEC};

/// The `cds` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    cli::run(|| {
        let out = run(&options::options(args)?)?;
        // Printed only now, in one piece: a failure above leaves stdout empty.
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(out.as_bytes())
            .and_then(|_| stdout.flush())
            .map_err(|e| anyhow!("can't write output: {e}"))
    })
}
