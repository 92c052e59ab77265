#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer (clang, AddressSanitizer + UBSan) for a bounded time,
# starting from every scenario in scenarios/ as the corpus. Usage: scripts/fuzz.sh [SECONDS] (default 60).
# A crash leaves its input as build-fuzz/crash-*; rerun it with build-fuzz/fuzz_scenario_loader FILE.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build="${MSIM_FUZZ_BUILD_DIR:-$root/build-fuzz}"
MSIM_WITH_GUI=0 MSIM_EXTRA_PACKAGES="clang libclang-rt-14-dev" "$root/scripts/install-deps.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  log=$(mktemp)
  if ! CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSIM_FUZZ=ON -DMSIM_SANITIZE=ON \
      -DMSIM_BUILD_TESTS=OFF -DMSIM_BUILD_GUI=OFF >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
fi
cmake --build "$build" --target fuzz_scenario_loader
corpus="$build/corpus"
mkdir -p "$corpus"
# Named by content: several scenarios share a file name (scenarios/apps/*/scenario.yaml).
while IFS= read -r -d '' f; do cp "$f" "$corpus/$(sha1sum "$f" | cut -c1-16).yaml"; done < <(find "$root/scenarios" -name '*.yaml' -print0)
cd "$build"
# -max_len: the largest shipped scenario is ~20 KB; -timeout: a single input must not take a second.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ./fuzz_scenario_loader -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
