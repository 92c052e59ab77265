#!/usr/bin/env bash
# Regenerates the numbers and plots of docs/cookbook.md: runs each recipe's one command, prints
# the values the page quotes, and renders the chart it shows (msim report --format png) into
# docs/images/cookbook/. Usage: scripts/cookbook.sh (after scripts/quickstart.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
msim="${MSIM:-$root/build/msim}"
out="$root/docs/images/cookbook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$root"
q=scenarios/quickstart.yaml

# recipe NAME CHART -- msim ARGS...: runs one recipe into $work/NAME, keeps its CHART as NAME.png.
recipe() {
  local name=$1 chart=$2
  shift 3
  "$msim" "$@" --out "$work/$name" -q >/dev/null 2>"$work/$name.stderr" || true
  "$msim" report "$work/$name" --format png -o "$work/$name-charts.png" >/dev/null
  cp "$work/$name-charts/$chart.png" "$out/$name.png"
}
value() { grep -m1 -o "\"$2\": [0-9.e+-]*" "$work/$1/summary.json" | head -1 | awk '{print $2}'; }
get() { local dir=$1; shift; "$msim" run "$@" -q --out "$work/get-$dir" "${gets[@]}" 2>/dev/null | tr '\n' ' '; echo; }

gets=(--get requests.all.failed_ratio --get requests.all.latency_ms.p99 --get requests.all.latency_all_ms.p99)
echo "== baseline (failed_ratio p99 p99_all)"; get base "$q"
echo "== 1 lose zone b"; get zone "$q" --inject 'crash zone=b at=60s for=30s'
recipe lose-zone throughput -- run "$q" --inject 'crash zone=b at=60s for=30s'
echo "== 2 double traffic"; get double "$q" --scale-traffic 2x --get services.backend.utilization
recipe double-traffic latency -- run "$q" --scale-traffic 2x
echo "== 2b 1.5x traffic"; get onehalf "$q" --scale-traffic 1.5x --get services.backend.utilization
echo "== 3 one backend"; get one "$q" --set services.backend.replicas=1
recipe one-backend latency -- run "$q" --set services.backend.replicas=1
echo "== 4 cache hit ratio 50 %"; get hit50 "$q" --set services.backend.endpoints.product.calls.1.probability=50% --get services.db.utilization
recipe cache-misses latency -- run "$q" --set services.backend.endpoints.product.calls.1.probability=50%
echo "== 5 slow database"; get slowdb "$q" --inject 'slowdown service=db factor=4 at=60s for=30s'
recipe slow-db latency -- run "$q" --inject 'slowdown service=db factor=4 at=60s for=30s'
echo "== 6 retry storm, and with a budget"
get storm scenarios/resilience/retry-storm.yaml
get budget scenarios/resilience/retry-storm.yaml --set services.web.endpoints.get.calls.0.retries.budget=10%
recipe retry-storm throughput -- run scenarios/resilience/retry-storm.yaml
echo "== 7 discovery: consul, eureka (failed)"
"$msim" run scenarios/resilience/discovery-staleness.yaml --set cluster.discovery=consul -q --out "$work/consul" --get requests.all.failed 2>/dev/null
"$msim" run scenarios/resilience/discovery-staleness.yaml --set cluster.discovery=eureka -q --out "$work/eureka" --get requests.all.failed 2>/dev/null
recipe eureka throughput -- run scenarios/resilience/discovery-staleness.yaml --set cluster.discovery=eureka
echo "== 8 canary with rollback, without (failed)"
"$msim" run scenarios/rollouts/canary-rollback.yaml -q --out "$work/canary" --get requests.all.failed 2>/dev/null
"$msim" run scenarios/rollouts/canary-rollback.yaml --set services.backend.rollout.rollback.errors=100% \
  --set services.backend.rollout.rollback.slo=false -q --out "$work/canary-off" --get requests.all.failed 2>/dev/null
recipe canary throughput -- run scenarios/rollouts/canary-rollback.yaml
echo "== 9 switch autoscaler (compare)"
"$msim" compare scenarios/scaling/flash-crowd.yaml --strategies static:8,hpa,target_tracking -r 5 -j 2 --out "$work/compare" 2>/dev/null |
  grep -E '^(\*| ) |^recommendation|^  [a-z]'
"$msim" report "$work/compare" --format png -o "$work/compare-charts.png" >/dev/null
cp "$work/compare-charts/compare-pareto.png" "$out/switch-autoscaler.png"
echo "== 10 how many replicas (sweep)"
"$msim" sweep scenarios/experiments/quickstart-load.yaml -j 2 --out "$work/sweep" -q
"$msim" report "$work/sweep" --format png -o "$work/sweep-charts.png" >/dev/null
cp "$work/sweep-charts/sweep-requests-all-latency_ms-p99.png" "$out/how-many-replicas.png"
echo "cookbook: images in $out"
