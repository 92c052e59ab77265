#!/usr/bin/env bash
# The README's first command: install what is missing, build in Release (msim and msim-gui; with
# MSIM_WITH_GUI=0 msim only), run the quick-start scenario headless and print its results.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
targets=(--target msim)
[[ "${MSIM_WITH_GUI:-1}" != 0 ]] && targets+=(msim-gui)
"$root/scripts/build.sh" "${targets[@]}"
exec "${MSIM_BUILD_DIR:-$root/build}/msim" run "$root/scenarios/quickstart.yaml" --out "$root/results/quickstart" "$@"
