#!/usr/bin/env bash
# How long check-config takes, and how much memory, for configurations of a given size: MEGABYTES of
# monitors in block style (about 75 bytes each), and the same with one value as long as one line may be.
#
#   bench/config-size.sh [MEGABYTES...]        # default: 6 50
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${PORT_MONITOR_JAR:-$root/cli/target/port-monitor.jar}"  # PORT_MONITOR_JAR: another build, side by side
[ -f "$jar" ] || mvn -B -q -f "$root/pom.xml" package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(6 50)
echo "| configuration | size | monitors | check-config wall time | peak resident memory | result |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
for mb in "${sizes[@]}"; do
  python3 - "$mb" "$work/c.yaml" <<'PY'
import sys
mb, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("portMonitor:\n  monitors:\n")
    i = 0
    while f.tell() < mb * 1024 * 1024:
        f.write(f"    - {{id: m{i}, host: 127.0.0.1, port: {1 + i % 65535}, interval: 1m}}\n")
        i += 1
print(i, file=open(path + ".count", "w"))
PY
  count=$(cat "$work/c.yaml.count")
  size=$(du -m "$work/c.yaml" | cut -f1)
  /usr/bin/time -f "%e %M" -o "$work/time" java -jar "$jar" check-config "$work/c.yaml" > "$work/out" 2>&1 || true
  read -r wall rss < <(tail -1 "$work/time")
  echo "| $mb MB of monitors | ${size} MB | $count | ${wall} s | $((rss / 1024)) MB | $(tail -1 "$work/out" | cut -c1-60) |"
done
python3 -c "print('portMonitor:\n  monitors:\n    - {id: db, host: db.test, port: 5432, interval: 1m, name: \"' + 'x' * 16000 + '\"}')" > "$work/l.yaml"
/usr/bin/time -f "%e %M" -o "$work/time" java -jar "$jar" check-config "$work/l.yaml" > "$work/out" 2>&1 || true
read -r wall rss < <(tail -1 "$work/time")
echo "| one value of 16,000 characters | 16 KB | 1 | ${wall} s | $((rss / 1024)) MB | $(tail -1 "$work/out" | cut -c1-60) |"
python3 -c "print('portMonitor:\n  monitors:\n    - {id: db, host: db.test, port: 5432, interval: 1m, name: \"' + 'x' * 6000000 + '\"}')" > "$work/l.yaml"
/usr/bin/time -f "%e %M" -o "$work/time" java -jar "$jar" check-config "$work/l.yaml" > "$work/out" 2>&1 || true
read -r wall rss < <(tail -1 "$work/time")
echo "| one value of 6,000,000 characters | 6 MB | 1 | ${wall} s | $((rss / 1024)) MB | $(tail -1 "$work/out" | cut -c1-60) |"
