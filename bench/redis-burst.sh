#!/usr/bin/env bash
# A burst verify of N redis:// checks of one Redis (the local one by default), RUNS times, at each
# CONCURRENCY: how long the whole process takes, whether any check was not OPEN (a false DOWN), and
# what the Redis server counted meanwhile (INFO: connections received and rejected, error replies,
# and its error statistics), read with redis-cli before and after each run.
#
#   bench/redis-burst.sh [N] [RUNS] [HOST:PORT] [CONCURRENCY...]
#   bench/redis-burst.sh 1000 5 127.0.0.1:6379 256 1000
set -euo pipefail
n=${1:-1000}
runs=${2:-5}
server=${3:-127.0.0.1:6379}
shift $(( $# < 3 ? $# : 3 )) || true
concurrencies=("${@:-256}")
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${PORT_MONITOR_JAR:-$root/cli/target/port-monitor.jar}"
[ -f "$jar" ] || mvn -B -q -f "$root/pom.xml" package -DskipTests
host=${server%:*}; port=${server##*:}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((i = 0; i < n; i++)); do echo "r$i=redis://$server"; done > "$work/targets.txt"

info() {
  redis-cli -h "$host" -p "$port" INFO all | tr -d '\r' | awk -F: '
    /^total_connections_received:/ {c = $2} /^rejected_connections:/ {r = $2} /^total_error_replies:/ {e = $2}
    /^errorstat_/ {s = s " " $0}
    END {printf "%d %d %d%s\n", c, r, e, s}'
}

echo "| checks | concurrency | process wall time, median (min-max) | OPEN per run | not OPEN | Redis: connections received per run | rejected | error replies | errorstats (server total) |"
echo "|---:|---:|---|---|---|---|---:|---:|---|"
for concurrency in "${concurrencies[@]}"; do
  : > "$work/rows"
  for run in $(seq 1 "$runs"); do
    read -r c0 r0 e0 s0 <<< "$(info)"
    start=$(date +%s%N)
    java -jar "$jar" verify -f "$work/targets.txt" --json --concurrency "$concurrency" --timeout 5s --deadline 5m \
      > "$work/report.json" || true
    end=$(date +%s%N)
    read -r c1 r1 e1 s1 <<< "$(info)"
    python3 - "$work/report.json" "$start" "$end" "$((c1 - c0))" "$((r1 - r0))" "$((e1 - e0))" "${s1:-}" >> "$work/rows" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
counts = report["summary"]["counts"]
others = {k: v for k, v in counts.items() if k != "OPEN" and v}
print(json.dumps({"wall": (int(sys.argv[3]) - int(sys.argv[2])) / 1e6, "open": counts.get("OPEN", 0), "others": others,
                  "received": int(sys.argv[4]), "rejected": int(sys.argv[5]), "errors": int(sys.argv[6]), "stats": sys.argv[7]}))
PY
    sleep 2
  done
  python3 - "$work/rows" "$n" "$concurrency" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
wall = [r["wall"] for r in rows]
others = {}
for r in rows:
    for k, v in r["others"].items():
        others[k] = others.get(k, 0) + v
print(f"| {sys.argv[2]} | {sys.argv[3]} | {statistics.median(wall):.0f} ms ({min(wall):.0f}-{max(wall):.0f}) "
      f"| {'/'.join(sorted({str(r['open']) for r in rows}))} | {others or 'none'} "
      f"| {'/'.join(sorted({str(r['received']) for r in rows}))} | {sum(r['rejected'] for r in rows)} "
      f"| {sum(r['errors'] for r in rows)} | {rows[-1]['stats'].strip() or 'none'} |")
PY
done
