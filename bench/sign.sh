#!/usr/bin/env bash
# Signing benchmark (project issue 6): TLD-like zones of N delegations signed with ECDSA
# P-256 (KSK + ZSK) by our signzone, BIND's dnssec-signzone and ldns-signzone, with NSEC and
# with NSEC3. Prints wall time, peak memory (/usr/bin/time -v) and ratios, and the
# pure-signing floor: signatures needed / signatures per second on all cores, measured by a
# short calibration run of our crypto backend on every core (examples/sign_rate.rs).
#
# Usage: bench/sign.sh [N...]        (default: 100000 1000000; or SIZES="100000" in the env)
#        OURS=path/to/signzone       (default: target/release/signzone, built if missing)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sizes=${SIZES:-${*:-100000 1000000}}
ours=${OURS:-$here/target/release/signzone}
cores=$(nproc)
export TZ=UTC

if [ ! -x "$ours" ]; then
    (cd "$here" && cargo build --release --bin signzone >&2)
fi
for t in dnssec-signzone ldns-signzone dnssec-keygen /usr/bin/time openssl; do
    command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Calibration: ECDSA P-256 signatures per second with our crypto backend on one core, times
# the core count
# (crates/dnssec-core/examples/sign_rate.rs); openssl speed is shown for reference.
one=$(cd "$here" && cargo run -q --release -p dnssec-core --example sign_rate ECDSAP256SHA256 3)
rate=$((one * cores))
ossl=$(openssl speed -seconds 2 -multi "$cores" ecdsap256 2>/dev/null | awk '/256 bits ecdsa/ { printf "%d", $(NF-1) }')
echo "calibration: $rate ECDSA P-256 signatures/s on $cores cores (aws-lc, as we sign); openssl speed: ${ossl:-?}/s"

ksk=$(dnssec-keygen -q -a ECDSAP256SHA256 -f KSK tld)
zsk=$(dnssec-keygen -q -a ECDSAP256SHA256 tld)

gen_zone() { # N -> tld.db: SOA, apex NS, N delegations (2 NS each, 1 in 10 with DS, 1 in 20 with glue)
    awk -v n="$1" 'BEGIN {
        print "$TTL 86400"
        print "@ IN SOA a.nic.tld. hostmaster.nic.tld. 2024010101 1800 900 604800 3600"
        print "@ NS a.nic.tld."
        print "@ NS b.nic.tld."
        print "a.nic A 192.0.2.1"
        print "b.nic A 192.0.2.2"
        for (i = 0; i < n; i++) {
            d = sprintf("d%07d", i)
            if (i % 20 == 0) {
                printf "%s NS ns1.%s\n%s NS ns2.%s\nns1.%s A 198.51.100.%d\nns2.%s AAAA 2001:db8::%x\n", d, d, d, d, d, i % 250 + 1, d, i % 65535 + 1
            } else {
                printf "%s NS ns1.host%d.example.\n%s NS ns2.host%d.example.\n", d, i % 1000, d, i % 1000
            }
            if (i % 10 == 0)
                printf "%s DS %d 13 2 %064X\n", d, i % 65536, i
        }
    }' > tld.db
}

measure() { # label cmd... -> "wall_seconds peak_kib"
    local label=$1; shift
    /usr/bin/time -v "$@" > "$label.out" 2> "$label.time" || { echo "$label failed:" >&2; tail -5 "$label.time" >&2; echo "nan nan"; return; }
    awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
         /Maximum resident set size/ { m = $NF } END { printf "%.2f %d\n", w, m }' "$label.time"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0) printf "%.1fx", b / a; else print "-" }'; }

printf '\n%-9s %-6s %-16s %9s %10s %9s %8s\n' N chain signer wall_s peak_MiB vs_ours floor_s
for n in $sizes; do
    gen_zone "$n"
    for chain in nsec nsec3; do
        o_flags=(); b_flags=(); l_flags=()
        if [ "$chain" = nsec3 ]; then o_flags=(-3 -); b_flags=(-3 -); l_flags=(-n -t 0); fi
        # Keys are found with -S in the current directory by both BIND-style signers.
        read -r ow om < <(measure ours "$ours" -S -t -o tld -f ours.signed "${o_flags[@]}" tld.db)
        sigs=$(awk '/Signatures generated/ { print $NF }' ours.out)
        floor=$(awk -v s="$sigs" -v r="$rate" 'BEGIN { printf "%.2f", s / r }')
        read -r bw bm < <(measure bind dnssec-signzone -S -o tld -f bind.signed "${b_flags[@]}" tld.db)
        read -r lw lm < <(measure ldns ldns-signzone -o tld -f ldns.signed "${l_flags[@]}" tld.db "$ksk" "$zsk")
        for row in "ours $ow $om" "dnssec-signzone $bw $bm" "ldns-signzone $lw $lm"; do
            set -- $row
            printf '%-9s %-6s %-16s %9s %10s %9s %8s\n' "$n" "$chain" "$1" "$2" \
                "$(awk -v k="$3" 'BEGIN { if (k + 0 > 0) printf "%.0f", k / 1024; else print "-" }')" \
                "$(ratio "$ow" "$2")" "$floor"
        done
        echo "          ours: $sigs signatures; within $(awk -v w="$ow" -v f="$floor" 'BEGIN { if (f > 0) printf "%.2fx", w / f }') of the signing floor"
    done
done
