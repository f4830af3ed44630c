#!/usr/bin/env bash
# Makes sure the tools the interop tests compare against are installed (Debian/Ubuntu).
# Installs only what is missing; uses sudo only when not root. Safe to run repeatedly.
set -euo pipefail

# command that proves the package is present -> Debian package
declare -A NEED=(
  [named]=bind9
  [dnssec-keygen]=bind9-utils
  [dig]=bind9-dnsutils
  [ldns-verify-zone]=ldnsutils
  [validns]=validns
  [/usr/bin/time]=time
  [kzonecheck]=knot-dnsutils
  [kzonesign]=knot-dnssecutils
  [knotc]=knot
)

have() { [[ $1 == /* ]] && [[ -x $1 ]] || command -v "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 ]]; }

missing=()
for cmd in "${!NEED[@]}"; do
  have "$cmd" || missing+=("${NEED[$cmd]}")
done
# A fresh machine may also lack a C compiler (aws-lc-sys builds C) and curl for rustup.
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
if ! command -v cargo >/dev/null 2>&1 && [[ ! -x $HOME/.cargo/bin/cargo ]]; then
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
fi

if ((${#missing[@]})); then
  if ((EUID == 0)); then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else SUDO=(); fi
  if ((EUID != 0)) && ((${#SUDO[@]} == 0)); then
    echo "deps: missing packages ${missing[*]} and no sudo; interop tests will skip (or fail under CI)" >&2
  elif command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # A failed install is reported, not fatal: the interop tests then skip locally and fail
    # under DNSSEC_KIT_INTEROP=required, which names the missing tool.
    if ! { "${SUDO[@]}" apt-get update &&
      "${SUDO[@]}" apt-get install -y --no-install-recommends \
        bind9 bind9-utils bind9-dnsutils ldnsutils validns time \
        knot knot-dnsutils knot-dnssecutils "${missing[@]}"; }; then
      echo "deps: could not install ${missing[*]}" >&2
    fi
  else
    echo "deps: missing ${missing[*]} and apt-get is not available; install them by hand" >&2
  fi
fi

# The Rust toolchain: Debian's packaged cargo is older than our rust-version, so use rustup.
if ! command -v cargo >/dev/null 2>&1; then
  if [[ ! -x $HOME/.cargo/bin/cargo ]]; then
    echo "deps: installing the Rust toolchain with rustup" >&2
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal --component rustfmt,clippy
  fi
fi
