#!/usr/bin/env bash
# Installs dnssec-kit (README "Install and try it") and runs the quickstart.
#   PREFIX               where to install (default $HOME/.local): binaries in $PREFIX/bin,
#                        man pages in $PREFIX/share/man/man1
#                        and shell completions in $PREFIX/share/bash-completion/completions,
#                        $PREFIX/share/zsh/site-functions and $PREFIX/share/fish/vendor_completions.d
#   DNSSEC_KIT_SYMLINKS  set to 1 to add BIND-style names (dnssec-keygen -> keygen), with
#                        completions for those names too
#   DNSSEC_KIT_PREBUILT  a directory holding the binaries already built (the tests use
#                        their debug build): they are copied instead of running cargo install
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
prefix=${PREFIX:-$HOME/.local}
[[ -d $HOME/.cargo/bin ]] && export PATH="$HOME/.cargo/bin:$PATH"

tools=(keygen dsfromkey settime importkey revoke signzone verify cds keymgr multisigner)
if [[ -n ${DNSSEC_KIT_PREBUILT:-} ]]; then
  mkdir -p "$prefix/bin"
  for tool in "${tools[@]}"; do
    # A hard link where it can be (a debug build is large), else a copy.
    ln -f "$DNSSEC_KIT_PREBUILT/$tool" "$prefix/bin/$tool" 2>/dev/null ||
      install -m 0755 "$DNSSEC_KIT_PREBUILT/$tool" "$prefix/bin/$tool"
  done
else
  # Build settings (aws-lc without its jitter-entropy start-up cost) come from
  # .cargo/config.toml.
  cargo install --locked --path . --root "$prefix"
fi
bin=$prefix/bin
mkdir -p "$prefix/share/man/man1"
for page in man/*.1; do
  [[ -e $page ]] && install -m 0644 "$page" "$prefix/share/man/man1/"
done

# Completions come from the binaries themselves (`TOOL --generate-completions SHELL`, made from
# the same option definitions the tool parses with), for every name the tool is installed as.
bash_dir=$prefix/share/bash-completion/completions
zsh_dir=$prefix/share/zsh/site-functions
fish_dir=$prefix/share/fish/vendor_completions.d
mkdir -p "$bash_dir" "$zsh_dir" "$fish_dir"
completions() { # NAME: the binary in $bin called as NAME
  "$bin/$1" --generate-completions bash >"$bash_dir/$1.tmp" && mv "$bash_dir/$1.tmp" "$bash_dir/$1"
  "$bin/$1" --generate-completions zsh >"$zsh_dir/_$1.tmp" && mv "$zsh_dir/_$1.tmp" "$zsh_dir/_$1"
  "$bin/$1" --generate-completions fish >"$fish_dir/$1.fish.tmp" &&
    mv "$fish_dir/$1.fish.tmp" "$fish_dir/$1.fish"
}
for tool in "${tools[@]}"; do
  completions "$tool"
done
if [[ ${DNSSEC_KIT_SYMLINKS:-0} == 1 ]]; then
  for tool in "${tools[@]}"; do
    ln -sf "$tool" "$bin/dnssec-$tool"
    completions "dnssec-$tool"
  done
fi

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
echo "Installed into $bin (add it to PATH); man pages in $prefix/share/man/man1;"
echo "completions in $bash_dir, $zsh_dir and $fish_dir."
