#!/usr/bin/env bash
# The README's first command: install what is missing, build in Release,
# run the quick-start scenario headless and print its results.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" --target msim
exec "${MSIM_BUILD_DIR:-$root/build}/msim" run "$root/scenarios/quickstart.yaml" --out "$root/results/quickstart" "$@"
