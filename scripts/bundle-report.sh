#!/usr/bin/env bash
# Prints what a first visit to the map page transfers: the map page's wasm, its JS glue,
# leaflet.js, every stylesheet dist/index.html links and its text in the reader's
# language (the larger of locales/*/map.json) — raw, gzip -9 and brotli -q 11,
# per file and in total — then the other builds: the public pages' and the whole app's.
#
# Usage: scripts/bundle-report.sh [--rebuild] [--budget] [--ceiling]
#   --rebuild  run `trunk build --release` even when dist/ looks up to date
#   --budget   fail when the first load is over the goal of issue 9 (see "Budget" below)
#   --ceiling  fail when it grows past the ceiling, the size it has already reached
#              (what scripts/test.sh enforces while the goal is not met)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

REBUILD=false
CHECK_BUDGET=false
CHECK_CEILING=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) REBUILD=true ;;
        --budget) CHECK_BUDGET=true ;;
        --ceiling) CHECK_CEILING=true ;;
        -h | --help)
            sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
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
    # Quoted or (minified) bare attributes; strings in ' or (minified) ` quotes.
    grep -oE "(href|src)=(\"[^\"]+\"|[^\" >]+)|from ['\`][^'\`]+['\`]|import\(['\`][^'\`]+['\`]\)|['\`][^'\` ]+\.(wasm|js)['\`]" "$INDEX" |
        sed -E "s/^(href|src)=\"?//; s/\"$//; s/^from ['\`]//; s/^import\(['\`]//; s/['\`]\)?$//; s/^['\`]//" |
        grep -E '\.(wasm|js|css)(\?.*)?$' |
        grep -vE '^(https?:)?//' |
        sed -E 's/\?.*$//; s#^\./##; s#^/##' |
        sort -u
)

# The other builds have fixed names for the loader; they are not part of the map page's
# first load and are reported on their own.
PUBLIC_RE='^porchlight-public(\.js|_bg\.wasm)$'
WHOLE_APP_RE='^porchlight-app(\.js|_bg\.wasm)$'
FOOTAGE_RE='^porchlight-responses(\.js|_bg\.wasm)$'
FILES=() PUBLIC=() WHOLE_APP=() FOOTAGE=()
for ref in "${REFS[@]}"; do
    [ -f "$DIST/$ref" ] || die "dist/index.html references $ref, which is not in dist/"
    if [[ "$ref" =~ $PUBLIC_RE ]]; then
        PUBLIC+=("$ref")
    elif [[ "$ref" =~ $WHOLE_APP_RE ]]; then
        WHOLE_APP+=("$ref")
    elif [[ "$ref" =~ $FOOTAGE_RE ]]; then
        FOOTAGE+=("$ref")
    else
        FILES+=("$ref")
    fi
done
# The map page's text in the reader's language (docs/i18n.md): the loader fetches one
# language's locales/{lang}/map.json, built into a URL at run time, so it is not among
# the references above. Counted as the larger of the languages' files.
LOCALE_FILE=""
for lang_file in "$DIST"/locales/*/map.json; do
    [ -f "$lang_file" ] || continue
    if [ -z "$LOCALE_FILE" ] ||
        [ "$(brotli -q 11 -c "$lang_file" | wc -c)" -gt "$(brotli -q 11 -c "$DIST/$LOCALE_FILE" | wc -c)" ]; then
        LOCALE_FILE="${lang_file#"$DIST"/}"
    fi
done
[ -n "$LOCALE_FILE" ] || die "dist/ has no locales/*/map.json (the map page's text)"
FILES+=("$LOCALE_FILE")
[ "${#PUBLIC[@]}" -eq 2 ] || die "dist/index.html's loader does not name the public pages' .js and .wasm"
[ "${#WHOLE_APP[@]}" -eq 2 ] || die "dist/index.html's loader does not name the whole app's .js and .wasm"
[ "${#FOOTAGE[@]}" -eq 2 ] || die "dist/index.html's loader does not name the footage build's .js and .wasm"

# Classifies a file for the report.
kind_of() {
    case "$1" in
        *.wasm) echo wasm ;;
        *leaflet*.js) echo leaflet.js ;;
        *leaflet*.css) echo leaflet.css ;;
        *.js) echo "JS glue" ;;
        *.css) echo CSS ;;
        *.json) echo text ;;
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

# Prints one table; leaves its brotli totals in TOTAL_BR and WASM_BR.
table() {
    local f raw gz br kind total_raw=0 total_gz=0
    TOTAL_BR=0 WASM_BR=0
    row kind file "raw B" KiB "gzip B" KiB "brotli B" KiB
    for f in "$@"; do
        raw=$(wc -c <"$DIST/$f")
        gz=$(gzip -9 -c "$DIST/$f" | wc -c)
        br=$(brotli -q 11 -c "$DIST/$f" | wc -c)
        total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) TOTAL_BR=$((TOTAL_BR + br))
        kind=$(kind_of "$f")
        [ "$kind" = wasm ] && WASM_BR=$((WASM_BR + br))
        row "$kind" "$f" "$raw" "$(kib "$raw")" "$gz" "$(kib "$gz")" "$br" "$(kib "$br")"
    done
    row total "$# files" "$total_raw" "$(kib "$total_raw")" "$total_gz" "$(kib "$total_gz")" \
        "$TOTAL_BR" "$(kib "$TOTAL_BR")"
}

note "bundle: the public pages' build, loaded instead of the map page's on every other page"
table "${PUBLIC[@]}"
note "bundle: the whole app's build, loaded for the request form"
table "${WHOLE_APP[@]}"
note "bundle: the footage build, loaded for sharing footage, receipts and an agency's responses and keys"
table "${FOOTAGE[@]}"
note "bundle: first load of the map page"
table "${FILES[@]}"

# ---------------------------------------------------------------------------------
# Limits are on brotli sizes, what a browser actually downloads from a server that
# compresses.
#
# Budget (--budget): the goal of issue 9, the first load of the map page ≤ 160 KiB and
# its wasm ≤ 110 KiB.
# Ceiling (--ceiling; scripts/test.sh passes it, so CI fails when the first load grows):
# the sizes already reached plus a little room for small changes, in bytes. Lower them
# as the bundle shrinks; they stand in for the budget until it is met. Raised once, by
# exactly what it cost, for gloo-net as the app's HTTP client (issue 18: the design
# names it): measured on the same sources before and after, the map page's first load
# grew by 1 345 bytes of brotli (wasm 152 429 → 153 582, +1 153; JS glue 8 688 →
# 8 880, +192), so 203 KiB + 1 345 B and 150 KiB + 1 153 B. Raised again for English and
# Spanish (issue 19, allowed 3 KiB over the ceiling; docs/i18n.md): measured on the same
# sources before and after, the first load grew by 3 316 bytes (208 685 → 212 001:
# wasm 153 836 → 155 658, +1 822; JS glue 8 957 → 9 025, +68; header CSS +92; the
# reader's text, now counted, locales/es/map.json 1 334), so the total by the 3 072 B
# allowed (under what it grew: the ceiling had 532 B of room) and the wasm by 1 822 B.
# ---------------------------------------------------------------------------------
BUDGET_TOTAL_BR_KIB=160
BUDGET_WASM_BR_KIB=110
CEILING_TOTAL_BR_BYTES=$((203 * 1024 + 1345 + 3072))
CEILING_WASM_BR_BYTES=$((150 * 1024 + 1153 + 1822))

# within_limits NAME TOTAL_BYTES WASM_BYTES: says whether the first load fits; false if
# not.
within_limits() {
    local name="$1" total="$2" wasm="$3" fits=true
    if [ "$TOTAL_BR" -gt "$total" ]; then
        say "${RED}$name: brotli total $(kib "$TOTAL_BR") KiB > $(kib "$total") KiB${RESET}"
        fits=false
    fi
    if [ "$WASM_BR" -gt "$wasm" ]; then
        say "${RED}$name: brotli wasm $(kib "$WASM_BR") KiB > $(kib "$wasm") KiB${RESET}"
        fits=false
    fi
    $fits && say "${GREEN}$name: ok (brotli total $(kib "$TOTAL_BR") ≤ $(kib "$total") KiB, wasm $(kib "$WASM_BR") ≤ $(kib "$wasm") KiB)${RESET}"
    $fits
}

if $CHECK_CEILING; then
    within_limits ceiling "$CEILING_TOTAL_BR_BYTES" "$CEILING_WASM_BR_BYTES" || exit 1
fi
if $CHECK_BUDGET; then
    within_limits budget $((BUDGET_TOTAL_BR_KIB * 1024)) $((BUDGET_WASM_BR_KIB * 1024)) || exit 1
elif $CHECK_CEILING && [ $((TOTAL_BR > BUDGET_TOTAL_BR_KIB * 1024 || WASM_BR > BUDGET_WASM_BR_KIB * 1024)) = 1 ]; then
    say "${YELLOW}budget: goal not met yet (brotli total ≤ $BUDGET_TOTAL_BR_KIB KiB, wasm ≤ $BUDGET_WASM_BR_KIB KiB)${RESET}"
fi
