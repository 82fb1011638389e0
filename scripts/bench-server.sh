#!/usr/bin/env bash
# Load-tests the release server on a large database and prints each figure beside its
# goal (issues 9 and 14). Seeds the database once (reused afterwards), starts the
# server on 127.0.0.1, and drives it with wrk from a separate process.
#
# Usage: scripts/bench-server.sh [--db PATH | --db postgres://USER@HOST/DB] [--instances 1|2]
#        scripts/bench-server.sh --compare --pg postgres://USER@HOST/DB
#   common: [--requests N] [--agencies N] [--duration SECONDS] [--warmup SECONDS]
#           [--connections N]
#   --db PATH       SQLite (default $TMPDIR/porchlight-bench-<N>.db; seeded once, marker
#                   file $DB.seeded)
#   --db postgres:  an existing database (seeded once: a `bench-<N>` row in its `seeds`
#                   table; the log key and the bench password stay in $TMPDIR/porchlight-bench/)
#   --instances 2   two servers behind HAProxy with deploy/haproxy.cfg (PostgreSQL only)
#   --compare       in one run: SQLite, then --pg with one instance, then with two
#   defaults: 1 000 000 requests, 2 000 agencies, 10 s per scenario after 3 s of unmeasured
#   warm-up, 16 connections, 2 wrk threads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

REQUESTS=1000000 AGENCIES=2000 DB="" PG="" INSTANCES=1 COMPARE=0
DURATION=10 WARMUP=3 CONNECTIONS=16 THREADS=2
while [ $# -gt 0 ]; do
    case "$1" in
        --requests) REQUESTS="$2"; shift 2 ;;
        --agencies) AGENCIES="$2"; shift 2 ;;
        --db) DB="$2"; shift 2 ;;
        --pg) PG="$2"; shift 2 ;;
        --instances) INSTANCES="$2"; shift 2 ;;
        --compare) COMPARE=1; shift ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
SQLITE_DB="${TMPDIR:-/tmp}/porchlight-bench-$REQUESTS.db"
# The PostgreSQL runs' state: one log key for every bench database (each instance on
# one database must sign with the same key) and the bench accounts' password.
STATE="${TMPDIR:-/tmp}/porchlight-bench"
is_postgres() { case "$1" in postgres://* | postgresql://*) return 0 ;; *) return 1 ;; esac; }
if [ "$COMPARE" = 1 ]; then
    [ -n "$PG" ] || die "--compare needs --pg postgres://USER@HOST/DB (e.g. from scripts/pg-cluster.sh start DIR)"
    is_postgres "$PG" || die "--pg must be a postgres:// URL"
    [ -z "$DB" ] || SQLITE_DB="$DB"
else
    DB="${DB:-$SQLITE_DB}"
    case "$INSTANCES" in 1) ;; 2) is_postgres "$DB" || die "--instances 2 needs --db postgres://…" ;;
        *) die "--instances is 1 or 2" ;; esac
fi
command -v wrk >/dev/null || die "wrk not found: apt-get install wrk"
command -v curl >/dev/null || die "curl not found"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
note "bench: building the release server"
cargo build --release --locked -p porchlight-server
BIN="$TARGET/release/porchlight-server"

WORK="$(mktemp -d)"
PIDS=()
stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
cleanup() {
    stop_all
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/dist"

# Seeds `$1` once; sets PASSWORD (the bench accounts') and KEY_ARGS (`--log-key …` for
# PostgreSQL; SQLite keeps its key next to the file).
seed_users() {
    local db="$1"
    RUST_LOG=error "$BIN" seed --requests "$REQUESTS" --agencies "$AGENCIES" --db "$db" "${KEY_ARGS[@]}"
    printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$db" "${KEY_ARGS[@]}" \
        --email bench-admin@porchlight.test --display-name "Bench admin" --admin >/dev/null
    printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$db" "${KEY_ARGS[@]}" \
        --email bench-staff@porchlight.test --display-name "Bench staff" >/dev/null
}
prepare() {
    local db="$1" started
    if is_postgres "$db"; then
        command -v psql >/dev/null || die "psql not found: apt-get install postgresql-client"
        mkdir -p "$STATE"
        KEY_ARGS=(--log-key "$STATE/log.key")
        [ -f "$STATE/password" ] || printf 'bench-password-%s\n' "$(date +%s)" >"$STATE/password"
        PASSWORD="$(cat "$STATE/password")"
        local marker="bench-$REQUESTS"
        # The `seeds` table exists once the server has opened the database.
        if [ "$(psql "$db" -XAtqc "SELECT to_regclass('seeds') IS NOT NULL")" = t ] &&
            [ "$(psql "$db" -XAtqc "SELECT EXISTS (SELECT 1 FROM seeds WHERE name = '$marker')")" = t ]; then
            say "${DIM}bench: reusing $db (its seeds row '$marker' says it is seeded)${RESET}"
            return
        fi
        note "bench: seeding $REQUESTS requests, $AGENCIES agencies into $db (an empty database)"
        started="$(now)"
        seed_users "$db"
        # What autovacuum does within minutes of a bulk load, done now: until then the
        # index-only scans read rows too (the profile ran at a tenth of its speed).
        psql "$db" -XAtqc "VACUUM ANALYZE" >/dev/null
        psql "$db" -XAtqc "INSERT INTO seeds (name, seeded_at) VALUES ('$marker', extract(epoch FROM now())::int8)" >/dev/null
        say "bench: seeded in $(elapsed "$started" "$(now)") s; $(psql "$db" -XAtqc 'SELECT pg_size_pretty(pg_database_size(current_database()))')"
    else
        KEY_ARGS=()
        if [ ! -f "$db.seeded" ]; then
            rm -f "$db" "$db-wal" "$db-shm"
            note "bench: seeding $REQUESTS requests, $AGENCIES agencies into $db"
            started="$(now)"
            PASSWORD="bench-password-$(date +%s)"
            seed_users "$db"
            printf '%s\n' "$PASSWORD" >"$db.seeded"
            say "bench: seeded in $(elapsed "$started" "$(now)") s; $(du -h "$db" | cut -f1)"
        else
            say "${DIM}bench: reusing $db (delete $db.seeded to seed again)${RESET}"
        fi
        PASSWORD="$(cat "$db.seeded")"
    fi
}

# Starts one server on a free port; sets URL to its base URL (no subshell: PIDS).
# The posting scenario measures how fast the server publishes (hundreds a second from
# this one address), so the posting limits are raised far above it; they are still
# counted on every post, as in production. scripts/bench-abuse.sh measures the limits.
start_server() {
    local db="$1" n="$2"
    RUST_LOG=warn "$BIN" serve --addr 127.0.0.1:0 --db "$db" "${KEY_ARGS[@]}" --dist "$WORK/dist" \
        --tile-url none --post-limit-per-address 1000000/1m --post-limit-global 1000000/1m \
        >"$WORK/stdout-$n" 2>"$WORK/stderr-$n" &
    PIDS+=($!)
    # `seed` logs what it stores, so a seeded database starts in about a second.
    for _ in $(seq 1 6000); do
        grep -q "listening on" "$WORK/stdout-$n" 2>/dev/null && break
        kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/stderr-$n" >&2; die "the server exited"; }
        sleep 0.1
    done
    URL="$(sed -n 's/^porchlight-server listening on //p' "$WORK/stdout-$n")"
    [ -n "$URL" ] || die "the server did not say where it listens"
}

# A TCP port on 127.0.0.1 that nothing listens on, below the ephemeral range.
free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 12000))
        (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null || { printf '%s\n' "$port"; return; }
    done
    die "no free port found"
}

# Starts HAProxy with deploy/haproxy.cfg in front of two instances; sets URL to its own.
start_balancer() {
    local one="$1" two="$2" port
    command -v haproxy >/dev/null || die "haproxy not found: apt-get install haproxy"
    [ -f deploy/haproxy.cfg ] || die "deploy/haproxy.cfg not found"
    port="$(free_port)"
    # Its one log line per request goes to a file, as under systemd it goes to the journal.
    PORCHLIGHT_BALANCER_ADDR="127.0.0.1:$port" PORCHLIGHT_INSTANCE_1_ADDR="${one#http://}" \
        PORCHLIGHT_INSTANCE_2_ADDR="${two#http://}" haproxy -db -f deploy/haproxy.cfg \
        >"$WORK/haproxy.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break
        kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/haproxy.log" >&2; die "haproxy exited"; }
        sleep 0.1
    done
    URL="http://127.0.0.1:$port"
}

# Runs wrk and records: configuration, name, req/s, p99 ms, goal, load average, verdict.
RESULTS=()
SPEED_REFERENCE=""
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
scenario() {
    local name="$1" goal="$2" p99_goal="$3" rps_goal="$4"
    shift 4
    local load out rps p99 bad
    # Unmeasured first: a server that has just started maps the database's pages into
    # its memory on first touch (page faults), which a running server has long done.
    [ "$WARMUP" -gt 0 ] && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" >/dev/null 2>&1
    load="$(cut -d' ' -f1 /proc/loadavg)"
    note "bench: $CONFIG: $name (load average $load)"
    out="$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$@")"
    printf '%s\n' "$out" | sed 's/^/    /'
    rps="$(printf '%s\n' "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')"
    p99="$(to_ms "$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')")"
    bad="$(printf '%s\n' "$out" | awk '/Non-2xx/ { print $NF }')"
    local verdict=met
    awk -v p="$p99" -v g="$p99_goal" 'BEGIN { exit !(g > 0 && p > g) }' && verdict="MISSED"
    awk -v r="$rps" -v g="$rps_goal" 'BEGIN { exit !(g > 0 && r < g) }' && verdict="MISSED"
    [ -n "$bad" ] && verdict="INVALID ($bad non-2xx)"
    RESULTS+=("$(printf '%-22s %-34s %9s %10s   %-26s %-6s %s' "$CONFIG" "$name" "$rps" "$p99" "$goal" "$load" "$verdict")")
    [ "$name" != "GET /requests/{id}" ] || [ -n "$SPEED_REFERENCE" ] ||
        SPEED_REFERENCE="$rps req/s ($CONFIG)"
}

# Seeds if needed, starts the server(s), runs the scenarios, stops them.
bench() {
    CONFIG="$1"
    local db="$2" instances="$3" base started
    prepare "$db"
    started="$(now)"
    if [ "$instances" = 2 ]; then
        local one
        start_server "$db" 1
        one="$URL"
        start_server "$db" 2
        start_balancer "$one" "$URL"
    else
        start_server "$db" 1
    fi
    base="$URL"
    say "${DIM}bench: $CONFIG started in $(elapsed "$started" "$(now)") s at $base${RESET}"
    local api="$base/api/v1" jar="$WORK/jar-$CONFIG"
    # A signed-in staff member of another agency (posts must not grow the profiled one).
    login() {
        curl -sS -o /dev/null -c "$jar-$1" -H 'Content-Type: application/json' \
            -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\"}" "$api/auth/login"
    }
    login bench-admin@porchlight.test
    curl -sS -o /dev/null -b "$jar-bench-admin@porchlight.test" -H 'Content-Type: application/json' \
        -d '{"email":"bench-staff@porchlight.test"}' "$api/agencies/seed-agency-00001/staff"
    login bench-staff@porchlight.test
    local cookie
    cookie="porchlight_session=$(awk '$6 == "porchlight_session" { print $7 }' "$jar-bench-staff@porchlight.test")"
    [ "$cookie" != "porchlight_session=" ] || die "could not sign in the bench staff account"
    local max_id
    max_id="$(curl -sS "$api/requests?limit=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
    [ -n "$max_id" ] || die "the database holds no request"

    export BENCH_MAX_ID="$max_id" BENCH_COOKIE="$cookie" BENCH_RUN="$(date +%s)"
    scenario "bbox feed (varied views)" "p99 ≤ 25 ms, ≥ 2000 req/s" 25 2000 \
        -s scripts/bench/feed.lua "$base"
    scenario "GET /requests/{id}" "p99 ≤ 5 ms" 5 0 -s scripts/bench/by_id.lua "$base"
    scenario "GET /agencies/bench-metro-police" "p99 ≤ 50 ms" 50 0 "$api/agencies/bench-metro-police"
    # The directory (every agency with its totals), an agency's annual report and every
    # agency's year side by side: no goal in their issues, so their figures are printed
    # for the record (and were timed asserts in debug tests before, which fail on a
    # busy machine).
    local year
    year="$(date -u +%Y)"
    scenario "GET /agencies" "(recorded)" 0 0 "$api/agencies"
    scenario "GET …/bench-metro-police/reports/$year" "(recorded)" 0 0 "$api/agencies/bench-metro-police/reports/$year"
    scenario "GET /reports/$year" "(recorded)" 0 0 "$api/reports/$year"
    scenario "POST /requests (staff, valid)" "≥ 500 req/s" 0 500 -s scripts/bench/post.lua "$base"
    stop_all
}

label() { if is_postgres "$1"; then printf 'postgres x%s' "$2"; else printf 'sqlite'; fi; }
if [ "$COMPARE" = 1 ]; then
    bench "$(label "$SQLITE_DB" 1)" "$SQLITE_DB" 1
    bench "$(label "$PG" 1)" "$PG" 1
    bench "$(label "$PG" 2) (HAProxy)" "$PG" 2
else
    bench "$(label "$DB" "$INSTANCES")$([ "$INSTANCES" = 2 ] && printf ' (HAProxy)')" "$DB" "$INSTANCES"
fi

printf '\n%s%-22s %-34s %9s %10s   %-26s %-6s %s%s\n' "$BOLD" "configuration" "scenario" "req/s" \
    "p99 ms" "goal" "load" "verdict" "$RESET"
for line in "${RESULTS[@]}"; do say "$line"; done
say "machine speed reference: GET /requests/{id} at $SPEED_REFERENCE in this run"
# What decides PostgreSQL's figures besides the machine: its cache and its commits.
for db in "$PG" "$DB"; do
    if [ -n "$db" ] && is_postgres "$db"; then
        say "${DIM}PostgreSQL: $(psql "$db" -XAtqc "SELECT string_agg(name || ' ' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'max_connections')"); database $(psql "$db" -XAtqc 'SELECT pg_size_pretty(pg_database_size(current_database()))')${RESET}"
        break
    fi
done
say "${DIM}$(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP} s unmeasured) on 127.0.0.1, load average at each scenario's start${RESET}"
