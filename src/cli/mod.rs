//! The edge every tool shares (docs/bind-compat.md,
//! "command line: options, usage and exit status"): BIND-compatible argv handling in front of
//! clap, and BIND-style reporting (`prog: fatal: msg`, `prog: warning: msg`, usage, `-V`).
//!
//! BIND's tools parse options with a classic (non-permuting) getopt: values may be attached
//! (`-a13`) or separate (`-a 13`), flags combine (`-SPz`), and option parsing stops at the
//! first positional argument. A few options take a second word (`-P sync DATE`). clap cannot
//! express all of that, so [`normalise`] rewrites argv into an unambiguous long-option form
//! (`--<long>=<value>`, then `--`, then the positionals) that a derive-based clap parser reads.
//!
//! A tool declares each option once, as a field of its clap struct; the normaliser reads its
//! option table from that definition ([`Options`]). The tool describes the rest (name, usage,
//! how an unknown option is worded) in a [`ToolSpec`] and calls [`parse`]; it then returns
//! `anyhow::Result<()>` from its body through [`run`], which turns an error into
//! `prog: fatal: <error>` and exit status 1.

mod argv;
pub mod complete;
mod messages;
mod order;
mod parse;
mod progress;
mod signals;
mod values;

pub use argv::*;
pub use messages::*;
pub use order::{InOrder, OptValues, Positions};
pub use parse::*;
pub use progress::{wipe_progress, Progress, PROGRESS_AFTER_ENV};
pub use signals::*;
pub use values::*;
