#!/usr/bin/env bash
# A/B of the storage path (issue #15, h-store): CPU per settlement at a rate both builds sustain.
# Usage: store-ab.sh BASE_JAR MINE_JAR OUT_DIR — alternates base/mine twice, fresh data directory each run.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
BASE=$1 MINE=$2 O=$3; mkdir -p "$O"
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$O/summary.txt"; }
run() { # $1 label $2 jar $3 port
  local d=/tmp/store-ab-$1-$3; rm -rf "$d"
  java -jar "$2" serve --port "$3" --data-dir "$d" > "$O/serve-$1-$3.out" 2> "$O/serve-$1-$3.err" &
  local pid=$!
  for i in $(seq 120); do curl -sf "http://127.0.0.1:$3/health/live" >/dev/null && break; sleep 1; done
  local before; before=$(uptime)
  java -jar "$2" load --url "http://127.0.0.1:$3" --data-dir "$d" --rate 300 --duration 30s --seed 7 --fsync-us 155 \
      --json "$O/load-$1-$3.json" > "$O/load-$1-$3.txt" 2>&1
  kill -TERM $pid; wait $pid
  log "$1 port $3 | $(grep -E '^achieved rate|^platform CPU|^fsync|^errors' "$O/load-$1-$3.txt" | tr -s ' ' | tr '\n' '|') load before: ${before##*average: }"
}
log "start $(uptime)"
run base "$BASE" 18410
run mine "$MINE" 18411
run base "$BASE" 18412
run mine "$MINE" 18413
log "end $(uptime)"
