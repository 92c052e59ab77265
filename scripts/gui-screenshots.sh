#!/usr/bin/env bash
# Regenerates docs/images/gui-*.png: screenshots of the real msim-gui under Xvfb (graph view after
# a run, live charts mid-run, a strategy comparison). Needs xvfb (xvfb-run) and a build with the GUI.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${MSIM_BUILD_DIR:-$root/build}"
gui="$build/msim-gui"
out="$root/docs/images"
[[ -x "$gui" ]] || { echo "gui-screenshots: $gui not found; build with Qt 6 installed (scripts/build.sh)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "gui-screenshots: xvfb-run not found (apt-get install xvfb xauth)" >&2; exit 1; }
mkdir -p "$out"
cd "$root"
export QT_LOGGING_RULES='qt.qpa.*=false'

# Each screenshot starts its own X server of 1600x1000 pixels; the app saves its window and quits.
shot() {
  local name=$1
  shift
  xvfb-run -a -s '-screen 0 1600x1000x24' "$gui" --size 1600x1000 --screenshot "$out/$name" "$@"
  echo "gui-screenshots: $out/$name"
}

# The service graph, coloured by utilization after the quick-start run.
shot gui-graph.png scenarios/quickstart.yaml --run --tab graph --colour-by utilization --after-seconds 3
# Live charts mid-run: the flash crowd at 600x real time, taken about 28 simulated minutes in.
shot gui-charts-live.png scenarios/scaling/flash-crowd.yaml --run --speed 600 --tab charts --after-seconds 3
# The same scenario, one service's charts (as after clicking it in the graph).
shot gui-charts-service.png scenarios/scaling/flash-crowd.yaml --run --tab charts --service api --after-seconds 3
# 22 services (DeathStarBench socialNetwork): full names in the legends, the SLO far above the data.
shot gui-charts-22-services.png scenarios/apps/social-network/scenario.yaml --run --tab charts --after-seconds 3
# A scenario with mistakes: problems underlined at their line and listed below the editor.
broken=$(mktemp -d)
trap 'rm -rf "$broken"' EXIT
sed -e 's/workers: 2 /worker: 2 /' -e 's/- cache.get/- cahe.get/' scenarios/quickstart.yaml > "$broken/quickstart.yaml"
shot gui-problems.png "$broken/quickstart.yaml" --tab graph --after-seconds 1
# Strategies compared on identical traffic (same seed), 2 replications each.
shot gui-compare.png scenarios/scaling/flash-crowd.yaml --compare static:2,static:8,hpa,target_tracking --after-seconds 1
