#!/usr/bin/env bash
# Installs whatever this machine is missing to build (and, with --with-browser, test)
# Porchlight. Idempotent: a second run skips everything already at the right version.
#
# Assumes Debian 12 with rustup, cargo, node and npm. Runs as root (CI) or uses sudo
# for apt-get.
#
# Usage: scripts/setup.sh [--with-browser]
#   --with-browser  also Chromium + chromedriver (component and end-to-end tests),
#                   brotli (bundle report), poppler-utils (the report PDF test), PostgreSQL (the server tests' second
#                   backend), HAProxy (the multi-instance test) and moto (a local
#                   S3-compatible server for the blob store's tests)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRUNK_VERSION=0.21.14
WITH_BROWSER=false

for arg in "$@"; do
    case "$arg" in
        --with-browser | --test) WITH_BROWSER=true ;;
        -h | --help)
            sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $arg (see --help)" ;;
    esac
done

cd "$ROOT"

command -v rustup >/dev/null || die "rustup not found: install it from https://rustup.rs"
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup"
command -v npm >/dev/null || die "npm not found: install Node.js 20 and npm"

SUMMARY=()

# Runs one setup step (a function) and times it. The function prints what it does and
# sets STEP_RESULT to "skipped" or "installed".
step() {
    local name="$1" fn="$2" start end
    note "setup: $name"
    STEP_RESULT=installed
    start=$(now)
    "$fn"
    end=$(now)
    SUMMARY+=("$(printf '%-28s %-10s %7ss' "$name" "$STEP_RESULT" "$(elapsed "$start" "$end")")")
}

skip() {
    say "   ${DIM}skip: $*${RESET}"
    STEP_RESULT=skipped
}

install_msg() { say "   install: $*"; }

apt_install() {
    install_msg "apt-get install $*"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# A linker and C compiler: rustc links with `cc`, and sqlx builds its bundled SQLite.
c_toolchain() {
    if command -v cc >/dev/null; then
        skip "C compiler present ($(cc --version | head -n1))"
    else
        apt_install gcc libc6-dev
    fi
}

wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        skip "wasm32-unknown-unknown already installed"
    else
        install_msg "rustup target add wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    fi
}

# The lint stage of scripts/test.sh: rustfmt and clippy (rustup components).
lint_tools() {
    if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
        skip "rustfmt and clippy already installed"
    else
        install_msg "rustup component add rustfmt clippy"
        rustup component add rustfmt clippy
    fi
}

trunk_tool() {
    local have
    have=$(trunk --version 2>/dev/null || true)
    if [ "$have" = "trunk $TRUNK_VERSION" ]; then
        skip "$have already installed"
    else
        # Trunk 0.22 needs a newer rustc than the pinned stable; --locked keeps its
        # dependency tree to the one it was released with.
        install_msg "trunk $TRUNK_VERSION (found: ${have:-none}; takes ~5 min)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi
}

# The wasm-bindgen version the app is built with, read from Cargo.lock: the CLI must
# match it exactly or the generated glue refuses to load.
lockfile_wasm_bindgen_version() {
    awk '
        /^\[\[package\]\]/ { in_pkg = 0 }
        /^name = "wasm-bindgen"$/ { in_pkg = 1; next }
        in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$ROOT/Cargo.lock"
}

wasm_bindgen_tool() {
    local want have runner
    want=$(lockfile_wasm_bindgen_version)
    [ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
    have=$(wasm-bindgen --version 2>/dev/null || true)
    runner=$(wasm-bindgen-test-runner --version 2>/dev/null || true)
    if [ "$have" = "wasm-bindgen $want" ] && [ -n "$runner" ]; then
        skip "$have already installed (matches Cargo.lock)"
    else
        # Not --locked: the CLI's own lockfile pins a webpki-roots version the
        # registry no longer has.
        install_msg "wasm-bindgen-cli $want (found: ${have:-none}; takes ~3 min)"
        cargo install wasm-bindgen-cli --version "$want"
    fi
}

# `npm ci` wipes node_modules and installs exactly package-lock.json; we record the
# lockfile's hash afterwards so an unchanged lockfile is not reinstalled.
npm_packages() {
    local stamp="$ROOT/node_modules/.porchlight-setup-stamp" want
    want=$(cat "$ROOT/package.json" "$ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        skip "node_modules matches package-lock.json"
    else
        install_msg "npm ci"
        npm ci --no-audit --no-fund
        printf '%s\n' "$want" >"$stamp"
    fi
    [ -x "$ROOT/node_modules/.bin/wasm-opt" ] || die "npm ci did not provide node_modules/.bin/wasm-opt"
    [ -f "$ROOT/node_modules/axe-core/axe.min.js" ] || die "npm ci did not provide axe-core (the e2e accessibility test injects it)"
}

browser_tools() {
    local missing=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
    command -v brotli >/dev/null || missing+=(brotli)
    # pdftotext and pdftoppm: the report e2e test reads the printed PDF (e2e/tests/reports.rs).
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    if [ ${#missing[@]} -eq 0 ]; then
        skip "chromium, chromedriver, brotli and poppler-utils present ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
    else
        apt_install "${missing[@]}"
    fi
}

# HAProxy from Debian: the multi-instance test runs deploy/haproxy.cfg with it. The
# package's own service has no listener in its default configuration.
haproxy_tool() {
    if [ -x /usr/sbin/haproxy ]; then
        skip "$(/usr/sbin/haproxy -v | head -n1) present"
    else
        apt_install haproxy
    fi
}

# PostgreSQL's server and contrib (the `btree_gist` extension the PostgreSQL
# backend's migrations create, and `cube`, which an earlier one did). The tests run their own throwaway cluster
# (scripts/pg-cluster.sh), so Debian's default cluster is not wanted: the drop-in
# below stops the package from creating one (and, on a machine with systemd, from
# running it on port 5432). A default cluster that exists already is left alone; the
# tests never connect to it.
postgres_server() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    if [ -n "$bin" ] && [ -x "$bin/initdb" ] &&
        ls /usr/share/postgresql/*/extension/cube.control >/dev/null 2>&1 &&
        ls /usr/share/postgresql/*/extension/btree_gist.control >/dev/null 2>&1; then
        skip "PostgreSQL server and contrib present ($("$bin/postgres" --version))"
    else
        as_root mkdir -p /etc/postgresql-common/createcluster.d
        printf 'create_main_cluster = false\n' |
            as_root tee /etc/postgresql-common/createcluster.d/porchlight-no-main-cluster.conf >/dev/null
        apt_install postgresql postgresql-contrib
    fi
}

# moto, a local S3-compatible server, for the blob store's S3 tests (responses'
# ciphertext): a virtual environment of the repository's own, from PyPI, pinned in
# scripts/s3-test/requirements.txt, reinstalled only when that file changes. The tests
# start it themselves on 127.0.0.1 (PORCHLIGHT_TEST_S3_SERVER names the executable).
s3_test_server() {
    local venv="$ROOT/.tools/s3-venv" requirements="$ROOT/scripts/s3-test/requirements.txt" want
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ -x "$venv/bin/moto_server" ] && [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" = "$want" ]; then
        skip "moto_server present ($("$venv/bin/pip" freeze 2>/dev/null | grep '^moto' || echo moto))"
    else
        install_msg "moto[server] into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
        printf '%s\n' "$want" >"$venv/.requirements-sha256"
    fi
}

total_start=$(now)
step "C compiler" c_toolchain
step "wasm32 target" wasm_target
step "rustfmt, clippy" lint_tools
step "trunk $TRUNK_VERSION" trunk_tool
step "wasm-bindgen-cli" wasm_bindgen_tool
step "npm packages" npm_packages
if $WITH_BROWSER; then
    step "chromium, driver, brotli" browser_tools
    step "postgresql + contrib" postgres_server
    step "haproxy" haproxy_tool
    step "moto (local S3)" s3_test_server
fi
total_end=$(now)

note "setup done in $(elapsed "$total_start" "$total_end")s"
for line in "${SUMMARY[@]}"; do say "   $line"; done
