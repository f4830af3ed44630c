#!/usr/bin/env bash
# The full test suite (README "Run the tests"): formatting, lints, unit and integration tests,
# including the interop tests that compare every tool with BIND 9 and ldns on the same input.
# Set DNSSEC_KIT_INTEROP=required to make a missing BIND/ldns tool fail instead of skip.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"
export PATH="$PATH:/usr/sbin:/sbin"

step() { printf '\n== %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all --check
# The tests are built before clippy runs: on a fresh target/, cargo 1.95 run right after
# clippy had checked zerocopy (a dependency of rsa's rand) failed its own rustc probe ("failed
# to run rustc to learn about target-specific information", rustc fed a warning's text) and
# cached the failure; building first makes that probe succeed and be cached. Reproduced on
# clean clones: clippy-then-test fails every time, test-then-clippy-then-test passes.
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
