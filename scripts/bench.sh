#!/usr/bin/env bash
# Reruns the performance measurements of docs/performance.md in one sitting:
# Google Benchmark (event queues; engine vs a bare heap loop), whole-process `msim run` timings and
# sweep efficiency; MSIM_BENCH_DATACENTRE=1 adds the one-hour data-centre run (several minutes).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${MSIM_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" --target msim msim_bench

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread|L2|L3)' || true
echo
echo "== event queues (hold model) and engine vs bare loop (M/M/4, rho 0.8, 1M customers)"
"$build/msim_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_filter="${MSIM_BENCH_FILTER:-.}" 2>/dev/null

echo
echo "== two-tier (8 front instances -> 2 cache instances, 10k requests/s, 60 s): whole process, 3 runs"
for _ in 1 2 3; do
  start=$(date +%s%N)
  requests=$("$build/msim" run "$root/scenarios/bench/two-tier.yaml" --quiet --out "$build/bench-out" --get requests.all.completed)
  end=$(date +%s%N)
  echo "$requests requests in $(( (end - start) / 1000000 )) ms"
done

echo
echo "== whole process: msim run scenarios/bench/mm4.yaml (median of 5)"
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$build/msim" run "$root/scenarios/bench/mm4.yaml" --quiet --out "$build/bench-out"
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "median wall: ${median} ms for 1,000,000 customers (${times[*]} ms)"
grep -E '"events"' "$build/bench-out/summary.json"

echo
echo "== msim sweep parallel efficiency: 16 equal runs (scenarios/experiments/sweep-efficiency.yaml), median of 3"
for jobs in 1 2; do
  times=()
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$build/msim" sweep "$root/scenarios/experiments/sweep-efficiency.yaml" --jobs "$jobs" --fresh --quiet --out "$build/bench-sweep"
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "--jobs $jobs: median ${median} ms (${times[*]} ms)"
  eval "sweep_ms_$jobs=$median"
done
awk -v a="$sweep_ms_1" -v b="$sweep_ms_2" 'BEGIN { printf "speed-up %.2fx, parallel efficiency %.2f on 2 cores\n", a / b, a / b / 2 }'

if [[ "${MSIM_BENCH_DATACENTRE:-0}" == 1 ]]; then
  echo
  echo "== data-centre scale: 20,000 services, 200,000 instances, 5,000 requests/s, 1 hour simulated (several minutes)"
  "$build/msim" generate --services 20000 --instances 200000 --shape alibaba --rate 5000/s --duration 1h -o "$build/dc.yaml"
  /usr/bin/time -f "validate: %e s, peak RSS %M KiB" "$build/msim" validate "$build/dc.yaml"
  /usr/bin/time -f "run: %e s wall, peak RSS %M KiB" "$build/msim" run "$build/dc.yaml" --quiet --stats --out "$build/dc-out"
fi
