#!/bin/sh
# Zone-reading benchmark: builds a 1,000,000-record TLD-like zone (delegations with NS,
# glue A/AAAA and some DS), then loads it with our reader (release build of the
# `read_zone` example: parse, compact zone, canonical sort) and with BIND's named-checkzone
# (`-i none`: no network integrity lookups, which we do not do either), and prints wall time,
# peak resident memory and the ratios.
#
# Usage: bench/read.sh [RECORDS]   (default 1000000; needs /usr/bin/time and named-checkzone)
set -eu
records=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building the release read_zone example..." >&2
(cd "$root" && cargo build --quiet --release -p dnssec-core --example read_zone)
ours="$root/target/release/examples/read_zone"

# About 3.75 records per delegation: 2 NS, 1 A, every 2nd an AAAA, every 4th a DS.
awk -v want="$records" 'BEGIN {
    print "$TTL 172800"
    print "@ IN SOA a.nic.tld. hostmaster.nic.tld. 2024010101 1800 900 604800 86400"
    print "@ NS a.nic.tld."
    print "@ NS b.nic.tld."
    print "a.nic A 192.0.2.1"
    print "b.nic AAAA 2001:db8::53"
    n = 5
    for (i = 0; n < want; i++) {
        d = sprintf("dom%07d", i)
        print d " NS ns1." d
        print d " NS ns2.provider" (i % 997) ".net."; n += 2
        print "ns1." d " A " (10 + int(i / 65536) % 200) "." int(i / 256) % 256 "." i % 256 ".1"; n++
        if (i % 2 == 0 && n < want) { printf "ns1.%s AAAA 2001:db8:%x:%x::1\n", d, int(i / 65536), i % 65536; n++ }
        if (i % 4 == 0 && n < want) { printf "%s 86400 DS %d 13 2 %064X\n", d, i % 65536, i; n++ }
    }
}' > "$work/tld.zone"
lines=$(grep -vc '^\$' "$work/tld.zone")
echo "zone: $lines records, $(du -h "$work/tld.zone" | cut -f1)" >&2

measure() { # label, command...
    label=$1; shift
    /usr/bin/time -v "$@" >/dev/null 2>"$work/$label.time" || { cat "$work/$label.time" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$label.time")
    secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
    cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {print t}' "$work/$label.time")
    echo "$label $secs $rss $cpu"
}

o=$(measure ours "$ours" tld. "$work/tld.zone")
b=$(measure bind named-checkzone -i none -q tld. "$work/tld.zone")
echo "$o
$b" | awk '
    { label[NR] = $1; secs[NR] = $2; rss[NR] = $3; cpu[NR] = $4 }
    END {
        printf "%-18s %10s %10s %14s\n", "reader", "wall (s)", "cpu (s)", "peak RSS (MB)"
        printf "%-18s %10.2f %10.2f %14.1f\n", "dnssec-kit", secs[1], cpu[1], rss[1] / 1024
        printf "%-18s %10.2f %10.2f %14.1f\n", "named-checkzone", secs[2], cpu[2], rss[2] / 1024
        printf "speed: %.1fx faster (wall), %.1fx less cpu; memory: %.2fx of named-checkzone\n", \
            secs[2] / (secs[1] > 0 ? secs[1] : 0.01), cpu[2] / (cpu[1] > 0 ? cpu[1] : 0.01), rss[1] / rss[2]
    }'
