#!/usr/bin/env bash
# Steady monitoring on loopback: MONITORS monitors at INTERVAL, run by `port-monitor run` for
# SECONDS after a warm-up, against LISTENERS loopback listeners that accept and close.
# Reports the process's CPU share of one core, heap after a full GC, threads, resident memory,
# checks per second, and the lateness of checks against their schedule (p50/p99 from /metrics).
#
#   bench/monitor-steady.sh [MONITORS] [INTERVAL] [SECONDS] [LISTENERS] [SAMPLES]
#   bench/monitor-steady.sh 10000 10s 120 100
#
# With SAMPLES > 1 the window is cut into SAMPLES equal parts and the CPU share is reported as the
# median (min-max) of the parts; the heap after a full GC is read SAMPLES times at the end.
#
# KIND=redis TARGET=127.0.0.1:6379 bench/monitor-steady.sh 1000 1s 60: every monitor is a check of
# that kind against that one server instead of the loopback listeners (bench/kind-cost.sh);
# TIMEOUT (default 2s) is every check's timeout; WARMUP (seconds, default the interval + 15) the wait
# before measuring.
set -euo pipefail
kind=${KIND:-tcp}
target=${TARGET:-}
monitors=${1:-10000}
interval=${2:-10s}
seconds=${3:-120}
listeners=${4:-100}
samples=${5:-1}
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${PORT_MONITOR_JAR:-$root/cli/target/port-monitor.jar}"  # PORT_MONITOR_JAR: another build, side by side
[ -f "$jar" ] || mvn -B -q -f "$root/pom.xml" package -DskipTests
need=$(( listeners + 4096 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$(ulimit -Hn)"
  echo "file-descriptor limit raised to $(ulimit -n)" >&2
fi

work=$(mktemp -d)
if [ -n "$target" ]; then
  for ((i = 0; i < listeners; i++)); do echo "$target"; done > "$work/targets.txt"
  echo ready > "$work/ready"
  sleep 3600 & # stands in for the listeners
else
  python3 "$root/bench/listeners.py" --open "$listeners" --out "$work/targets.txt" > "$work/ready" &
fi
listener_pid=$!
run_pid=
cleanup() {
  if [ -n "$run_pid" ]; then kill "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; fi
  kill "$listener_pid" 2>/dev/null || true
  wait "$listener_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done

mapfile -t ports < <(sed 's/.*://' "$work/targets.txt")
host=127.0.0.1
[ -n "$target" ] && host=${target%:*}
{
  echo "portMonitor:"
  echo "  defaults: {timeout: ${TIMEOUT:-2s}}"
  echo "  monitors:"
  for ((i = 0; i < monitors; i++)); do
    echo "    - {id: m$i, check: $kind, host: $host, port: ${ports[i % listeners]}, interval: $interval}"
  done
} > "$work/config.yaml"

http=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$jar" run --config "$work/config.yaml" --state-dir "$work/state" --http-port "$http" \
  --cluster-name "bench-$$" > "$work/out.txt" 2> "$work/err.txt" &
run_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$http/status" > /dev/null && break
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 0.2
done
if ! kill -0 "$run_pid" 2>/dev/null; then
  echo "port-monitor run exited at start:" >&2
  tail -20 "$work/err.txt" >&2
  exit 1
fi

interval_seconds=$(python3 -c "import re,sys; t='$interval'; m={'ms':0.001,'s':1,'m':60,'h':3600}; print(sum(float(n)*m[u] for n,u in re.findall(r'([\d.]+)(ms|s|m|h)', t)))")
warmup=${WARMUP:-$(python3 -c "print(int($interval_seconds) + 15)")}
sleep "$warmup"

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$run_pid/stat"; }
checks() { curl -s "http://127.0.0.1:$http/metrics" | awk '/^portmonitor_checks_total/ {s += $2} END {printf "%d", s}'; }
# checks by outcome, "OUTCOME COUNT" lines, from /metrics text on standard input
outcomes() { awk '/^portmonitor_checks_total/ {match($0, /outcome="[A-Z_]+"/); o = substr($0, RSTART + 9, RLENGTH - 10); n[o] += $2}
  END {for (o in n) printf "%s %d\n", o, n[o]}'; }
curl -s "http://127.0.0.1:$http/metrics" | outcomes > "$work/outcomes0"
cpu0=$(cpu); checks0=$(checks); t0=$(date +%s%N)
shares=()
part=$(python3 -c "print($seconds / $samples)")
for ((k = 0; k < samples; k++)); do
  c0=$(cpu); s0=$(date +%s%N)
  sleep "$part"
  c1=$(cpu); s1=$(date +%s%N)
  shares+=("$(python3 -c "print(round(100 * ($c1 - $c0) / $ticks / (($s1 - $s0) / 1e9), 1))")")
done
cpu1=$(cpu); checks1=$(checks); t1=$(date +%s%N)
metrics=$(curl -s "http://127.0.0.1:$http/metrics")
p50=$(echo "$metrics" | awk -F' ' '/^portmonitor_schedule_lateness_seconds\{quantile="0.5"\}/ {print $2 * 1000}')
p99=$(echo "$metrics" | awk -F' ' '/^portmonitor_schedule_lateness_seconds\{quantile="0.99"\}/ {print $2 * 1000}')
# the outcomes of the checks made in the measured window (not the warm-up's)
echo "$metrics" | outcomes | awk 'NR == FNR {before[$1] = $2; next} {d = $2 - before[$1]; if (d) printf " %s=%d", $1, d}
  END {print ""}' "$work/outcomes0" - | sed 's/^/outcomes:/' >&2
threads=$(awk '/^Threads/ {print $2}' "/proc/$run_pid/status")
rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$run_pid/status")
heaps=()
for ((k = 0; k < samples; k++)); do
  jcmd "$run_pid" GC.run > /dev/null
  heaps+=("$(jcmd "$run_pid" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); gsub(/[K,]/, "", v); printf "%.0f", v / 1024; exit}}')")
  if [ "$k" -lt $((samples - 1)) ]; then sleep 2; fi
done
wall=$(python3 -c "print(($t1 - $t0) / 1e9)")
rate=$(python3 -c "print(round(($checks1 - $checks0) / $wall))")
python3 - "$monitors" "$interval" "$seconds" "$rss" "$threads" "$rate" "$p50" "$p99" "${shares[*]}" "${heaps[*]}" <<'PY'
import statistics, sys
monitors, interval, seconds, rss, threads, rate, p50, p99, shares, heaps = sys.argv[1:]
shares = [float(x) for x in shares.split()]; heaps = [float(x) for x in heaps.split()]
spread = lambda xs, f: f.format(statistics.median(xs)) + (f" ({f.format(min(xs))}-{f.format(max(xs))})" if len(xs) > 1 else "")
per = statistics.median(heaps) * 1024 / int(monitors)
print(f"| {monitors} | {interval} | {seconds}s | {spread(shares, '{:.1f}%')} | {spread(heaps, '{:.0f} MB')} ({per:.1f} KB/monitor) "
      f"| {rss} MB | {threads} | {rate}/s | {float(p50):.1f} ms | {float(p99):.1f} ms |")
PY
