#!/usr/bin/env bash
# Golden outputs: runs every runnable scenario in scenarios/ as it is (its own seed and duration)
# and records the fingerprint of its event trajectory (a hash over time, kind and target of every
# fired event, `msim run --fingerprint`) and hashes what it writes: summary.json without its
# wall_* fields, timeseries.csv, events.csv and, when traced, spans.csv. A few scenarios also run
# as 3 replications on 1 and on 2 threads: both folders must hash alike (--jobs changes nothing). tests/fingerprints/golden.txt holds the hashes; the
# test command compares them (ctest -R fingerprints). A change that moves one must say so in its
# commit, with the reason; then regenerate deliberately:
#   scripts/fingerprints.sh --update        (or: scripts/fingerprints.sh MSIM --update)
# Usage: fingerprints.sh [MSIM_BINARY] [--update]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
msim="$root/build/msim"
update=0
for arg in "$@"; do
  if [[ $arg == --update ]]; then update=1; else msim=$arg; fi
done
golden="$root/tests/fingerprints/golden.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

# Runnable scenarios: not experiment files, the validation suite's index or the importers' inputs.
scenarios=$(find scenarios -name '*.yaml' ! -path 'scenarios/experiments/*' ! -name suite.yaml ! -name '*.k8s.yaml' ! -name '*.profile.yaml' | sort)
{
  echo "# scenario trajectory sha256(summary.json without wall_* and trajectory_fingerprint) sha256(timeseries.csv) sha256(events.csv) sha256(spans.csv or -)"
  hash() { [[ -f $1 ]] && sha256sum "$1" | cut -c1-16 || echo -; }
  summary_hash() { grep -v -e '"wall_' -e '"trajectory_fingerprint"' "$1" | sha256sum | cut -c1-16; }
  for s in $scenarios; do
    out="$work/$(echo "$s" | tr / _)"
    "$msim" run "$s" --quiet --force --fingerprint --out "$out" 2>/dev/null || { echo "fingerprints: $s failed to run" >&2; exit 1; }
    trajectory=$(sed -n 's/.*"trajectory_fingerprint": "\([0-9a-f]*\)".*/\1/p' "$out/summary.json")
    [[ -n $trajectory ]] || { echo "fingerprints: $s: summary.json has no trajectory_fingerprint" >&2; exit 1; }
    printf '%s %s %s %s %s %s\n' "$s" "$trajectory" "$(summary_hash "$out/summary.json")" "$(hash "$out/timeseries.csv")" \
      "$(hash "$out/events.csv")" "$(hash "$out/spans.csv")"
  done
  echo "# replications: scenario sha256(every file of 'run -r 3', identical for -j 1 and -j 2)"
  for s in scenarios/quickstart.yaml scenarios/resilience/retry-storm.yaml scenarios/scaling/flash-crowd.yaml; do
    for jobs in 1 2; do
      out="$work/r3-j$jobs-$(echo "$s" | tr / _)"
      "$msim" run "$s" --quiet --force --fingerprint -r 3 -j $jobs --out "$out" 2>/dev/null || { echo "fingerprints: $s -r 3 -j $jobs failed to run" >&2; exit 1; }
      (cd "$out" && find . -type f | sort | while read -r f; do echo "$f"; grep -v '"wall_' "$f"; done) | sha256sum | cut -c1-16 >"$out.hash"
    done
    if ! cmp -s "$work/r3-j1-$(echo "$s" | tr / _).hash" "$work/r3-j2-$(echo "$s" | tr / _).hash"; then
      echo "fingerprints: $s -r 3 differs between -j 1 and -j 2: results depend on the thread count" >&2
      exit 1
    fi
    printf 'replications %s %s\n' "$s" "$(cat "$work/r3-j1-$(echo "$s" | tr / _).hash")"
  done
} >"$work/now.txt"

if [[ $update == 1 ]]; then
  cp "$work/now.txt" "$golden"
  echo "fingerprints: $(grep -c '^scenarios/' "$golden") scenarios written to $golden"
  exit 0
fi
if ! diff -u "$golden" "$work/now.txt"; then
  echo "fingerprints: outputs changed (above: - golden, + now). If that is intended, say which and why in the commit and run scripts/fingerprints.sh --update" >&2
  exit 1
fi
echo "fingerprints: $(grep -c '^scenarios/' "$golden") scenarios, same trajectories and byte-identical outputs as tests/fingerprints/golden.txt"
