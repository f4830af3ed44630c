#!/usr/bin/env bash
# Times our keygen against BIND's dnssec-keygen: N RSA-2048 and N ECDSA P-256 keys each,
# in fresh directories, and prints the time per key and the ratio BIND/ours (>= 1 means we
# are at least as fast). Uses a release build of our keygen.
#   usage: bench/keygen.sh [N]        (default N=20)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"
bind=$(command -v dnssec-keygen || echo /usr/sbin/dnssec-keygen)
[[ -x $bind ]] || { echo "bench: dnssec-keygen not found (install bind9-utils)" >&2; exit 1; }

# Built as scripts/install.sh builds it: without aws-lc's CPU-jitter entropy collector, whose
# start-up sampling costs ~25 ms of CPU in every process (the kernel's getrandom() stays the
# entropy source, as it is for BIND through OpenSSL).
cargo build --release --quiet --bin keygen
ours=$(pwd)/target/release/keygen
work=$(mktemp -d "${TMPDIR:-/tmp}/dnssec-kit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# seconds (wall clock, 3 decimals) to make $n keys with "$@" in a fresh directory
run() {
  local dir
  dir=$(mktemp -d "$work/run.XXXXXX")
  local start end
  start=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    "$@" -q -K "$dir" example.com >/dev/null </dev/null
  done
  end=$(date +%s.%N)
  [[ $(find "$dir" -name '*.private' | wc -l) -eq $n ]] || { echo "bench: $1 did not make $n keys" >&2; exit 1; }
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }'
}

printf '%-18s %12s %12s %8s\n' "algorithm ($n keys)" "ours s/key" "BIND s/key" "BIND/ours"
status=0
for alg in RSASHA256 ECDSAP256SHA256; do
  t_ours=$(run "$ours" -a "$alg")
  t_bind=$(run "$bind" -a "$alg")
  awk -v o="$t_ours" -v b="$t_bind" -v n="$n" -v alg="$alg" \
    'BEGIN { printf "%-18s %12.4f %12.4f %8.2f\n", alg, o / n, b / n, b / o; exit (b < o) }' || status=1
done
((status == 0)) || echo "bench: ours was slower than BIND for at least one algorithm" >&2
exit $status
