#!/usr/bin/env bash
# Prints what a first visit to the map page transfers: the wasm, its JS glue,
# leaflet.js and every stylesheet dist/index.html links — raw, gzip -9 and brotli -q 11,
# per file and in total.
#
# Usage: scripts/bundle-report.sh [--rebuild] [--budget]
#   --rebuild  run `trunk build --release` even when dist/ looks up to date
#   --budget   also fail when the bundle is over budget (see "Budget" below)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

REBUILD=false
CHECK_BUDGET=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) REBUILD=true ;;
        --budget) CHECK_BUDGET=true ;;
        -h | --help)
            sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $arg (see --help)" ;;
    esac
done

command -v gzip >/dev/null || die "gzip not found"
command -v brotli >/dev/null || die "brotli not found: run scripts/setup.sh --with-browser"

DIST="$ROOT/dist"
INDEX="$DIST/index.html"

# ---------------------------------------------------------------------------------
# Build when dist/ is missing or older than any input of the app build.
# ---------------------------------------------------------------------------------
needs_build() {
    $REBUILD && return 0
    [ -f "$INDEX" ] || return 0
    local newer
    newer=$(find src style public domain/src index.html Trunk.toml Cargo.toml Cargo.lock \
        package-lock.json -newer "$INDEX" -type f -print -quit 2>/dev/null || true)
    [ -n "$newer" ]
}

if needs_build; then
    note "bundle: building the release app (trunk build --release)"
    use_build_tools
    trunk build --release
else
    say "${DIM}bundle: dist/ is up to date with the sources (--rebuild to force)${RESET}"
fi
[ -f "$INDEX" ] || die "no $INDEX after the build"

# ---------------------------------------------------------------------------------
# The first-load files: what dist/index.html references (script src, modulepreload,
# preload, stylesheet and the loader's import) that is a .wasm, .js or .css file.
# ---------------------------------------------------------------------------------
mapfile -t REFS < <(
    grep -oE "(href|src)=\"[^\"]+\"|from '[^']+'|import\('[^']+'\)|'[^' ]+\.(wasm|js)'" "$INDEX" |
        sed -E "s/^(href|src)=\"//; s/\"$//; s/^from '//; s/^import\('//; s/'\)?$//; s/^'//" |
        grep -E '\.(wasm|js|css)(\?.*)?$' |
        grep -vE '^(https?:)?//' |
        sed -E 's/\?.*$//; s#^\./##; s#^/##' |
        sort -u
)

FILES=()
for ref in "${REFS[@]}"; do
    [ -f "$DIST/$ref" ] || die "dist/index.html references $ref, which is not in dist/"
    FILES+=("$ref")
done

# Classifies a file for the report.
kind_of() {
    case "$1" in
        *.wasm) echo wasm ;;
        *leaflet*.js) echo leaflet.js ;;
        *leaflet*.css) echo leaflet.css ;;
        *.js) echo "JS glue" ;;
        *.css) echo CSS ;;
    esac
}

have_kind() {
    local want="$1" f
    for f in "${FILES[@]}"; do [ "$(kind_of "$f")" = "$want" ] && return 0; done
    return 1
}
have_kind wasm || die "dist/index.html loads no .wasm file"
have_kind "JS glue" || die "dist/index.html loads no JS glue"
have_kind leaflet.js || die "dist/index.html does not load leaflet.js"
have_kind leaflet.css || die "dist/index.html does not load leaflet.css"

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

row() { printf '%-12s %-40s %9s %8s %9s %8s %9s %8s\n' "$@"; }

TOTAL_RAW=0 TOTAL_GZ=0 TOTAL_BR=0 WASM_BR=0
note "bundle: first load of the map page"
row kind file "raw B" KiB "gzip B" KiB "brotli B" KiB
for f in "${FILES[@]}"; do
    raw=$(wc -c <"$DIST/$f")
    gz=$(gzip -9 -c "$DIST/$f" | wc -c)
    br=$(brotli -q 11 -c "$DIST/$f" | wc -c)
    TOTAL_RAW=$((TOTAL_RAW + raw)) TOTAL_GZ=$((TOTAL_GZ + gz)) TOTAL_BR=$((TOTAL_BR + br))
    kind=$(kind_of "$f")
    [ "$kind" = wasm ] && WASM_BR=$((WASM_BR + br))
    row "$kind" "$f" "$raw" "$(kib "$raw")" "$gz" "$(kib "$gz")" "$br" "$(kib "$br")"
done
row total "${#FILES[@]} files" "$TOTAL_RAW" "$(kib "$TOTAL_RAW")" "$TOTAL_GZ" "$(kib "$TOTAL_GZ")" \
    "$TOTAL_BR" "$(kib "$TOTAL_BR")"

# ---------------------------------------------------------------------------------
# Budget (--budget; scripts/test.sh always passes it, so CI fails when it is exceeded).
# Limits are on brotli sizes, what a browser actually downloads from a server that
# compresses (issue 9: the first load of the map page ≤ 160 KiB, the app wasm ≤ 110 KiB).
# ---------------------------------------------------------------------------------
BUDGET_TOTAL_BR_KIB=160
BUDGET_WASM_BR_KIB=110

if $CHECK_BUDGET; then
    over=false
    if [ "$TOTAL_BR" -gt $((BUDGET_TOTAL_BR_KIB * 1024)) ]; then
        say "${RED}budget: brotli total $(kib "$TOTAL_BR") KiB > $BUDGET_TOTAL_BR_KIB KiB${RESET}"
        over=true
    fi
    if [ "$WASM_BR" -gt $((BUDGET_WASM_BR_KIB * 1024)) ]; then
        say "${RED}budget: brotli wasm $(kib "$WASM_BR") KiB > $BUDGET_WASM_BR_KIB KiB${RESET}"
        over=true
    fi
    $over && exit 1
    say "${GREEN}budget: ok (brotli total $(kib "$TOTAL_BR") ≤ $BUDGET_TOTAL_BR_KIB KiB, wasm $(kib "$WASM_BR") ≤ $BUDGET_WASM_BR_KIB KiB)${RESET}"
fi
