#!/usr/bin/env bash
# Runs the fuzz targets, one after the other, each for a fixed time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 600 (the ten minutes per target a reliability run asks for); the targets
# default to every file in fuzz/fuzz_targets. Each target's corpus (fuzz/corpus/<target>, not
# tracked) is seeded first where the repository has useful input: zone files for the zone
# readers, key files for key_file, a few BIND-style argument vectors for cli_args, signed
# zones for validate_zone when BIND's tools are installed. Prints one line per target (runs
# made, result) and exits 1 when any target crashed, leaked, timed out or failed to build;
# the crashing input is in fuzz/artifacts/<target>/.
#
# Needs the nightly toolchain (cargo-fuzz's sanitizer flags); cargo-fuzz is installed with
# `cargo install cargo-fuzz` when missing.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "usage: $0 [SECONDS] [TARGET...]" >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))

cd "$root/fuzz" || exit 2
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in fuzz_targets/*.rs; do
        t=$(basename "$f" .rs)
        targets+=("$t")
    done
fi
for t in "${targets[@]}"; do
    if [ ! -f "fuzz_targets/$t.rs" ]; then
        echo "$0: no fuzz target '$t' in fuzz/fuzz_targets" >&2
        exit 2
    fi
done

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "$0: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz || exit 2
fi

# --- seeds -----------------------------------------------------------------------------
seed_dir() { mkdir -p "corpus/$1" && echo "corpus/$1"; }

# Zone text: the example zones and any zone file kept in the repository's tests.
seed_zones() {
    local dir
    dir=$(seed_dir "$1")
    find "$root/examples" "$root/tests" -type f \( -name '*.db' -o -name '*.zone' \) \
        -size -64k -exec cp -n {} "$dir/" \; 2>/dev/null
}

# Argument vectors, NUL-separated, as cli_args splits them.
seed_args() {
    local dir i=0
    dir=$(seed_dir cli_args)
    while IFS= read -r line; do
        i=$((i + 1))
        printf '%s' "$line" | tr ' ' '\0' >"$dir/seed-$i"
    done <<'EOF'
-a 13 -f KSK example.com
-q -a ECDSAP256SHA256 -b 256 -P sync +1d -D sync +30d -K keys example.com
-S Kexample.com.+013+12345 -i 2d -L 3600
-d omnipresent now -k rumoured -1h -s -g hidden Kx.+013+00001
-P now -A +1h -I +30d -D +40d -p all -u Kx.+013+00001
-2 -a SHA-384 -T 300 -c IN -f zone.db example.com
-i.bak -d dsset -f child.db -s -86400 -T 3600 -u example.com
-SAAz -3 abcd -H 0 -N unixtime -o example.com -f - -O full -e +30d -j 3600 zone.db K1 K2
-o example.com -I raw -T 20300101000000 -v 3 -x -z zone.db
-K dir -f file.key -L 600 -P now -D +1d -h
EOF
    printf 'z\351.zone\0-o\0z\351.' >"$dir/seed-bytes"
}

# Key files: what BIND's keygen writes (or ours, when BIND's is not installed).
seed_keys() {
    local dir tmp keygen
    dir=$(seed_dir key_file)
    keygen=$(command -v dnssec-keygen || true)
    [ -n "$keygen" ] || return 0
    tmp=$(mktemp -d)
    for alg in ECDSAP256SHA256 ED25519 RSASHA256; do
        (cd "$tmp" && "$keygen" -q -a "$alg" -b 1024 seed.example >/dev/null 2>&1 ||
            "$keygen" -q -a "$alg" seed.example >/dev/null 2>&1)
    done
    (cd "$tmp" && "$keygen" -q -a 13 -k default seed2.example >/dev/null 2>&1)
    cp -n "$tmp"/K* "$dir/" 2>/dev/null
    rm -rf "$tmp"
}

# Signed zones (text for validate_zone, raw for raw_reader), signed by BIND's signer.
seed_signed() {
    local keygen signzone tmp
    keygen=$(command -v dnssec-keygen || true)
    signzone=$(command -v dnssec-signzone || true)
    [ -n "$keygen" ] && [ -n "$signzone" ] && [ -f "$root/examples/example.com.db" ] || return 0
    tmp=$(mktemp -d)
    cp "$root/examples/example.com.db" "$tmp/zone"
    (
        cd "$tmp" &&
            "$keygen" -q -a 13 -f KSK example.com >/dev/null &&
            "$keygen" -q -a 13 example.com >/dev/null &&
            "$signzone" -S -O full -f signed.nsec -o example.com zone >/dev/null 2>&1 &&
            "$signzone" -S -O full -3 - -f signed.nsec3 -o example.com zone >/dev/null 2>&1 &&
            "$signzone" -S -O raw -f signed.raw -o example.com zone >/dev/null 2>&1
    )
    local vz rr
    vz=$(seed_dir validate_zone)
    rr=$(seed_dir raw_reader)
    cp -n "$tmp"/signed.nsec "$tmp"/signed.nsec3 "$vz/" 2>/dev/null
    cp -n "$tmp"/signed.raw "$rr/" 2>/dev/null
    rm -rf "$tmp"
}

for t in "${targets[@]}"; do
    case $t in
    zone_reader) seed_zones zone_reader ;;
    validate_zone) seed_zones validate_zone && seed_signed ;;
    raw_reader) seed_signed ;;
    key_file) seed_keys ;;
    cli_args) seed_args ;;
    esac
done

# --- runs ------------------------------------------------------------------------------
status=0
logdir=$(mktemp -d)
for t in "${targets[@]}"; do
    log="$logdir/$t.log"
    # stdin from /dev/null: a zone may $INCLUDE /dev/stdin, which must not block a run.
    cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -print_final_stats=1 \
        </dev/null >"$log" 2>&1
    rc=$?
    # libFuzzer's final statistics name the executions made (`stat::number_of_executed_units`);
    # a run that stopped early still has its last `#N` status line.
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    [ -n "$runs" ] || runs=0
    if [ $rc -eq 0 ]; then
        result=ok
    else
        status=1
        artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //')
        reason=$(grep -o -m1 -E 'deadly signal|panicked at [^ ]*|ERROR: libFuzzer: [a-z-]*|error(\[E[0-9]+\])?:' "$log" | head -1)
        reason=${reason%:}
        result="FAILED (exit $rc${reason:+, $reason}${artifact:+, input $artifact}; log $log)"
    fi
    printf '%-14s %8ss  runs %-10s %s\n' "$t" "$seconds" "$runs" "$result"
done
exit $status
