#!/usr/bin/env bash
# The engine under AddressSanitizer + UndefinedBehaviorSanitizer: configures build-asan/ (GUI left
# out: Qt is not built with the sanitizers), builds, and runs the quick tests there. Any sanitizer
# report fails the test that triggered it. Longer than the README's test command (a second build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${MSIM_ASAN_BUILD_DIR:-$root/build-asan}"
MSIM_WITH_GUI=0 "$root/scripts/install-deps.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  log=$(mktemp)
  if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSIM_SANITIZE=ON -DMSIM_BUILD_GUI=OFF >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
fi
cmake --build "$build" --parallel "$(nproc)"
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
ctest --output-on-failure --parallel "$(nproc)" --label-regex quick "$@"
