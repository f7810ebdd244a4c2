#!/usr/bin/env bash
# Profiles `crystal serve` under `crystal load` with JFR's CPU-time sampler (includes native SQLite time, which
# jdk.ExecutionSample does not) and prints where the CPU goes (classify.py) and which statements cost (step.py).
#
# usage: docs/bench/profile/record.sh [jar] [rate] [duration] [port] [out-dir]
#   defaults: crystal-server/target/crystal.jar 600 40s 18520 /tmp/crystal-profile
# Prints the load average before and after, and crystal load's summary (platform CPU ms per settlement).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
JAR="${1:-$ROOT/crystal-server/target/crystal.jar}"
RATE="${2:-600}"
DURATION="${3:-40s}"
PORT="${4:-18520}"
OUT="${5:-/tmp/crystal-profile}"
rm -rf "$OUT" && mkdir -p "$OUT/data"
java --sun-misc-unsafe-memory-access=allow \
  -XX:StartFlightRecording=filename="$OUT/cpu.jfr",settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms \
  -jar "$JAR" serve --init --data-dir="$OUT/data" --port="$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/live" && break; sleep 1; done
echo "start $(date -u +%FT%TZ) loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
java --sun-misc-unsafe-memory-access=allow -jar "$JAR" load --url="http://127.0.0.1:$PORT" --data-dir="$OUT/data" \
  --rate="$RATE" --duration="$DURATION" --warmup=10s --json="$OUT/load.json" 2> "$OUT/load.progress" | tee "$OUT/load.txt"
echo "end   $(date -u +%FT%TZ) loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
kill $SERVER && wait $SERVER || true
trap - EXIT
jfr print --json --stack-depth 96 --events jdk.CPUTimeSample "$OUT/cpu.jfr" > "$OUT/cpu.json"
python3 "$(dirname "$0")/classify.py" "$OUT/cpu.json" | tee "$OUT/classify.txt"
python3 "$(dirname "$0")/step.py" "$OUT/cpu.json" 20 | tee "$OUT/step.txt"
