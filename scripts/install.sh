#!/usr/bin/env bash
# Installs dnssec-kit (README "Install and try it") and runs the quickstart.
#   PREFIX               where to install (default $HOME/.local): binaries in $PREFIX/bin,
#                        man pages in $PREFIX/share/man/man1
#   DNSSEC_KIT_SYMLINKS  set to 1 to add BIND-style names (dnssec-keygen -> keygen)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
prefix=${PREFIX:-$HOME/.local}
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"

# Build settings (aws-lc without its jitter-entropy start-up cost) come from .cargo/config.toml.
cargo install --locked --path . --root "$prefix"
mkdir -p "$prefix/share/man/man1"
for page in man/*.1; do
  [[ -e $page ]] && install -m 0644 "$page" "$prefix/share/man/man1/"
done
if [[ ${DNSSEC_KIT_SYMLINKS:-0} == 1 ]]; then
  for tool in keygen dsfromkey settime importkey revoke signzone verify cds keymgr; do
    [[ -x $prefix/bin/$tool ]] && ln -sf "$tool" "$prefix/bin/dnssec-$tool"
  done
fi
bin=$prefix/bin

echo
echo "== quickstart: keys, DS, signing and verifying examples/example.com.db (in a scratch directory)"
work=$(mktemp -d "${TMPDIR:-/tmp}/dnssec-kit-quickstart.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$root/examples/example.com.db" "$work/"
cd "$work"
ksk=$("$bin/keygen" -a ECDSAP256SHA256 -f KSK example.com)
zsk=$("$bin/keygen" -a ECDSAP256SHA256 example.com)
echo "KSK: $ksk"
echo "ZSK: $zsk"
echo "DS for the parent zone:"
"$bin/dsfromkey" -2 "$ksk"
echo
echo "Signing (smart signing from the keys' timing metadata):"
"$bin/signzone" -S -o example.com example.com.db
echo
echo "Verifying the signed zone:"
"$bin/verify" -o example.com example.com.db.signed
echo
echo "Installed into $bin (add it to PATH); man pages in $prefix/share/man/man1."
