#!/usr/bin/env bash
# Golden outputs: runs every runnable scenario in scenarios/ as it is (its own seed and duration)
# and hashes what it writes: summary.json without its wall_* fields, timeseries.csv,
# events.csv and, when traced, spans.csv. tests/fingerprints/golden.txt holds the hashes; the
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
  echo "# scenario sha256(summary.json without wall_*) sha256(timeseries.csv) sha256(events.csv) sha256(spans.csv or -)"
  for s in $scenarios; do
    out="$work/$(echo "$s" | tr / _)"
    "$msim" run "$s" --quiet --force --out "$out" 2>/dev/null || { echo "fingerprints: $s failed to run" >&2; exit 1; }
    hash() { [[ -f $1 ]] && sha256sum "$1" | cut -c1-16 || echo -; }
    printf '%s %s %s %s %s\n' "$s" \
      "$(grep -v '"wall_' "$out/summary.json" | sha256sum | cut -c1-16)" "$(hash "$out/timeseries.csv")" \
      "$(hash "$out/events.csv")" "$(hash "$out/spans.csv")"
  done
} >"$work/now.txt"

if [[ $update == 1 ]]; then
  cp "$work/now.txt" "$golden"
  echo "fingerprints: $(($(wc -l <"$golden") - 1)) scenarios written to $golden"
  exit 0
fi
if ! diff -u "$golden" "$work/now.txt"; then
  echo "fingerprints: outputs changed (above: - golden, + now). If that is intended, say which and why in the commit and run scripts/fingerprints.sh --update" >&2
  exit 1
fi
echo "fingerprints: $(($(wc -l <"$golden") - 1)) scenarios byte-identical to tests/fingerprints/golden.txt"
