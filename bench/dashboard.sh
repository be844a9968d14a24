#!/usr/bin/env bash
# The status page's figures in headless Chromium (issue 14), measured by DashboardIT against a real
# `port-monitor run` (the jar as a process) and real loopback listeners:
#   - 1,000 monitors: when the first status is drawn (ms after navigation began, read in the page),
#     DOMContentLoaded and load, and a text filter over the thousand rows (typed at once, timed in
#     the page until the rows are drawn);
#   - a listener that closes: ms from the close to its row showing DOWN in the open page (the check
#     interval is 500 ms and one failure confirms, so detection is part of it).
# Usage: bench/dashboard.sh [RUNS]   (default 3; each run is the four DashboardIT cases, ~1 min)
# Needs Debian's chromium and chromium-driver (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
mvn -B -q -DskipTests install
rm -f cli/target/dashboard-figures.txt
for run in $(seq 1 "$runs"); do
  mvn -B -q -pl cli verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DashboardIT >/dev/null
  echo "run $run done" >&2
done
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(chromium --version 2>/dev/null)"
cut -d' ' -f2- cli/target/dashboard-figures.txt
