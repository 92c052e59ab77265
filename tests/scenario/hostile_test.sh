#!/usr/bin/env bash
# Hostile and unlucky inputs (issue "nothing silently wrong"): each reproducer must give a clear
# error (exit 2, located) or a correct result; never a signal, a 0 ms artefact or a mixed folder.
# Usage: hostile_test.sh MSIM_BINARY SOURCE_DIR CASE
set -euo pipefail
msim=$1
src=$2
case_name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q="$src/scenarios/quickstart.yaml"

# expect_error CODE PATTERN COMMAND...: runs it, checks the exit code and that stderr matches.
expect_error() {
  local want=$1 pattern=$2
  shift 2
  set +e
  "$@" >"$work/stdout" 2>"$work/stderr"
  local code=$?
  set -e
  [[ $code -eq $want ]] || fail "$* : exit code $code, expected $want; stderr: $(head -c 600 "$work/stderr")"
  grep -Eq -- "$pattern" "$work/stderr" || fail "$* : stderr does not match '$pattern': $(head -c 600 "$work/stderr")"
}

# small_disk DIR TMPFS_KIB FILE_KIB: a full disk for the commands run with `full`: a tmpfs of
# TMPFS_KIB at DIR where the machine allows mounting (root with CAP_SYS_ADMIN, as here and in CI);
# elsewhere a file-size limit of FILE_KIB, which makes writes fail as a full disk does (EFBIG
# instead of ENOSPC), and the line below says so.
disk_limit=""
small_disk() {
  mkdir -p "$1"
  if [[ $(id -u) -eq 0 ]] && mount -t tmpfs -o size="$2"k tmpfs "$1" 2>/dev/null; then
    trap 'umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
  else
    disk_limit=$3
    echo "note: no tmpfs (mount not permitted here): a $3 KiB file-size limit stands in for the full disk"
  fi
}
full() { if [[ -n $disk_limit ]]; then (trap '' XFSZ; ulimit -f "$disk_limit"; exec "$@"); else "$@"; fi; }
release_disk() { [[ -n $disk_limit ]] || umount "$1"; }

# A single service whose endpoint does `work`, at 20 requests/s for `duration`.
one_service() {
  printf 'name: one\nduration: %s\nservices:\n  a:\n    replicas: 1\n    workers: 4\n    endpoints:\n      e: { work: "%s" }\nworkload:\n  - { name: w, rate: 20/s, call: a.e }\n' "$2" "$1"
}

# The files of a finished single run, and its seed: "seed files..." (a folder is whole when this
# names one of the runs made into it).
fingerprint() {
  local dir=$1
  [[ -f "$dir/summary.json" ]] || { echo "no-summary"; return; }
  local seed
  seed=$(grep -m1 '"seed"' "$dir/summary.json" | tr -dc '0-9')
  echo "$seed $(cd "$dir" && find . -type f | sort | tr '\n' ' ')"
}

case "$case_name" in
  time_saturates)
    # Draws of ~100 years and more: time saturates, such calls never complete within the run.
    for work_text in "pareto(0.5, 36500d)" "exponential(36500d)" "weibull(0.001, 1ms)" "pareto(1e-300, 1ms)"; do
      one_service "$work_text" 100s >"$work/long.yaml"
      "$msim" validate "$work/long.yaml" 2>"$work/stderr" >/dev/null || fail "$work_text: validate failed: $(cat "$work/stderr")"
      grep -q "long.yaml:8:7: warning: services.a.endpoints.e.work: .* longer than the whole run" "$work/stderr" ||
        fail "$work_text: no warning at validate: $(cat "$work/stderr")"
      "$msim" run "$work/long.yaml" --quiet --out "$work/long" 2>/dev/null
      completed=$("$msim" run "$work/long.yaml" --quiet --out "$work/long" --get requests.all.completed 2>/dev/null)
      p50=$("$msim" run "$work/long.yaml" --quiet --out "$work/long" --get requests.all.latency_ms.p50 2>/dev/null)
      # weibull(0.001, 1ms) also draws below a nanosecond (63 % of its draws): those complete at once,
      # until its few workers are held by the astronomically long ones. The others never complete.
      [[ $work_text == weibull* ]] || [[ $p50 == 0 || $p50 == 0.0 ]] || fail "$work_text: p50 $p50 without completions"
      [[ $work_text == weibull* ]] || [[ $completed == 0 ]] || fail "$work_text: $completed requests completed within 100 s"
    done
    ;;
  results_folder_whole)
    # 1. A single run, then replications: no timeseries.csv of the single run beside them.
    "$msim" run "$q" --quiet --seed 7 --duration 20s --out "$work/r"
    "$msim" run "$q" --quiet --duration 20s -r 3 -j 2 --out "$work/r"
    [[ ! -e "$work/r/timeseries.csv" && ! -e "$work/r/events.csv" ]] || fail "single-run files left beside replications"
    [[ -d "$work/r/rep-2" && ! -e "$work/r/rep-3" ]] || fail "replication folders: $(ls "$work/r")"
    # ...and back to a single run: no rep-K/ left.
    "$msim" run "$q" --quiet --seed 7 --duration 20s --out "$work/r"
    [[ ! -e "$work/r/rep-0" ]] || fail "rep-0 left beside a single run"
    before=$(fingerprint "$work/r")
    # 2. A byte that is not UTF-8 is refused at validate, located, and the folder is untouched.
    printf 'name: bad\nduration: 10s\nservices:\n  a:\n    endpoints: { e: { work: 1ms } }\n# caf\xe9\nworkload: [ { name: w, rate: 10/s, call: a.e } ]\n' >"$work/latin1.yaml"
    expect_error 2 'latin1.yaml:6:6: this byte is not UTF-8' "$msim" validate "$work/latin1.yaml"
    expect_error 2 'latin1.yaml:6:6: this byte is not UTF-8' "$msim" run "$work/latin1.yaml" --out "$work/r"
    [[ $(fingerprint "$work/r") == "$before" ]] || fail "a refused run changed the folder"
    # 3. A folder that is not msim's is never replaced.
    mkdir -p "$work/mine" && echo "precious" >"$work/mine/notes.txt"
    expect_error 2 'not msim results' "$msim" run "$q" --quiet --duration 20s --out "$work/mine"
    [[ $(cat "$work/mine/notes.txt") == precious ]] || fail "the user's folder was touched"
    # 4. Leftovers of killed runs (staging folders, *.tmp-PID files) are removed by the next run.
    mkdir -p "$work/.r.staging-999999" && touch "$work/r/timeseries.csv.tmp-999998"
    "$msim" run "$q" --quiet --seed 7 --duration 20s --out "$work/r"
    [[ ! -e "$work/.r.staging-999999" ]] || fail "staging folder of a dead process left"
    ls -a "$work/r" | grep -q 'tmp-' && fail "temporary files left: $(ls -a "$work/r")"
    # 5. A full disk (a 300 KiB tmpfs): the previous folder stays whole.
    small_disk "$work/disk" 300 300
    "$msim" run "$q" --quiet --seed 7 --duration 20s --out "$work/disk/r" || fail "a small run does not fit 300 KiB"
    before=$(fingerprint "$work/disk/r")
    set +e
    full "$msim" run "$q" --quiet --seed 8 --duration 30m --force --out "$work/disk/r" 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 1 ]] || fail "disk full: exit code $code: $(cat "$work/stderr")"
    grep -q "^msim: error: cannot write" "$work/stderr" || fail "disk full: $(cat "$work/stderr")"
    [[ $(fingerprint "$work/disk/r") == "$before" ]] || fail "a disk-full run changed the folder"
    [[ $(ls -A "$work/disk" | tr '\n' ' ') == "r " ]] || fail "leftovers on the full disk: $(ls -A "$work/disk")"
    release_disk "$work/disk"
    true
    ;;
  kill_at_random)
    # kill -9 at random moments of run, run -r and compare: the folder is the old whole one or the new.
    "$msim" run "$q" --quiet --seed 3 --duration 30s --out "$work/k"
    old=$(fingerprint "$work/k")
    "$msim" run "$q" --quiet --seed 4 --duration 30s --out "$work/new"
    new_files=$(fingerprint "$work/new" | cut -d' ' -f2-)
    for delay in 0.05 0.15 0.3 0.5 0.8 1.2; do
      "$msim" run "$q" --quiet --seed 4 --duration 30s --out "$work/k" &
      pid=$!
      sleep "$delay"
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      now=$(fingerprint "$work/k")
      [[ $now == "$old" || $now == "4 $new_files" ]] || fail "after a kill at ${delay}s the folder is mixed: $now"
      old=$now
    done
    # Replications: whole or not there.
    for delay in 0.1 0.4 0.9; do
      "$msim" run "$q" --quiet --duration 20s -r 4 -j 2 --out "$work/reps" &
      pid=$!
      sleep "$delay"
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      if [[ -e "$work/reps" ]]; then
        [[ -f "$work/reps/summary.json" && -f "$work/reps/rep-3/summary.json" ]] || fail "replications folder incomplete: $(find "$work/reps")"
      fi
    done
    # compare
    scaling="$src/scenarios/scaling/flash-crowd.yaml"
    for delay in 0.3 1.0; do
      "$msim" compare "$scaling" --strategies static:4,hpa -r 2 --duration 5m --out "$work/cmp" >/dev/null 2>&1 &
      pid=$!
      sleep "$delay"
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      if [[ -e "$work/cmp" ]]; then [[ -f "$work/cmp/compare.json" ]] || fail "compare folder incomplete: $(ls "$work/cmp")"; fi
    done
    # Nothing hidden is left once a later run has gone through.
    "$msim" run "$q" --quiet --duration 20s --out "$work/k"
    "$msim" run "$q" --quiet --duration 20s --out "$work/reps"
    ls -a "$work" | grep -Eq '\.(staging|old)-' && fail "leftovers: $(ls -a "$work")"
    true
    ;;
  duplicates_once)
    {
      printf 'name: dup\nduration: 10s\nservices:\n  a:\n    endpoints: { e: { work: 1ms } }\nworkload:\n'
      for _ in 1 2 3 4; do printf '  - { name: w, rate: 1/s, call: a.e }\n'; done
    } >"$work/dup.yaml"
    expect_error 2 "workload name 'w' is already used at line 7" "$msim" validate "$work/dup.yaml"
    [[ $(grep -c "already used" "$work/stderr") -eq 3 ]] || fail "expected 3 lines: $(cat "$work/stderr")"
    {
      printf 'name: dup\nduration: 10s\nservices:\n  a:\n    endpoints: { e: { work: 1ms } }\nworkload:\n'
      for _ in $(seq 4001); do printf '  - { name: w, rate: 1/s, call: a.e }\n'; done
    } >"$work/dup4001.yaml"
    set +e
    "$msim" validate "$work/dup4001.yaml" >/dev/null 2>"$work/stderr"
    set -e
    [[ $(grep -c "already used" "$work/stderr") -eq 4000 ]] || fail "4001 duplicates: $(wc -l <"$work/stderr") lines"
    ;;
  guards)
    # Runaway scenarios are refused before they run, with the estimate.
    printf 'name: flood\nduration: 60s\nservices:\n  a:\n    endpoints: { e: { work: 1ms } }\nworkload: [ { name: w, rate: 1000M/s, call: a.e } ]\n' >"$work/flood.yaml"
    expect_error 2 'flood.yaml: this run would need about .* of memory .*unbounded.*--max-memory' "$msim" run "$work/flood.yaml" --out "$work/never"
    [[ ! -e "$work/never" ]] || fail "a refused run created its folder"
    # ...unless the budget allows it (a dry check: --max-memory far above the estimate is accepted).
    expect_error 2 'more than the budget of 1.0 KiB' "$msim" run "$q" --max-memory 1KiB --out "$work/never"
    expect_error 2 "'--max-memory' '12 parsecs'|--max-memory '12 parsecs'" "$msim" run "$q" --max-memory '12 parsecs'
    {
      printf 'name: fan\nduration: 10s\nservices:\n'
      for level in 0 1 2 3 4 5 6 7; do
        printf '  s%d:\n    endpoints:\n      e:\n        work: 1us\n' "$level"
        printf '        calls: [ { call: s%d.e, count: 50 } ]\n' "$((level + 1))"
      done
      printf '  s8:\n    endpoints: { e: { work: 1us } }\nworkload: [ { name: w, rate: 1/s, call: s0.e } ]\n'
    } >"$work/fan.yaml"
    expect_error 2 'one request makes about 3.9.e\+13 calls' "$msim" run "$work/fan.yaml" --out "$work/never"
    expect_error 2 'cannot read the scenario file: is not a regular file' "$msim" validate /dev/zero
    # validate states the estimate; the quick start's is a few tens of MiB (it peaks at ~18 MiB).
    "$msim" validate "$q" | grep -Eq '^.*quickstart.yaml: OK \(a run needs about [0-9]+ MiB of memory, [0-9]+ KiB of results, [0-9.e+]+ events\)$' ||
      fail "validate: $("$msim" validate "$q")"
    expect_error 2 'this run would write about .* of results' "$msim" run "$q" --duration 36501d --out "$work/never"
    # In a sweep, a runaway point is a failed run with the estimate; the other points run.
    printf 'name: budget\nscenario: %s\nduration: 20s\ngrid: { workload.shoppers.rate: [100/s, 1000M/s] }\n' "$q" >"$work/budget.yaml"
    "$msim" sweep "$work/budget.yaml" --quiet --out "$work/budget" || fail "sweep with a runaway point failed"
    grep -q '^0,100/s,0,42,ok,' "$work/budget/runs.csv" || fail "the sound point did not run"
    grep -q '^1,1000M/s,0,42,failed,"budget: this run would need about' "$work/budget/runs.csv" || fail "runaway point: $(cut -c1-200 "$work/budget/runs.csv")"
    ;;
  names_round_trip)
    # An endpoint name with a line break is refused at validate (every export could not hold it).
    printf 'name: nl\nduration: 5s\nservices:\n  a:\n    endpoints:\n      "get\\nall": { work: 1ms }\nworkload: [ { name: w, rate: 10/s, call: "a.get\\nall" } ]\n' >"$work/nl.yaml"
    expect_error 2 'nl.yaml:6:7: services.a: the endpoint name holds a control character' "$msim" validate "$work/nl.yaml"
    # Names with commas, quotes and non-ASCII text go through every export and back.
    printf 'name: odd\nduration: 5s\ntracing: { sample: 100%% }\nservices:\n  cafe:\n    endpoints:\n      "GET /a,b \\"q\\" caf\xc3\xa9": { work: 1ms }\nworkload: [ { name: "w,\\"x\\" \xc3\xa9", rate: 20/s, call: "cafe.GET /a,b \\"q\\" caf\xc3\xa9" } ]\n' >"$work/odd.yaml"
    "$msim" validate "$work/odd.yaml" >/dev/null || fail "odd names refused"
    for format in otlp jaeger; do
      "$msim" run "$work/odd.yaml" --quiet --trace-format "$format" --prometheus --out "$work/odd-$format" ||
        fail "export $format failed"
      [[ -s "$work/odd-$format/traces.$format.json" ]] || fail "no traces.$format.json"
      "$msim" import otel "$work/odd-$format/traces.$format.json" -o "$work/back-$format.yaml" >/dev/null || fail "$format: not read back"
      "$msim" validate "$work/back-$format.yaml" >/dev/null || fail "$format: re-imported scenario does not validate"
    done
    ;;
  cli_defects)
    expect_error 2 "^msim: --seed '18446744073709551616': give a whole number from 0 to 18446744073709551615$" "$msim" run "$q" --seed 18446744073709551616
    expect_error 2 "^msim: --seed '-1': give a whole number" "$msim" run "$q" --seed -1
    [[ $(wc -c <"$work/stderr") -lt 200 ]] || fail "--seed -1: long message: $(cat "$work/stderr")"
    "$msim" run "$q" --quiet --seed 18446744073709551615 --duration 20s --out "$work/maxseed" || fail "the largest seed is refused"
    expect_error 2 "--out: give a folder" "$msim" run "$q" --out ''
    expect_error 2 "--out: give a folder" "$msim" compare "$q" --strategies static --out ''
    mkdir -p "$work/dir.yaml"
    expect_error 2 "dir.yaml: cannot read the scenario file: is a folder" "$msim" validate "$work/dir.yaml"
    expect_error 2 "missing.yaml: cannot read the scenario file: no such file" "$msim" validate "$work/missing.yaml"
    if [[ $(id -u) -ne 0 ]]; then  # root reads any file
      cp "$q" "$work/secret.yaml" && chmod 000 "$work/secret.yaml"
      expect_error 2 "secret.yaml: cannot read the scenario file: permission denied" "$msim" validate "$work/secret.yaml"
    fi
    # Deep nesting: a located syntax message, not "bad file".
    { printf 'name: deep\nx: '; for _ in $(seq 3000); do printf '['; done; echo; } >"$work/deep.yaml"
    set +e
    "$msim" validate "$work/deep.yaml" >/dev/null 2>"$work/stderr"; code=$?
    set -e
    [[ $code -eq 2 ]] || fail "deep nesting: exit code $code"
    grep -q "bad file" "$work/stderr" && fail "deep nesting: $(cat "$work/stderr")"
    grep -Eq 'deep.yaml:[0-9]+:[0-9]+: ' "$work/stderr" || fail "deep nesting not located: $(cat "$work/stderr")"
    # --precision when every request fails: not "reached".
    printf 'name: allfail\nduration: 20s\nservices:\n  a:\n    workers: 1\n    queue: 0\n    endpoints: { e: { work: 1000s } }\nworkload: [ { name: w, rate: 50/s, call: a.e } ]\n' >"$work/allfail.yaml"
    "$msim" run "$work/allfail.yaml" --precision 1% --max-replications 6 --out "$work/allfail" >/dev/null 2>"$work/stderr" || true
    grep -q "reached" "$work/stderr" && ! grep -q "NOT" "$work/stderr" && fail "precision claimed: $(cat "$work/stderr")"
    grep -q "NOT measurable: no request completed" "$work/stderr" || fail "precision note: $(cat "$work/stderr")"
    ;;
  sweep_disk_full)
    # A full disk: a 48 KiB tmpfs (or a 4 KiB file-size limit where mounting is not allowed).
    cat >"$work/exp.yaml" <<EOF
name: full
scenario: $q
duration: 20s
replications: 2
grid: { services.backend.replicas: [2, 3] }
EOF
    small_disk "$work/disk" 48 4
    set +e
    full "$msim" sweep "$work/exp.yaml" --quiet --out "$work/disk/full" 2>"$work/stderr"
    code=$?
    set -e
    [[ $code -eq 1 ]] || fail "exit code $code (expected 1): $(cat "$work/stderr")"
    grep -q "terminate called" "$work/stderr" && fail "crashed: $(cat "$work/stderr")"
    grep -Eq "^msim: error: cannot (write|create|move) " "$work/stderr" || fail "message: $(cat "$work/stderr")"
    # No run was recorded as failed because of the disk, and with room again the same command finishes.
    grep -rq "cannot write" "$work/disk/full/runs" 2>/dev/null && fail "a disk-full run was recorded as failed"
    cp -a "$work/disk/full" "$work/full"
    release_disk "$work/disk"
    "$msim" sweep "$work/exp.yaml" --quiet --out "$work/full" || fail "resume after a full disk failed"
    [[ $(grep -c ',ok,' "$work/full/runs.csv") -eq 4 ]] || fail "runs.csv: $(cat "$work/full/runs.csv")"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
