#!/usr/bin/env bash
# Floods the release server on demo data with registrations and failed sign-ins from
# many client addresses while another client reads the feed (issue 18), and prints how
# many were refused with 429, the feed's p99 for that other client unloaded and under
# the flood (measured in the same run) and their ratio (goal: at most 2x), and whether
# the server is still alive.
#
# The server runs with the default abuse limits and hashing queue, and trusts
# X-Forwarded-For (`--trusted-proxy-header`), as it does behind deploy/haproxy.cfg; the
# load generator (server/examples/bench_abuse.rs) simulates its addresses through that
# header.
#
# Usage: scripts/bench-abuse.sh [--db PATH | --db postgres://USER@HOST/DB]
#            [--addresses N] [--registrations N] [--sign-ins N] [--seconds S]
#   defaults: a fresh SQLite file, 50 addresses, 1 000 registrations and 10 000 failed
#   sign-ins spread over 50 s; the reader alone for 20 s before and after, one read
#   every 20 ms. On a machine shared with other jobs, `nice -n -10 scripts/bench-abuse.sh`
#   keeps them off the measured processes (the hashing threads stay 10 steps below).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DB="" ADDRESSES=50 REGISTRATIONS=1000 SIGN_INS=10000 SECONDS_=50
while [ $# -gt 0 ]; do
    case "$1" in
        --db) DB="$2"; shift 2 ;;
        --addresses) ADDRESSES="$2"; shift 2 ;;
        --registrations) REGISTRATIONS="$2"; shift 2 ;;
        --sign-ins) SIGN_INS="$2"; shift 2 ;;
        --seconds) SECONDS_="$2"; shift 2 ;;
        -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
note "bench-abuse: building the release server and the load generator"
cargo build --release --locked -p porchlight-server --bin porchlight-server --example bench_abuse
BIN="$TARGET/release/porchlight-server"
LOAD="$TARGET/release/examples/bench_abuse"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/dist"
DB="${DB:-$WORK/abuse.db}"
KEY_ARGS=()
case "$DB" in postgres://* | postgresql://*) KEY_ARGS=(--log-key "$WORK/log.key") ;; esac

note "bench-abuse: starting the release server on $DB with --demo"
RUST_LOG=warn "$BIN" serve --addr 127.0.0.1:0 --db "$DB" "${KEY_ARGS[@]}" --dist "$WORK/dist" \
    --tile-url none --demo --trusted-proxy-header X-Forwarded-For \
    >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q "listening on" "$WORK/stdout" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/stderr" >&2; die "the server exited"; }
    sleep 0.1
done
URL="$(sed -n 's/^porchlight-server listening on //p' "$WORK/stdout")"
[ -n "$URL" ] || die "the server did not say where it listens"
say "${DIM}bench-abuse: server at $URL (pid $SERVER_PID), load average $(cut -d' ' -f1 /proc/loadavg), $(nproc) cores${RESET}"

# The server's CPU time (user + system, clock ticks) before and after the run.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
before="$(cpu_ticks)" started="$(now)"
"$LOAD" --url "$URL" --addresses "$ADDRESSES" --registrations "$REGISTRATIONS" \
    --sign-ins "$SIGN_INS" --seconds "$SECONDS_"
say "server CPU during the run: $(awk -v t="$(( $(cpu_ticks) - before ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s in $(elapsed "$started" "$(now)") s; load average now $(cut -d' ' -f1 /proc/loadavg)"

# Alive means the process too, not only an answer from something on that port.
kill -0 "$SERVER_PID" 2>/dev/null || die "the server process is gone"
say "server process $SERVER_PID still running; resident memory $(awk '/VmRSS/ { print $2, $3 }' "/proc/$SERVER_PID/status")"
if grep -qi "panic" "$WORK/stderr"; then
    cat "$WORK/stderr" >&2
    die "the server panicked"
fi
