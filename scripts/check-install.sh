#!/usr/bin/env bash
# Checks that scripts/install-deps.sh installs everything the README's commands use: configures a
# fresh, throw-away build folder with every optional part required (GUI, MPI, tests) and looks for
# every tool the README calls. Prints what is missing and exits 1; prints "complete" and exits 0.
# Run it on a machine where only install-deps.sh has installed packages (a fresh Debian 12).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
missing=()

if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSIM_BUILD_GUI=ON -DMSIM_REQUIRE_MPI=ON \
    -DMSIM_BUILD_TESTS=ON >"$build/configure.log" 2>&1; then
  # CMake names the package it could not find; show those lines.
  grep -E 'Could NOT find|not found|NOTFOUND|By not providing' "$build/configure.log" | sort -u | sed 's/^/  cmake: /'
  missing+=("a CMake package (above; full log: configure.log)")
fi
# Tools the README and the scripts call.
for tool in ninja ccache dot xvfb-run import mpirun chromium; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "check-install: missing: ${missing[*]}" >&2
  [[ -f "$build/configure.log" ]] && cp "$build/configure.log" "$root/configure.log" 2>/dev/null
  exit 1
fi
echo "check-install: complete: a fresh build folder configures with the GUI and MPI required, and every tool the README uses is there"
