#!/usr/bin/env bash
# End-to-end checks of `msim sweep` and `msim merge`, as a user runs them.
# Usage: sweep_test.sh MSIM_BINARY SOURCE_DIR CASE [MPIEXEC]
set -euo pipefail
msim=$1
src=$2
case_name=$3
mpiexec=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A CSV without its wall_* columns (wall-clock time is the one thing allowed to differ).
strip_wall() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { n = split($i, parts, "."); keep[i] = 1; for (k = 1; k <= n; k++) if (parts[k] ~ /^wall_/) keep[i] = 0 } }
           { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line (line == "" ? "" : ",") $i; print line }' "$1"
}
same_tables() {  # same_tables DIR_A DIR_B
  for t in runs.csv points.csv; do
    [[ -s "$1/$t" && -s "$2/$t" ]] || fail "missing $t in $1 or $2"
    diff <(strip_wall "$1/$t") <(strip_wall "$2/$t") >/dev/null || fail "$t differs between $1 and $2"
  done
}
# experiment FILE DURATION REPLICATIONS [extra YAML lines...]
experiment() {
  local file=$1 duration=$2 reps=$3
  shift 3
  {
    echo "scenario: $src/scenarios/quickstart.yaml"
    echo "duration: $duration"
    echo "replications: $reps"
    echo "grid:"
    echo "  workload.shoppers.rate: [200/s, 400/s]"
    echo "  services.backend.replicas: [2, 3]"
    for line in "$@"; do echo "$line"; done
  } >"$file"
}

case "$case_name" in
  same_results_any_jobs)
    experiment "$work/e.yaml" 20s 3
    "$msim" sweep "$work/e.yaml" --jobs 1 --out "$work/j1" -q
    "$msim" sweep "$work/e.yaml" --jobs 2 --out "$work/j2" -q
    same_tables "$work/j1" "$work/j2"
    [[ $(wc -l <"$work/j1/runs.csv") -eq 13 ]] || fail "expected 12 runs and a header"
    [[ $(wc -l <"$work/j1/points.csv") -eq 5 ]] || fail "expected 4 points and a header"
    head -1 "$work/j1/runs.csv" | grep -q '^point,workload.shoppers.rate \[/s\],services.backend.replicas,replication,seed,status,error,' || fail "runs.csv header"
    # Rates are numbers, their unit in the header.
    sed -n 2p "$work/j1/points.csv" | grep -q '^0,200,' || fail "points.csv rate not numeric: $(sed -n 2p "$work/j1/points.csv")"
    head -1 "$work/j1/runs.csv" | grep -q ',requests.all.latency_ms.p99,' || fail "no flattened metric columns"
    # Rows sorted by point then replication; common random numbers: every point's replication k
    # uses the same seed.
    cut -d, -f1,4,5 "$work/j1/runs.csv" | sed -n 2,4p | tr '\n' ' ' | grep -q '^0,0,42 0,1,42 0,2,42 $' || fail "row order or seeds"
    [[ -s "$work/j1/runs/p0003-r002/timeseries.csv" ]] || fail "a run's own outputs are missing"
    # The points table is the mean of the runs: check one cell against runs.csv.
    col=$(head -1 "$work/j1/runs.csv" | tr ',' '\n' | grep -nx 'requests.all.completed' | cut -d: -f1)
    mean=$(awk -F, -v c="$col" '$1 == "2" { s += $c; n++ } END { printf "%.6f", s / n }' "$work/j1/runs.csv")
    pcol=$(head -1 "$work/j1/points.csv" | tr ',' '\n' | grep -nx 'requests.all.completed.mean' | cut -d: -f1)
    got=$(awk -F, -v c="$pcol" '$1 == "2" { printf "%.6f", $c }' "$work/j1/points.csv")
    [[ "$mean" == "$got" ]] || fail "points.csv mean $got, runs.csv gives $mean"
    ls -R "$work/j1" | grep -q 'tmp-' && fail "temporary files left behind"
    true
    ;;
  shards_merge_to_the_whole)
    experiment "$work/e.yaml" 20s 3
    "$msim" sweep "$work/e.yaml" --jobs 2 --out "$work/all" -q
    "$msim" sweep "$work/e.yaml" --shard 0/2 --out "$work/s0" -q
    "$msim" sweep "$work/e.yaml" --shard 1/2 --out "$work/s1" -q
    [[ $(wc -l <"$work/s0/runs.csv") -eq 7 ]] || fail "shard 0 should hold 6 of the 12 runs"
    set +e
    "$msim" merge "$work/s0" --out "$work/half" >/dev/null; code=$?
    set -e
    [[ $code -eq 1 ]] || fail "merging one shard of two should report missing runs (exit 1), got $code"
    "$msim" merge "$work/s0" "$work/s1" --out "$work/merged" >"$work/stdout"
    grep -q '12 runs ok, 0 failed' "$work/stdout" || fail "merge said: $(cat "$work/stdout")"
    same_tables "$work/all" "$work/merged"
    ;;
  resume_after_kill)
    experiment "$work/e.yaml" 20m 2
    "$msim" sweep "$work/e.yaml" --jobs 1 --out "$work/whole" -q
    "$msim" sweep "$work/e.yaml" --jobs 1 --out "$work/killed" -q &
    pid=$!
    sleep 1.5
    kill -9 $pid
    wait $pid 2>/dev/null || true
    [[ ! -e "$work/killed/runs.csv" ]] || fail "the killed sweep should not have written tables"
    # None may have finished yet (a slow machine, a sanitizer build): ls then fails, which is fine.
    finished=$( (ls "$work"/killed/runs/*/summary.json 2>/dev/null || true) | wc -l)
    "$msim" sweep "$work/e.yaml" --jobs 2 --out "$work/killed" >"$work/stdout"
    [[ $finished -eq 0 ]] || grep -q "($finished finished earlier and kept)" "$work/stdout" || fail "resume did not keep $finished runs: $(cat "$work/stdout")"
    same_tables "$work/whole" "$work/killed"
    ls -R "$work/killed" | grep -q 'tmp-' && fail "temporary files of the killed run left behind"
    # Ctrl-C: exit 130, finished runs kept, the rerun completes.
    "$msim" sweep "$work/e.yaml" --jobs 1 --out "$work/int" -q &
    pid=$!
    sleep 1
    kill -INT $pid
    set +e
    wait $pid; code=$?
    set -e
    [[ $code -eq 130 ]] || fail "interrupted sweep exit code $code, expected 130"
    "$msim" sweep "$work/e.yaml" --jobs 2 --out "$work/int" -q
    same_tables "$work/whole" "$work/int"
    ;;
  failed_runs_are_recorded)
    # Point 1 asks for a negative replica count: its runs fail, the others run.
    {
      echo "scenario: $src/scenarios/quickstart.yaml"
      echo "duration: 20s"
      echo "replications: 2"
      echo "grid:"
      echo "  services.backend.replicas: [2, -1, 3]"
    } >"$work/e.yaml"
    "$msim" sweep "$work/e.yaml" --jobs 2 --out "$work/f" -q 2>"$work/stderr"
    [[ $(grep -c ',failed,' "$work/f/runs.csv") -eq 2 ]] || fail "expected point 1's two runs to be failed"
    [[ $(grep -c ',ok,' "$work/f/runs.csv") -eq 4 ]] || fail "the other points should have run"
    grep ',failed,' "$work/f/runs.csv" | grep -q 'replicas' || fail "the failure reason should name the key"
    grep -q '^1,-1,0,2,' "$work/f/points.csv" || fail "points.csv: point 1 should show 0 runs and 2 failed"
    # A per-run time limit fails a run without stopping the sweep.
    printf 'scenario: %s\nduration: 1h\ntime_limit: 50ms\ngrid:\n  services.backend.replicas: [2]\n' "$src/scenarios/quickstart.yaml" >"$work/t.yaml"
    "$msim" sweep "$work/t.yaml" --out "$work/t" -q
    grep ',failed,' "$work/t/runs.csv" | grep -q 'time limit of 0.05 s exceeded' || fail "time limit not recorded: $(cat "$work/t/runs.csv" | cut -c1-300)"
    ;;
  bad_experiments)
    check() {  # check EXPECTED_MESSAGE YAML...
      local expected=$1
      shift
      printf '%s\n' "$@" >"$work/bad.yaml"
      set +e
      "$msim" sweep "$work/bad.yaml" --out "$work/never" 2>"$work/stderr"
      local code=$?
      set -e
      [[ $code -eq 2 ]] || fail "exit code $code for: $*"
      grep -qF "$expected" "$work/stderr" || fail "expected '$expected', got: $(cat "$work/stderr")"
    }
    s="scenario: $src/scenarios/quickstart.yaml"
    check "bad.yaml:2:1: unknown key 'replication'; did you mean 'replications'?" "$s" "replication: 3"
    check "bad.yaml:3:3: grid.services.backnd.replicas: 'services.backnd.replicas': 'services' has no key 'backnd'; did you mean 'backend'?" \
      "$s" "grid:" "  services.backnd.replicas: [1, 2]"
    check "bad.yaml:1:1: scenario: the base scenario file is missing" "grid: {}"
    check "cannot read" "scenario: nowhere.yaml"
    check "bad.yaml:3:22: grid.strategy: unknown strategy 'hpaa'; did you mean 'hpa'?" "$s" "grid:" "  strategy: [static, hpaa]"
    check "metrics: 'requests.all.error_ratio' matches no number of summary.json; did you mean 'requests.all.failed_ratio'?" \
      "$s" "grid:" "  services.backend.replicas: [1, 2]" "metrics: [requests.all.latency_ms.p99, requests.all.error_ratio]"
    check "zipped parameters vary together" "$s" "zip:" "  services.backend.replicas: [1, 2]" "  services.frontend.replicas: [1, 2, 3]"
    check "a range needs from, to, and either step or count" "$s" "grid:" "  services.backend.replicas: { from: 1 }"
    check "not valid YAML" "$s" "grid: [unclosed"
    # A folder holding another experiment's results is not overwritten.
    experiment "$work/e.yaml" 15s 1
    "$msim" sweep "$work/e.yaml" --out "$work/one" -q
    experiment "$work/e.yaml" 16s 1
    set +e
    "$msim" sweep "$work/e.yaml" --out "$work/one" -q 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 ]] && grep -q 'different experiment' "$work/stderr" || fail "reused a folder of another experiment (exit $code)"
    "$msim" sweep "$work/e.yaml" --out "$work/one" -q --fresh
    grep -q '"sim_time_s": 16' "$work/one/runs/p0000-r000/summary.json" || fail "--fresh did not rerun"
    [[ ! -e "$work/never" ]] || fail "an output folder was created for a bad experiment"
    ;;
  mpi_matches_single_process)
    [[ -n "$mpiexec" ]] || fail "no mpiexec given"
    experiment "$work/e.yaml" 20s 3
    "$msim" sweep "$work/e.yaml" --jobs 1 --out "$work/single" -q
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    "$mpiexec" -np 2 --oversubscribe "$msim" sweep "$work/e.yaml" --mpi --out "$work/mpi" -q
    same_tables "$work/single" "$work/mpi"
    ;;
  shipped_experiments_run)
    for f in "$src"/scenarios/experiments/*.yaml; do
      "$msim" sweep "$f" --jobs 2 --out "$work/$(basename "$f" .yaml)" -q || fail "$f failed"
      ! grep -q ',failed,' "$work/$(basename "$f" .yaml)/runs.csv" || fail "$f has failed runs"
    done
    ;;
  *) fail "unknown case $case_name" ;;
esac
