#!/usr/bin/env bash
# Runs the validation suite on a deliberately wrong engine; passes only if the suite fails it.
# Usage: expect_validation_failure.sh MSIM SUITE PERTURBATION
set -uo pipefail
msim=$1
suite=$2
perturbation=$3
# Cases at rho 0.5-0.8 with one and several workers, and a finite queue.
out=$("$msim" validate-model --jobs 2 --suite "$suite" --perturb "$perturbation" \
        --case mm1-rho0.5 --case mmc-c4-rho0.8 --case mmck-c2-k5 2>/dev/null)
code=$?
echo "$out"
if [[ $code -eq 1 ]] && grep -q "FAIL (theory outside CI)" <<<"$out"; then
  echo "PASS: the '$perturbation' engine was caught"
  exit 0
fi
echo "FAIL: the '$perturbation' engine was not caught (exit code $code)"
exit 1
