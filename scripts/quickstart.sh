#!/usr/bin/env bash
# The README's first command: install what is missing, build in Release (msim, and msim-gui
# when Qt 6 is there), run the quick-start scenario headless and print its results.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" --target msim
# msim-gui too, when Qt 6 was found (the build then has its target).
if grep -q '^build msim-gui:' "${MSIM_BUILD_DIR:-$root/build}/build.ninja"; then
  "$root/scripts/build.sh" --target msim-gui
fi
exec "${MSIM_BUILD_DIR:-$root/build}/msim" run "$root/scenarios/quickstart.yaml" --out "$root/results/quickstart" "$@"
