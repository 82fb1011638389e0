#!/usr/bin/env bash
# Browser benchmarks in headless Chromium (tests/bench_browser.rs, built with the
# shipped size profile `wasm-release`): map first render and pan redraw for 1 000 /
# 10 000 / 100 000 requests (areas one by one, and the grid cells the page draws
# instead past 300), the feed's DOM rows while scrolling 10 000 requests, and
# validating a 64-vertex area. Prints each figure beside its goal.
#
# Usage: scripts/bench-browser.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] && { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }

use_build_tools
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
note "bench: browser benchmarks (load average $LOAD)"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
WASM_BINDGEN_TEST_TIMEOUT=600 cargo test --locked --target wasm32-unknown-unknown -p porchlight-app \
    --features bench --profile wasm-release --test bench_browser -- --nocapture 2>&1 | tee "$OUT"

value() { awk -v k="$1" '$1 == "BENCH" && $2 == k { print $3 }' "$OUT" | tail -1; }
row() {
    local name="$1" key="$2" unit="$3" goal="$4" limit="$5" v verdict=""
    v="$(value "$key")"
    if [ -z "$v" ]; then
        v="-" verdict="NO FIGURE"
    elif [ -n "$limit" ]; then
        verdict=met
        awk -v v="$v" -v l="$limit" 'BEGIN { exit !(v > l) }' && verdict=MISSED
    fi
    printf '%-44s %10s %-6s %-14s %s\n' "$name" "$v" "$unit" "$goal" "$verdict"
}
printf '\n%s%-44s %10s %-6s %-14s %s%s\n' "$BOLD" "figure" "value" "unit" "goal" "verdict" "$RESET"
for n in 1000 10000 100000; do
    goal_first="" goal_pan="" lim_first="" lim_pan=""
    if [ "$n" = 10000 ]; then goal_first="≤ 300" goal_pan="≤ 100" lim_first=300 lim_pan=100; fi
    row "map, $n areas drawn one by one: first render" "map_first_render_areas_$n" ms "$goal_first" "$lim_first"
    row "map, $n areas drawn one by one: pan redraw" "map_pan_redraw_areas_$n" ms "$goal_pan" "$lim_pan"
    row "map, $n requests as grid cells: shapes" "map_grid_cells_$n" shapes "few hundred" 400
    row "map, $n requests as grid cells: first render" "map_first_render_grid_$n" ms "$goal_first" "$lim_first"
    row "map, $n requests as grid cells: pan redraw" "map_pan_redraw_grid_$n" ms "$goal_pan" "$lim_pan"
done
row "feed, 10 000 items: most DOM rows scrolling" feed_max_dom_rows_10000 rows "≤ ~100" 100
row "feed, 10 000 items: first render" feed_first_render_10000 ms "" ""
row "feed, 10 000 items: slowest scroll step" feed_scroll_step_worst ms "" ""
row "validate a draft with a 64-vertex area (fastest of 40 batches)" validate_64_vertex_draft µs "≤ 100" 100
row "validate a draft with a 64-vertex area (median batch)" validate_64_vertex_draft_median µs "" ""
say "${DIM}load average before the run: $LOAD; $(nproc) cores; $(chromium --version 2>/dev/null || true)${RESET}"
