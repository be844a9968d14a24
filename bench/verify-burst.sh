#!/usr/bin/env bash
# Burst verify on loopback: N open ports (and optionally M closed ones), checked by
# `port-monitor verify` as a whole process, RUNS times each; reports the median and the spread of
# the process wall time and of the in-process verify call (the JSON report's elapsedMs).
#
#   bench/verify-burst.sh [OPEN] [CLOSED] [RUNS] [CONCURRENCY...]
#   bench/verify-burst.sh 10000 0 5 256 1024
#
# Raises the file-descriptor limit of this shell to its hard limit when it is below what the run
# needs (each listener and each in-flight connect takes one). Starts its listeners itself and stops them on exit.
set -euo pipefail
open=${1:-10000}
closed=${2:-0}
runs=${3:-5}
shift $(( $# < 3 ? $# : 3 )) || true
concurrencies=("${@:-256}")
[ ${#concurrencies[@]} -gt 0 ] || concurrencies=(256)

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${PORT_MONITOR_JAR:-$root/cli/target/port-monitor.jar}"  # PORT_MONITOR_JAR: another build, side by side
[ -f "$jar" ] || mvn -B -q -f "$root/pom.xml" package -DskipTests
need=$(( open + closed + 2048 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$(ulimit -Hn)"
  echo "file-descriptor limit raised to $(ulimit -n) (needs about $need)" >&2
fi

work=$(mktemp -d)
python3 "$root/bench/listeners.py" --open "$open" --closed "$closed" --out "$work/targets.txt" > "$work/ready" &
listeners=$!
trap 'kill $listeners 2>/dev/null; wait $listeners 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/ready" || { echo "listeners did not start" >&2; exit 1; }

echo "| targets | closed | concurrency | close | process wall time, median (min-max) | verify call, median (min-max) | open / refused |"
echo "|---:|---:|---:|---|---|---|---|"
for concurrency in "${concurrencies[@]}"; do
  for mode in normal reset; do
    flags=(--concurrency "$concurrency" --timeout 5s --deadline 5m)
    [ "$mode" = reset ] && flags+=(--reset)
    : > "$work/times"
    for run in $(seq 1 "$runs"); do
      start=$(date +%s%N)
      java -jar "$jar" verify -f "$work/targets.txt" --json "${flags[@]}" > "$work/report.json" || true
      end=$(date +%s%N)
      python3 - "$work/report.json" "$start" "$end" >> "$work/times" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
wall = (int(sys.argv[3]) - int(sys.argv[2])) / 1e6
counts = report["summary"]["counts"]
print(wall, report["elapsedMs"], counts["OPEN"], counts["REFUSED"], sum(counts.values()) - counts["OPEN"] - counts["REFUSED"])
PY
      sleep 2 # let the previous run's sockets drain
    done
    python3 - "$work/times" "$open" "$closed" "$concurrency" "$mode" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
wall = [r[0] for r in rows]; call = [r[1] for r in rows]
opened = {int(r[2]) for r in rows}; refused = {int(r[3]) for r in rows}; other = {int(r[4]) for r in rows}
fmt = lambda xs: f"{statistics.median(xs):.0f} ms ({min(xs):.0f}-{max(xs):.0f})"
print(f"| {int(sys.argv[2]) + int(sys.argv[3])} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {fmt(wall)} | {fmt(call)} | "
      f"{'/'.join(map(str, sorted(opened)))} / {'/'.join(map(str, sorted(refused)))}"
      + (f", other {sorted(other)}" if other != {0} else "") + " |")
PY
  done
done
