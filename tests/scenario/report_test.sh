#!/usr/bin/env bash
# End-to-end checks of `msim report`: each kind of results folder becomes a page that Debian's
# headless Chromium opens offline without a JavaScript error and draws (not blank); images too.
# Usage: report_test.sh MSIM_BINARY SOURCE_DIR CASE
set -euo pipefail
msim=$1
src=$2
case_name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in chromium convert identify; do
  command -v "$tool" >/dev/null || fail "$tool not found: install chromium and imagemagick (scripts/install-deps.sh)"
done

# check_page HTML NAME: loads the page offline, checks that its script ran to the end without an
# error, takes a screenshot and checks that it is not blank.
check_page() {
  local html=$1 name=$2
  [[ -s "$html" ]] || fail "$html missing"
  # Self-contained: nothing is fetched (the SVG namespace is a name, not a link).
  if grep -o -E '(src|href)="[a-z]+:[^"]*"|url\([a-z]+:' "$html" | grep -v '^url(#' | grep -q .; then fail "$name: the page links outside itself"; fi
  local chrome=(chromium --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars --user-data-dir="$work/chrome-$name"
                --enable-logging=stderr --v=0)
  timeout 120 "${chrome[@]}" --dump-dom "file://$html" >"$work/$name.dom" 2>"$work/$name.log" || fail "$name: chromium failed: $(tail -3 "$work/$name.log")"
  grep -q 'data-report-ready="yes"' "$work/$name.dom" || fail "$name: the page's script did not run to its end"
  if grep -q 'data-js-error="' "$work/$name.dom"; then fail "$name: JavaScript error: $(grep -o 'data-js-error="[^"]*"' "$work/$name.dom")"; fi
  if grep -E 'Uncaught|CONSOLE[:(]' "$work/$name.log"; then fail "$name: the console reported an error"; fi
  timeout 120 "${chrome[@]}" --screenshot="$work/$name.png" --window-size=1400,2000 "file://$html" >/dev/null 2>&1 || fail "$name: no screenshot"
  local sd colours
  sd=$(convert "$work/$name.png" -format '%[fx:standard_deviation]' info:)
  colours=$(convert "$work/$name.png" -format '%k' info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "$name: the screenshot is nearly blank (standard deviation $sd)"
  [[ $colours -gt 200 ]] || fail "$name: the screenshot has only $colours colours"
}

case "$case_name" in
  run)
    "$msim" run "$src/scenarios/quickstart.yaml" --duration 30s --out "$work/run" -q
    "$msim" report "$work/run" >"$work/out.txt"
    grep -q "report.html: report of the run folder" "$work/out.txt" || fail "unexpected output: $(cat "$work/out.txt")"
    html="$work/run/report.html"
    for id in latency throughput replicas utilization service-graph; do grep -q "<svg [^>]*id=\"$id\"" "$html" || fail "no chart $id"; done
    grep -q '>simulated time (m:ss)<' "$html" || fail "time axis without its unit"
    grep -q '>latency (ms)<' "$html" || fail "latency axis without its unit"
    grep -q '<th>throughput (req/s)</th>' "$html" || fail "no requests table"
    check_page "$html" run
    ;;
  replications)
    "$msim" run "$src/scenarios/quickstart.yaml" --duration 20s -r 2 -j 2 --out "$work/reps" -q
    "$msim" report "$work/reps" -o "$work/reps.html" | grep -q "report of the replications folder" || fail "not seen as replications"
    grep -q 'class="ci">± ' "$work/reps.html" || fail "no ± CI in the tables"
    grep -q 'replication 0 (rep-0/)' "$work/reps.html" || fail "the page does not say the charts are rep-0's"
    check_page "$work/reps.html" replications
    ;;
  compare)
    "$msim" compare "$src/scenarios/scaling/flash-crowd.yaml" --strategies static:8,hpa,target_tracking -r 2 -j 2 --duration 15m \
      --out "$work/cmp" >/dev/null 2>&1
    "$msim" report "$work/cmp" | grep -q "report of the compare folder" || fail "not seen as a compare folder"
    html="$work/cmp/report.html"
    for id in compare-p99_ms compare-slo_attainment compare-error_rate compare-cost_dollars compare-pareto compare-p99-over-time; do
      grep -q "id=\"$id\"" "$html" || fail "no chart $id"
    done
    grep -q 'Pareto-optimal' "$html" || fail "no Pareto-optimal strategy marked"
    check_page "$html" compare
    # compare.json's recommendation (msim compare always makes one: a strategy, or none) is shown first.
    rec=$(grep -A1 '"recommendation"' "$work/cmp/compare.json" | grep -o '"strategy": [^,]*' | cut -d'"' -f4)
    if [[ -n $rec ]]; then
      grep -q "Recommended: <strong>$rec</strong>" "$html" || fail "the recommendation ($rec) is not shown"
    else
      grep -q "No strategy is recommended" "$html" || fail "'no recommendation' is not shown"
    fi
    grep -q "Rule: the cheapest strategy that meets the objective" "$html" || fail "the rule is not shown"
    # An older compare.json without one (strategies at the top) still reads, and shows no recommendation.
    sed -n '/"strategies": {/,$p' "$work/cmp/compare.json" | sed '1s/.*/{/' | sed '$d' >"$work/old.json"
    mkdir -p "$work/old" && cp -r "$work/cmp"/* "$work/old/" && cp "$work/old.json" "$work/old/compare.json"
    "$msim" report "$work/old" -o "$work/rec.html" >/dev/null || fail "an older compare.json is not read"
    if grep -q 'Recommended:\|No strategy is recommended' "$work/rec.html"; then fail "a recommendation shown without one in compare.json"; fi
    check_page "$work/rec.html" recommendation
    ;;
  sweep)
    cat >"$work/e.yaml" <<YAML
scenario: $src/scenarios/quickstart.yaml
duration: 15s
replications: 2
grid:
  workload.shoppers.rate: [200/s, 400/s, 600/s]
  services.backend.replicas: [2, 3]
YAML
    "$msim" sweep "$work/e.yaml" -j 2 --out "$work/sw" -q
    "$msim" report "$work/sw" | grep -q "report of the sweep folder" || fail "not seen as a sweep folder"
    html="$work/sw/report.html"
    grep -q 'id="sweep-requests-all-latency_ms-p99"' "$html" || fail "no p99 chart"
    grep -q 'id="sweep-heat-map"' "$html" || fail "no heat map for two parameters"
    grep -q 'services.backend.replicas = 3' "$html" || fail "no line per other parameter value"
    grep -q '>workload.shoppers.rate (/s)<' "$html" || fail "x axis without its unit"
    check_page "$html" sweep
    ;;
  images)
    "$msim" run "$src/scenarios/quickstart.yaml" --duration 20s --out "$work/run" -q
    "$msim" report "$work/run" --format png | grep -q "5 png files" || fail "png: unexpected output"
    [[ $(ls "$work/run/report"/*.png | wc -l) -eq 5 ]] || fail "expected 5 PNG files in RESULTS_DIR/report/"
    identify -format '%m %w\n' "$work/run/report/latency.png" | grep -q '^PNG 1320$' || fail "latency.png: $(identify "$work/run/report/latency.png")"
    sd=$(convert "$work/run/report/latency.png" -format '%[fx:standard_deviation]' info:)
    awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "latency.png is nearly blank"
    "$msim" report "$work/run" --format svg -o "$work/out/charts.html" >/dev/null
    [[ $(ls "$work/out/charts"/*.svg | wc -l) -eq 5 ]] || fail "expected 5 SVG files next to -o"
    head -c 200 "$work/out/charts/utilization.svg" | grep -q '<svg xmlns="http://www.w3.org/2000/svg"' || fail "not a standalone SVG"
    ;;
  not_a_results_folder)
    mkdir -p "$work/empty" "$work/half"
    set +e
    "$msim" report "$work/empty" 2>"$work/err"; rc=$?
    set -e
    [[ $rc -eq 2 ]] || fail "exit $rc for an empty folder, expected 2"
    grep -q 'not an msim results folder: it has no summary.json' "$work/err" || fail "message: $(cat "$work/err")"
    echo '{}' >"$work/half/summary.json"
    set +e
    "$msim" report "$work/half" 2>"$work/err"; rc=$?
    set -e
    [[ $rc -eq 2 ]] || fail "exit $rc for a folder without timeseries.csv"
    grep -q 'no timeseries.csv' "$work/err" || fail "message does not name timeseries.csv: $(cat "$work/err")"
    set +e
    "$msim" report "$work/missing" 2>"$work/err"; rc=$?
    set -e
    [[ $rc -eq 2 ]] || fail "exit $rc for a missing folder"
    [[ -z $(ls -A "$work/empty") ]] || fail "something was written into the empty folder"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "ok: $case_name"
