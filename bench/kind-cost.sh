#!/usr/bin/env bash
# CPU per check of each probe kind against the real servers on this machine, next to a plain
# connect (tcp) to the same server at the same rate: MONITORS monitors of one kind, run by
# bench/monitor-steady.sh for SECONDS (SAMPLES parts, the median share), one kind after the other.
# First a baseline: the same number of monitors at a 1h interval, so that almost nothing is
# checked, gives the process's idle share (timers, the cluster member, the status server). CPU per
# check = (share - idle share) / checks per second. The outcomes are those of the measured window.
#
#   bench/kind-cost.sh [MONITORS] [SECONDS] [SAMPLES] [kind=host:port@interval ...]
#   bench/kind-cost.sh 1000 30 3 tcp=127.0.0.1:6379@1s redis=127.0.0.1:6379@1s
#
# The default pairs check Redis, NATS and Mosquitto 1,000 times a second, and PostgreSQL, MariaDB
# and RabbitMQ 100 times a second: a server that starts a process or an Erlang connection per
# client cannot take 1,000 new connections a second on two cores (PostgreSQL's backlog overflows
# and plain connects time out), and a benchmark of the monitor should not measure the server.
set -euo pipefail
monitors=${1:-1000}
seconds=${2:-30}
samples=${3:-3}
shift $(( $# < 3 ? $# : 3 )) || true
pairs=("$@")
if [ ${#pairs[@]} -eq 0 ]; then
  pairs=(tcp=127.0.0.1:6379@1s redis=127.0.0.1:6379@1s tcp=127.0.0.1:4222@1s nats=127.0.0.1:4222@1s
         tcp=127.0.0.1:1883@1s mqtt=127.0.0.1:1883@1s
         tcp=127.0.0.1:5432@10s postgres=127.0.0.1:5432@10s tcp=127.0.0.1:3306@10s mysql=127.0.0.1:3306@10s
         tcp=127.0.0.1:5672@10s amqp=127.0.0.1:5672@10s)
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
err=$(mktemp)
trap 'rm -f "$err"' EXIT
share() { # the median CPU share of a row of monitor-steady.sh
  python3 -c "import re,sys; c=[x.strip() for x in sys.argv[1].strip().strip('|').split('|')]; print(re.match(r'[\d.]+', c[3]).group())" "$1"
}
idle_row=$(KIND=tcp TARGET=127.0.0.1:6379 TIMEOUT=1s WARMUP=20 "$root/bench/monitor-steady.sh" "$monitors" 1h "$seconds" 1 "$samples" 2> "$err")
idle=$(share "$idle_row")
echo "Idle share with $monitors monitors at a 1h interval: $idle% of one core."
echo
echo "| kind | server | interval | CPU share of one core, median (min-max) | checks/s | CPU per check, idle share taken off | outcomes |"
echo "|---|---|---|---|---:|---:|---|"
for pair in "${pairs[@]}"; do
  kind=${pair%%=*}; rest=${pair#*=}; target=${rest%@*}; interval=${rest##*@}
  # at least 20 s and 9,000 checks of warm-up, so that the JIT has compiled the kind's code
  warmup=$(python3 -c "import re; t='$interval'; m={'ms':0.001,'s':1,'m':60,'h':3600}; i=sum(float(n)*m[u] for n,u in re.findall(r'([\d.]+)(ms|s|m|h)', t)); print(max(20, int(9000 * i / $monitors)))")
  row=$(KIND="$kind" TARGET="$target" TIMEOUT=1s WARMUP="$warmup" "$root/bench/monitor-steady.sh" "$monitors" "$interval" "$seconds" 1 "$samples" 2> "$err") \
    || { echo "| $kind | $target | $interval | failed: $(tail -1 "$err") | | | |"; continue; }
  outcomes=$(grep '^outcomes:' "$err" | sed 's/^outcomes: //')
  python3 - "$kind" "$target" "$interval" "$row" "$outcomes" "$idle" <<'PY'
import re, sys
kind, target, interval, row, outcomes, idle = sys.argv[1:]
cells = [c.strip() for c in row.strip().strip('|').split('|')]
share = float(re.match(r'[\d.]+', cells[3]).group())
rate = float(cells[7].rstrip('/s'))
per = (share - float(idle)) / 100 / rate * 1e6 if rate else float('nan')
print(f"| {kind} | {target} | {interval} | {cells[3]} | {rate:.0f} | {per:.0f} µs | {outcomes} |")
PY
  sleep 5
done
