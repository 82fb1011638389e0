#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in DIR, listening on a
# free port on 127.0.0.1 only (no Unix socket), trust authentication, no fsync.
#
# Usage: scripts/pg-cluster.sh start DIR   prints the admin URL on stdout:
#                                          postgres://postgres@127.0.0.1:PORT/postgres
#        scripts/pg-cluster.sh stop DIR    stops the cluster and removes DIR
#
# As root the cluster runs as the system user `postgres` (initdb refuses root), so DIR
# must be reachable by that user (a fresh directory under /tmp is); otherwise it runs
# as the calling user. Never for real data: fsync is off and anyone on the machine can
# connect as the superuser.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Every test opens a pool of its own database; cargo runs one test per core at once,
# a test may hold two apps (two pools), and sqlx pools hold up to 10 connections, so
# a 16-core machine can reach 16 x 2 x 10 = 320, plus backends of finished tests
# still exiting. The default 100 would make a busy run fail with "too many clients".
MAX_CONNECTIONS=500
# Marks a directory this script made: `stop` removes only such a directory.
MARKER=.porchlight-pg-cluster

# The directory with initdb, pg_ctl and postgres: `pg_config --bindir` when it has
# them (libpq-dev's pg_config alone points at /usr/bin, which has no server), else
# the newest /usr/lib/postgresql/*/bin.
pg_bindir() {
    local dir
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        printf '%s\n' "$dir"
        return
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        printf '%s\n' "$dir"
        return
    fi
    die "PostgreSQL server binaries not found (run scripts/setup.sh)"
}

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# True when something listens on TCP port $1 (IPv4 or IPv6, any address).
port_in_use() {
    local hex
    hex=$(printf '%04X' "$1")
    # Columns: sl local_address rem_address st …; state 0A is LISTEN.
    awk -v port=":$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == port { found = 1 }
        END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# A port from the range the kernel does not hand out for outgoing connections by
# default (32768–60999), so a client's ephemeral port cannot take it meanwhile.
random_free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 12000))
        port_in_use "$port" || {
            printf '%s\n' "$port"
            return
        }
    done
    die "no free port found"
}

start() {
    local dir="$1" bin port data log
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    touch "$dir/$MARKER"
    bin=$(pg_bindir)
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "no system user postgres (run scripts/setup.sh)"
        chown postgres: "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot write to $dir (a parent directory is closed to it)"
    fi
    data="$dir/data"
    log="$dir/postgres.log"
    # --no-sync: nothing here needs to survive a crash, and it saves most of initdb's time.
    as_owner "$bin/initdb" --pgdata="$data" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
        die "initdb failed: $(cat "$dir/initdb.log")"
    # Only TCP connections from this machine's loopback address, without a password.
    printf 'host all all 127.0.0.1/32 trust\n' | as_owner tee "$data/pg_hba.conf" >/dev/null
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF

# scripts/pg-cluster.sh: a throwaway cluster for tests.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = $MAX_CONNECTIONS
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
EOF
    # Another process may take the port between the check and the start: try again.
    for _ in 1 2 3 4 5; do
        port=$(random_free_port)
        if as_owner "$bin/pg_ctl" --pgdata="$data" --log="$log" --wait --timeout=30 \
            --options="-p $port" start >/dev/null 2>&1; then
            printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$port"
            return
        fi
    done
    die "PostgreSQL did not start; its log ($log):
$(tail -n 20 "$log" 2>/dev/null)"
}

stop() {
    local dir="$1" bin
    [ -d "$dir" ] || return 0
    [ -e "$dir/$MARKER" ] || die "$dir was not made by scripts/pg-cluster.sh: not removing it"
    if [ -f "$dir/data/postmaster.pid" ]; then
        bin=$(pg_bindir)
        # Immediate: nothing in a throwaway cluster is worth a shutdown checkpoint.
        as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null 2>&1 ||
            say "pg-cluster: could not stop the cluster in $dir (already stopped?)" >&2
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start | stop)
        [ $# -eq 2 ] || die "usage: $0 start|stop DIR"
        "$1" "$2"
        ;;
    -h | --help)
        sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
        ;;
    *) die "usage: $0 start|stop DIR (see --help)" ;;
esac
