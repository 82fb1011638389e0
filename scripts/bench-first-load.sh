#!/usr/bin/env bash
# First-load benchmark (e2e/tests/bench_first_load.rs): a first visit to the map page
# and to the agency directory on emulated slow networks (Lighthouse's slow 4G and
# DevTools' 3G), phone viewport, cold cache, against the real server with demo data and
# the release build in dist/. Prints first paint, wasm arrived, data arrived and LCP,
# each the median of 5 loads, for the shipped loader and for the same build loaded
# without its preloads (the baseline, measured in the same run), and their ratio.
#
# Usage: scripts/bench-first-load.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }

use_build_tools
note "bench: release build of the app (bundle report builds it if stale)"
scripts/bundle-report.sh >/dev/null
note "bench: building the release server"
cargo build --release --locked -p porchlight-server
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
note "bench: first loads (load average $(cut -d' ' -f1-3 /proc/loadavg))"
PORCHLIGHT_SERVER_BIN="$TARGET/release/porchlight-server" PORCHLIGHT_DIST="$ROOT/dist" \
    cargo test --locked -p porchlight-e2e --test bench_first_load -- --ignored --nocapture --test-threads=1
