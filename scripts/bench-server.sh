#!/usr/bin/env bash
# Load-tests the release server on a large database and prints each figure beside its
# goal (issue 9). Seeds the database once (reused when present), starts the server on
# 127.0.0.1, and drives it with wrk from a separate process.
#
# Usage: scripts/bench-server.sh [--requests N] [--agencies N] [--db PATH]
#                                [--duration SECONDS] [--warmup SECONDS] [--connections N]
#   defaults: 1 000 000 requests, 2 000 agencies, $TMPDIR/porchlight-bench-<N>.db,
#   10 s per scenario after 3 s of unmeasured warm-up, 16 connections, 2 wrk threads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

REQUESTS=1000000 AGENCIES=2000 DB="" DURATION=10 WARMUP=3 CONNECTIONS=16 THREADS=2
while [ $# -gt 0 ]; do
    case "$1" in
        --requests) REQUESTS="$2"; shift 2 ;;
        --agencies) AGENCIES="$2"; shift 2 ;;
        --db) DB="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
DB="${DB:-${TMPDIR:-/tmp}/porchlight-bench-$REQUESTS.db}"
command -v wrk >/dev/null || die "wrk not found: apt-get install wrk"
command -v curl >/dev/null || die "curl not found"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
note "bench: building the release server"
cargo build --release --locked -p porchlight-server
BIN="$TARGET/release/porchlight-server"

# Seed once; a marker file beside the database says the seed finished.
if [ ! -f "$DB.seeded" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    note "bench: seeding $REQUESTS requests, $AGENCIES agencies into $DB"
    RUST_LOG=error "$BIN" seed --requests "$REQUESTS" --agencies "$AGENCIES" --db "$DB"
    PASSWORD="bench-password-$(date +%s)"
    printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$DB" --email bench-admin@porchlight.test --display-name "Bench admin" --admin >/dev/null
    printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$DB" --email bench-staff@porchlight.test --display-name "Bench staff" >/dev/null
    printf '%s\n' "$PASSWORD" >"$DB.seeded"
else
    say "${DIM}bench: reusing $DB (delete $DB.seeded to seed again)${RESET}"
fi
PASSWORD="$(cat "$DB.seeded")"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/dist"

RUST_LOG=warn "$BIN" serve --addr 127.0.0.1:0 --db "$DB" --dist "$WORK/dist" --tile-url none \
    >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER_PID=$!
# `seed` logs what it stores, so a seeded database starts in about a second; a database
# from before the public log is caught up at its first start (about 30 s a million).
STARTED="$(date +%s.%N)"
for _ in $(seq 1 6000); do
    grep -q "listening on" "$WORK/stdout" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/stderr" >&2; die "the server exited"; }
    sleep 0.1
done
BASE="$(sed -n 's/^porchlight-server listening on //p' "$WORK/stdout")"
[ -n "$BASE" ] || die "the server did not say where it listens"
say "${DIM}bench: the server started in $(awk -v a="$STARTED" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s${RESET}"
API="$BASE/api/v1"

# A signed-in staff member of another agency (posts must not grow the profiled one).
login() {
    curl -sS -o /dev/null -c "$WORK/jar-$1" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\"}" "$API/auth/login"
}
login bench-admin@porchlight.test
curl -sS -o /dev/null -b "$WORK/jar-bench-admin@porchlight.test" -H 'Content-Type: application/json' \
    -d '{"email":"bench-staff@porchlight.test"}' "$API/agencies/seed-agency-00001/staff"
login bench-staff@porchlight.test
COOKIE="porchlight_session=$(awk '$6 == "porchlight_session" { print $7 }' "$WORK/jar-bench-staff@porchlight.test")"
[ "$COOKIE" != "porchlight_session=" ] || die "could not sign in the bench staff account"
MAX_ID="$(curl -sS "$API/requests?limit=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"

# Runs wrk and prints: name, req/s, p99 ms, non-2xx count, load average, goal text.
RESULTS=()
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
scenario() {
    local name="$1" goal="$2" p99_goal="$3" rps_goal="$4"
    shift 4
    local load out rps p99 bad
    # Unmeasured first: a server that has just started maps the database's pages into
    # its memory on first touch (page faults), which a running server has long done.
    [ "$WARMUP" -gt 0 ] && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" >/dev/null 2>&1
    load="$(cut -d' ' -f1 /proc/loadavg)"
    note "bench: $name (load average $load)"
    out="$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$@")"
    printf '%s\n' "$out" | sed 's/^/    /'
    rps="$(printf '%s\n' "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')"
    p99="$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')")"
    bad="$(printf '%s\n' "$out" | awk '/Non-2xx/ { print $NF }')"
    local verdict=met
    awk -v p="$p99" -v g="$p99_goal" 'BEGIN { exit !(g > 0 && p > g) }' && verdict="MISSED"
    awk -v r="$rps" -v g="$rps_goal" 'BEGIN { exit !(g > 0 && r < g) }' && verdict="MISSED"
    [ -n "$bad" ] && verdict="INVALID ($bad non-2xx)"
    RESULTS+=("$(printf '%-34s %9s %10s   %-28s %-8s %s' "$name" "$rps" "$p99" "$goal" "$load" "$verdict")")
}

export BENCH_MAX_ID="$MAX_ID" BENCH_COOKIE="$COOKIE" BENCH_RUN="$(date +%s)"
scenario "bbox feed (varied views)" "p99 ≤ 25 ms, ≥ 2000 req/s" 25 2000 \
    -s scripts/bench/feed.lua "$BASE"
scenario "GET /requests/{id}" "p99 ≤ 5 ms" 5 0 -s scripts/bench/by_id.lua "$BASE"
scenario "GET /agencies/bench-metro-police" "p99 ≤ 50 ms" 50 0 "$API/agencies/bench-metro-police"
scenario "POST /requests (staff, valid)" "≥ 500 req/s" 0 500 -s scripts/bench/post.lua "$BASE"

printf '\n%s%-34s %9s %10s   %-28s %-8s %s%s\n' "$BOLD" "scenario" "req/s" "p99 ms" "goal" "load" "verdict" "$RESET"
for line in "${RESULTS[@]}"; do say "$line"; done
say "${DIM}$(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP} s unmeasured) on 127.0.0.1; database $DB ($(du -h "$DB" | cut -f1))${RESET}"
