#!/usr/bin/env bash
# Issue 15's aims, measured in one JVM (ReviewBench, engine test sources):
#   - the monthly review of MONITORS monitors (default 10,000), each with 90 days of hour buckets and
#     an incident a day, computed and rendered as HTML, Markdown and JSON: best and median of RUNS;
#   - the heap a year of daily incidents costs one monitor (2,000 logs of 365 incidents, heap after
#     a full GC, less an empty History).
# Usage: bench/review.sh [MONITORS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl engine test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/engine/target/bench-classpath.txt" \
  -Dmdep.includeScope=test
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Xmx8g -XX:+UseParallelGC -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench-classpath.txt)" \
  dev.portmonitor.review.ReviewBench "${1:-10000}" "${2:-5}"
