#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md, side by side with the tools people use today, from one
# command: builds the jar, installs the missing peers from Debian (nmap, monitoring-plugins-basic
# for check_tcp, prometheus-blackbox-exporter, netcat-openbsd), runs everything on loopback and
# writes the measured section of docs/benchmarks.md (the notes below it are kept). About 20 minutes
# on two cores. Every listener and process it starts is stopped on the way out; it can be run again.
#
#   bench/run.sh [--quick]      (--quick: one run per figure and smaller sizes, to try the script)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs=5; trials=30; sizes=100,1000,10000; steady=(1000:10s:50 10000:10s:50 100000:60s:90)
if [ "${1:-}" = --quick ]; then runs=1; trials=3; sizes=100,1000; steady=(1000:10s:20); fi

missing=()
command -v nmap > /dev/null || missing+=(nmap)
[ -x /usr/lib/nagios/plugins/check_tcp ] || missing+=(monitoring-plugins-basic)
command -v prometheus-blackbox-exporter > /dev/null || missing+=(prometheus-blackbox-exporter)
command -v nc > /dev/null || missing+=(netcat-openbsd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -q "${missing[@]}" >&2
fi
# blackbox_exporter comes with a service that listens on 9115; the benchmark starts its own.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 65536 ]; then
  ulimit -n "$(ulimit -Hn)"
  echo "file-descriptor limit raised to $(ulimit -n) (10,000 listeners and as many connects in flight)" >&2
fi

started=$(date +%s)
mvn -B -q -DskipTests package
jar="${PORT_MONITOR_JAR:-$root/cli/target/port-monitor.jar}"  # PORT_MONITOR_JAR: another build, side by side
out=$(mktemp -d)
# The parts' results are kept if a later part fails, so that nothing measured is lost.
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$out"; else echo "bench/run.sh failed ($status); results so far in $out" >&2; fi' EXIT

echo "burst verify..." >&2
python3 bench/compare.py burst --jar "$jar" --runs "$runs" --sizes "$sizes" > "$out/burst.md"
echo "close mode..." >&2
python3 bench/compare.py close --jar "$jar" --runs "$runs" > "$out/close.md"
echo "verifyPorts-sized..." >&2
python3 bench/compare.py step --jar "$jar" --runs "$runs" > "$out/step.md"
echo "detection latency..." >&2
python3 bench/compare.py detect --jar "$jar" --trials "$trials" > "$out/detect.md"
echo "steady monitoring..." >&2
{
  echo "| monitors | interval | window | CPU of one core, median of 5 parts (min-max) | heap after a full GC | resident | threads | checks | lateness p50 | lateness p99 |"
  echo "|---:|---|---|---|---|---:|---:|---:|---:|---:|"
  for spec in "${steady[@]}"; do
    IFS=: read -r monitors interval seconds <<< "$spec"
    bench/monitor-steady.sh "$monitors" "$interval" "$seconds" 100 5 | tail -1
  done
} > "$out/steady.md"
elapsed=$(( $(date +%s) - started ))

python3 bench/report.py "$out" docs/benchmarks.md "$runs" "$trials" "$elapsed" "$*"
echo "docs/benchmarks.md written (${elapsed}s)" >&2
