# Shared helpers for the scripts in this directory. Sourced, never run.
# shellcheck shell=bash

# The repository root, whatever directory the script was started from.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# `cargo install` puts tools here; a fresh shell (CI) may not have it on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ -t 1 ]; then
    BOLD=$'\e[1m' DIM=$'\e[2m' RED=$'\e[31m' GREEN=$'\e[32m' YELLOW=$'\e[33m' RESET=$'\e[0m'
else
    BOLD='' DIM='' RED='' GREEN='' YELLOW='' RESET=''
fi

say() { printf '%s\n' "$*"; }
note() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
die() {
    printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2
    exit 1
}

# Seconds since the epoch with microseconds (bash 5).
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }

# Elapsed seconds between two `now` readings, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Runs a command as root: directly when we are root (CI), else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for: $* (run as root or install sudo)"
    fi
}

# Puts npm's binaries (wasm-opt from binaryen) first on PATH and keeps Trunk off the
# network: it would otherwise try to download wasm-bindgen and wasm-opt.
use_build_tools() {
    export PATH="$ROOT/node_modules/.bin:$PATH"
    export TRUNK_OFFLINE=true
}
