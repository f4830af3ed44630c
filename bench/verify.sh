#!/usr/bin/env bash
# Times our verify against BIND's dnssec-verify and ldns-verify-zone on one TLD-like zone:
# N delegations (NS + one glue A each, a DS on every tenth), signed once with ECDSA P-256
# (KSK + ZSK) and NSEC by BIND's dnssec-signzone -n 2 (or by our signzone when it is built).
# Prints wall time, peak memory (/usr/bin/time -v) and the ratios other/ours for each tool,
# and the signing run's peak memory beside our verify's.
#   usage: N=100000 bench/verify.sh        (default N=1000000)
#   KEEP=1 keeps the work directory (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000000}
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"
export TZ=UTC
need() { command -v "$1" >/dev/null || { echo "bench: $1 not found ($2)" >&2; exit 1; }; }
need dnssec-keygen "install bind9-utils"
need dnssec-signzone "install bind9-utils"
need dnssec-verify "install bind9-utils"
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
have_ldns=0; command -v ldns-verify-zone >/dev/null && have_ldns=1

bins=(--bin verify)
[[ -f src/bin/signzone.rs ]] && bins+=(--bin signzone)
AWS_LC_SYS_NO_JITTER_ENTROPY=1 cargo build --release --quiet "${bins[@]}"
ours=$(pwd)/target/release/verify
ours_signzone=$(pwd)/target/release/signzone
work=$(mktemp -d "${TMPDIR:-/tmp}/dnssec-kit-bench-verify.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
cd "$work"

# The zone: a TLD apex, then N delegations d<i>.tld with glue ns.d<i>.tld; every tenth
# delegation is secure (a DS with a made-up SHA-256 digest, which is enough to sign it).
awk -v n="$n" 'BEGIN {
  print "$TTL 3600"
  print "tld. IN SOA a.nic.tld. hostmaster.nic.tld. 1 1800 900 604800 3600"
  print "tld. IN NS a.nic.tld."
  print "a.nic.tld. IN A 192.0.2.1"
  for (i = 0; i < n; i++) {
    printf "d%d.tld. IN NS ns.d%d.tld.\n", i, i
    printf "ns.d%d.tld. IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
    if (i % 10 == 0)
      printf "d%d.tld. IN DS %d 13 2 %064x\n", i, i % 65536, i
  }
}' > tld.db
dnssec-keygen -q -a ECDSAP256SHA256 -f KSK tld. >/dev/null
dnssec-keygen -q -a ECDSAP256SHA256 tld. >/dev/null

# The signing run is measured too: our verify's peak memory is judged against our signzone's
# on the same zone (issue #11: verify should need no more than signzone).
if [[ -x $ours_signzone ]]; then
  signer="our signzone"
  /usr/bin/time -v -o time.signzone "$ours_signzone" -S -n 2 -o tld. -f tld.signed tld.db >/dev/null
else
  signer="BIND dnssec-signzone"
  # -P: skip BIND's own post-sign verification; this script times verification separately.
  /usr/bin/time -v -o time.signzone dnssec-signzone -P -S -n 2 -o tld. -f tld.signed tld.db >/dev/null
fi
sign_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' time.signzone)
sign_mem=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' time.signzone)
printf 'zone: %d delegations, %d lines, %s; signed by %s in %.1f s, peak %d MiB\n' "$n" \
  "$(wc -l < tld.signed)" "$(du -h tld.signed | cut -f1)" "$signer" "$sign_wall" "$sign_mem"

# measure NAME CMD...: runs once under /usr/bin/time -v; records wall s, CPU s (user +
# system: the fair measure when other work shares the machine), peak MiB and rc.
declare -A wall cpu mem rc
measure() {
  local name=$1; shift
  local status=0
  /usr/bin/time -v -o "time.$name" "$@" > "out.$name" 2> "err.$name" || status=$?
  wall[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "time.$name")
  cpu[$name]=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "time.$name")
  mem[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "time.$name")
  rc[$name]=$status
}

measure ours "$ours" -o tld. tld.signed
measure bind dnssec-verify -o tld. tld.signed
[[ $have_ldns == 1 ]] && measure ldns ldns-verify-zone tld.signed

printf '\n%-22s %8s %8s %9s %4s %10s %10s\n' tool "wall s" "CPU s" "peak MiB" rc "wall/ours" "CPU/ours"
for t in ours bind ldns; do
  [[ -n ${wall[$t]:-} ]] || continue
  case $t in ours) label="dnssec-kit verify" ;; bind) label="BIND dnssec-verify" ;; ldns) label="ldns-verify-zone" ;; esac
  awk -v l="$label" -v w="${wall[$t]}" -v c="${cpu[$t]}" -v m="${mem[$t]}" -v r="${rc[$t]}" \
    -v o="${wall[ours]}" -v oc="${cpu[ours]}" \
    'BEGIN { printf "%-22s %8.2f %8.2f %9d %4d %9.2fx %9.2fx\n", l, w, c, m, r,
             (o > 0 ? w / o : 0), (oc > 0 ? c / oc : 0) }'
done
printf '\npeak memory on this zone: our verify %d MiB, %s %d MiB (verify/signzone %.2f)\n' \
  "${mem[ours]}" "$signer" "$sign_mem" "$(echo "${mem[ours]} / $sign_mem" | bc -l)"
if ((mem[ours] <= sign_mem)); then
  echo "verify's peak is at or under the signer's (issue #11's goal)"
else
  echo "verify's peak is $((mem[ours] - sign_mem)) MiB above the signer's (issue #11 asks for at or under)"
fi
status=0
[[ ${rc[ours]} == 0 ]] || { echo "bench: our verify failed:" >&2; cat err.ours >&2; status=1; }
[[ ${rc[bind]} == 0 ]] || { echo "bench: dnssec-verify failed:" >&2; cat err.bind >&2; status=1; }
cmp -s out.ours out.bind || { echo "bench: stdout differs from dnssec-verify's" >&2; diff out.bind out.ours >&2 || true; status=1; }
exit $status
