#!/usr/bin/env bash
# CPU per check of each probe kind against the real servers on this machine, next to a plain
# connect (tcp) to the same server: MONITORS monitors of one kind at INTERVAL, run by
# bench/monitor-steady.sh for SECONDS, one kind after the other. CPU per check is the process's
# CPU time over the checks it made (its idle cost included, the same for every kind).
#
#   bench/kind-cost.sh [MONITORS] [INTERVAL] [SECONDS] [SAMPLES] [kind=host:port ...]
#   bench/kind-cost.sh 1000 1s 60 3 tcp=127.0.0.1:6379 redis=127.0.0.1:6379
set -euo pipefail
monitors=${1:-1000}
interval=${2:-1s}
seconds=${3:-60}
samples=${4:-3}
shift $(( $# < 4 ? $# : 4 )) || true
pairs=("$@")
if [ ${#pairs[@]} -eq 0 ]; then
  pairs=(tcp=127.0.0.1:6379 redis=127.0.0.1:6379 tcp=127.0.0.1:5432 postgres=127.0.0.1:5432
         tcp=127.0.0.1:3306 mysql=127.0.0.1:3306 tcp=127.0.0.1:5672 amqp=127.0.0.1:5672
         tcp=127.0.0.1:1883 mqtt=127.0.0.1:1883 tcp=127.0.0.1:4222 nats=127.0.0.1:4222)
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
echo "| kind | server | CPU share of one core, median (min-max) | checks/s | CPU per check | outcomes |"
echo "|---|---|---|---:|---:|---|"
for pair in "${pairs[@]}"; do
  kind=${pair%%=*}; target=${pair#*=}
  row=$(KIND="$kind" TARGET="$target" TIMEOUT=1s "$root/bench/monitor-steady.sh" "$monitors" "$interval" "$seconds" 1 "$samples" 2> /tmp/kind-cost.err) \
    || { echo "| $kind | $target | failed: $(tail -1 /tmp/kind-cost.err) | | | |"; continue; }
  outcomes=$(grep '^outcomes:' /tmp/kind-cost.err | sed 's/^outcomes: //')
  python3 - "$kind" "$target" "$row" "$outcomes" <<'PY'
import re, sys
kind, target, row, outcomes = sys.argv[1:]
cells = [c.strip() for c in row.strip().strip('|').split('|')]
share = float(re.match(r'[\d.]+', cells[3]).group())
rate = float(cells[7].rstrip('/s'))
per = share / 100 / rate * 1e6 if rate else float('nan')
print(f"| {kind} | {target} | {cells[3]} | {rate:.0f} | {per:.0f} µs | {outcomes} |")
PY
  sleep 5
done
