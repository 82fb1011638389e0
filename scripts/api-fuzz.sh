#!/usr/bin/env bash
# Fuzzes the HTTP API from its own spec: schemathesis (from PyPI, pinned in
# scripts/api-fuzz/requirements.txt) drives every operation of api/openapi.yaml against
# the release server with demo data on a throwaway SQLite file, signed out and signed in
# as each demo role. Fails on any 5xx, any response that does not conform to the spec
# (status, content type, headers, schema), any schema-valid request refused and any
# schema-invalid request accepted. Bounded: a fixed number of examples per operation and
# a fixed seed, so a run is repeatable and fits CI.
#
# Usage: scripts/api-fuzz.sh [--server BIN] [--examples N] [--seed N]
#   --server BIN  the server binary (default: build the release binary with cargo)
#   --examples N  examples per operation and phase (default 25)
#   --seed N      hypothesis seed (default 20261206)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SERVER=""
EXAMPLES=25
SEED=20261206
while [ $# -gt 0 ]; do
    case "$1" in
        --server) SERVER="$2"; shift 2 ;;
        --examples) EXAMPLES="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        -h | --help)
            sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

# schemathesis in a virtual environment of the repository's own, reinstalled only when
# the pinned requirements change.
VENV="$ROOT/.tools/api-fuzz-venv"
REQUIREMENTS="$ROOT/scripts/api-fuzz/requirements.txt"
STAMP="$VENV/.requirements-sha256"
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/schemathesis" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
    note "installing schemathesis into $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
    printf '%s\n' "$want" >"$STAMP"
fi

if [ -z "$SERVER" ]; then
    note "building the release server"
    cargo build --locked --release -p porchlight-server
    SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/release/porchlight-server"
fi
[ -x "$SERVER" ] || die "no server binary at $SERVER"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/porchlight-api-fuzz.XXXXXX")
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# Port 0: the server picks a free port and prints the address it listens on.
"$SERVER" --addr 127.0.0.1:0 --db "$WORK/fuzz.db" --dist "$WORK/no-app" --demo \
    --tile-url none >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 300); do
    BASE=$(sed -n 's/^porchlight-server listening on \(http:[^ ]*\)$/\1/p' "$WORK/server.out")
    [ -n "$BASE" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server did not start"; }
    sleep 0.1
done
[ -n "$BASE" ] || die "the server did not say where it listens"
say "server: $BASE (demo data, $WORK/fuzz.db)"

# A session token for a demo account (password in the README).
sign_in() {
    local cookie
    cookie=$(curl -sS -o /dev/null -D - -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"porchlight-demo\"}" "$BASE/api/v1/auth/login" |
        sed -n 's/^[Ss]et-[Cc]ookie: porchlight_session=\([^;]*\).*/\1/p')
    [ -n "$cookie" ] || die "could not sign in as $1"
    printf '%s' "$cookie"
}

# One run: a label, a session token (empty: signed out), then extra schemathesis
# arguments. The token goes to schemathesis as the spec's `session` scheme, so that
# it knows which requests are signed in (and leaves the cookie out when testing that an
# operation refuses a request without it).
FAILED=()
fuzz() {
    local label="$1" token="$2" config="$WORK/schemathesis.toml"
    shift 2
    cp "$ROOT/scripts/api-fuzz/schemathesis.toml" "$config"
    if [ -n "$token" ]; then
        printf '\n[auth.openapi.session]\napi_key = "%s"\n' "$token" >>"$config"
    fi
    note "schemathesis: $label"
    if ! "$VENV/bin/schemathesis" --config-file "$config" \
        run "$ROOT/api/openapi.yaml" --url "$BASE/api/v1" \
        --checks all --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
        --phases examples,coverage,fuzzing --no-color "$@"; then
        FAILED+=("$label")
    fi
}

# Every role signs in first: the signed-out run's flood of failed sign-ins from this
# address meets the abuse limits, which would then refuse these too.
declare -A TOKENS
ROLES=(resident officer moderator admin)
for account in "${ROLES[@]}"; do
    TOKENS[$account]=$(sign_in "$account@porchlight.test")
done
fuzz "signed out" ""
# Signed in: the session must outlive the run, so the operations that end or replace
# it (`/auth/...`) are fuzzed signed out only.
for account in "${ROLES[@]}"; do
    fuzz "signed in as $account" "${TOKENS[$account]}" --exclude-path-regex '^/auth/'
done

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    FAILED+=("the server survived")
fi
if [ ${#FAILED[@]} -gt 0 ]; then
    die "schemathesis failed: ${FAILED[*]} (server log: keep it by re-running with TMPDIR set)"
fi
say "${GREEN}schemathesis: no failures in any run${RESET}"
