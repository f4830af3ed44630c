#!/usr/bin/env bash
# The full test suite (README "Run the tests"): formatting, lints, unit and integration tests,
# including the interop tests that compare every tool with BIND 9 and ldns on the same input.
# Set DNSSEC_KIT_INTEROP=required to make a missing BIND/ldns tool fail instead of skip.
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo feeds rustc its probe program on /dev/null; if that is a regular file holding other
# programs' discarded output, every cargo command fails in a way that hides the cause.
if [[ ! -c /dev/null ]]; then
  echo "test.sh: warning: /dev/null is not a character device; if cargo fails to 'learn about" >&2
  echo "target-specific information', recreate it: mknod -m 666 /dev/null c 1 3" >&2
  : >/dev/null 2>&1 || true
fi

scripts/deps.sh
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"
export PATH="$PATH:/usr/sbin:/sbin"

step() { printf '\n== %s\n' "$*" >&2; }

step "core layers (scripts/check-layers.sh)"
scripts/check-layers.sh
step "cargo fmt --check"
cargo fmt --all --check
step "cargo test (build)"
cargo test --all --no-run
step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo test"
cargo test --all
if [[ -d fuzz ]]; then
  step "fuzz targets build"
  (cd fuzz && cargo build)
fi
step "all tests passed"
