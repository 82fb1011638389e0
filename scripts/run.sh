#!/usr/bin/env bash
# Installs what is missing, builds the app and the server in release mode, and starts
# Porchlight with demo data at http://127.0.0.1:8080.
#
# Usage: scripts/run.sh [porchlight-server flags, e.g. --addr 0.0.0.0:8080]
#   Defaults: --demo --db ./data/porchlight.db --dist ./dist (address 127.0.0.1:8080).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

use_build_tools
note "build: app (trunk build --release)"
trunk build --release

note "build: server (cargo build --release -p porchlight-server)"
cargo build --release -p porchlight-server

# Our defaults, each only when the caller did not pass that flag (clap refuses a flag
# given twice). The server's own default address is http://127.0.0.1:8080.
args=("$@")
has_flag() {
    local flag="$1" a
    for a in "${args[@]}"; do
        case "$a" in "$flag" | "$flag="*) return 0 ;; esac
    done
    return 1
}
has_flag --demo || args+=(--demo)
has_flag --db || { mkdir -p "$ROOT/data" && args+=(--db ./data/porchlight.db); }
has_flag --dist || args+=(--dist ./dist)

note "start: porchlight-server ${args[*]} (Ctrl-C to stop)"
exec "$ROOT/target/release/porchlight-server" "${args[@]}"
