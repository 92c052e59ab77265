#!/usr/bin/env bash
# Installs the Debian 12 packages msim needs, only those that are missing.
# Safe to run again: with everything present it only checks and returns.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost-dev libboost-graph-dev libboost-math-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  openmpi-bin libopenmpi-dev
  graphviz
  librsvg2-dev  # msim report --format png renders its SVG charts with librsvg (CMake requires it)
)
# The test suite's msim report checks (tests/scenario/report_test.sh) open the pages in headless
# Chromium and measure the screenshots with ImageMagick.
packages+=(chromium imagemagick)
# msim-gui (Qt 6) and what its screenshots need (Xvfb, ImageMagick); MSIM_WITH_GUI=0 leaves them out,
# and CMake then builds everything but the GUI. Qt6Charts' CMake package needs Qt6OpenGL's, which
# qt6-charts-dev does not pull in: without libqt6opengl6-dev find_package(Qt6 Charts) fails.
if [[ "${MSIM_WITH_GUI:-1}" != 0 ]]; then
  packages+=(qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev xvfb xauth imagemagick)
fi
# Tools of the optional commands (scripts/fuzz.sh, scripts/sanitize.sh) ask for theirs here.
read -r -a extra <<<"${MSIM_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "msim: installing missing packages: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "msim: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists: update only when the install fails.
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
