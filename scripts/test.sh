#!/usr/bin/env bash
# The README's second command (and what CI runs): install what is missing,
# build everything in Release, run the whole test suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${MSIM_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$build"
# Quick and scenario tests first; the longer validation cases run as their own step.
ctest --output-on-failure --parallel "$(nproc)" --label-exclude "extensive|bench"
ctest --output-on-failure --parallel "$(nproc)" --label-regex extensive
