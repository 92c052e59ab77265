#!/usr/bin/env bash
# Configures (once) and builds msim in Release into build/. Incremental on later runs.
# The GUI is required (MSIM_BUILD_GUI=ON): a missing Qt part fails here, loudly, with CMake's own
# message; so is a missing OpenMPI. MSIM_WITH_GUI=0 is the explicit way to leave the GUI out.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${MSIM_BUILD_DIR:-$root/build}"
gui=ON
[[ "${MSIM_WITH_GUI:-1}" == 0 ]] && gui=OFF

# Configure when the folder is new or was configured with another GUI choice.
cached=$(sed -n 's/^MSIM_BUILD_GUI:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [[ ! -f "$build/build.ninja" || "$cached" != "$gui" ]]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSIM_BUILD_GUI="$gui" \
      -DMSIM_REQUIRE_MPI=ON >"$log" 2>&1; then
    cat "$log" >&2
    echo "msim: configuring $build failed (output above)." >&2
    [[ $gui == ON ]] && echo "msim: to build without the GUI, set MSIM_WITH_GUI=0." >&2
    exit 1
  fi
fi
cmake --build "$build" --parallel "$(nproc)" "$@"
