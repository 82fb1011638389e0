#!/usr/bin/env bash
# Measures what matching a published request against many email-alert subscriptions
# costs its publication (issue 17), on SQLite and, given a cluster, PostgreSQL: the
# release build of server/examples/bench_alerts.rs publishes through the store as the
# server does, first with no subscription (the baseline, in the same process), then
# with 10 000 area subscriptions spread over a city (a request far from all of them, a
# request meeting a few) and 1 000 more over one neighbourhood (a request meeting all
# of those), and prints each phase's median and p95 and its ratio to the baseline.
#
# Usage: scripts/bench-alerts.sh [--pg ADMIN_URL] [--subscriptions N] [--hot N] [--rounds N]
#   --pg: a PostgreSQL cluster's admin URL (default: $PORCHLIGHT_TEST_POSTGRES if set;
#         e.g. from scripts/pg-cluster.sh start DIR); the bench creates a database there.
#   defaults: 10 000 spread, 1 000 busy, 40 publications per phase.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PG="${PORCHLIGHT_TEST_POSTGRES:-}" EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --pg) PG="$2"; shift 2 ;;
        --subscriptions | --hot | --rounds) EXTRA+=("$1" "$2"); shift 2 ;;
        -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
note "bench-alerts: building the release benchmark"
cargo build --release --locked -p porchlight-server --example bench_alerts
BIN="$TARGET/release/examples/bench_alerts"

note "bench-alerts: SQLite"
"$BIN" "${EXTRA[@]}"
if [ -n "$PG" ]; then
    note "bench-alerts: PostgreSQL"
    "$BIN" --postgres "$PG" "${EXTRA[@]}"
else
    say "${DIM}bench-alerts: no --pg (nor PORCHLIGHT_TEST_POSTGRES): PostgreSQL not measured${RESET}"
fi
say "${DIM}$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)${RESET}"
