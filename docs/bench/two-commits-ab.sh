#!/usr/bin/env bash
# Sequential settlement A/B of two builds of crystal.jar (issue 15, items 1-2: durable commits on the critical path).
#   BASE=/tmp/tc-ab/base AFTER=/tmp/tc-ab/after OUT=/tmp/tc-ab/out PORT=18550 bash docs/bench/two-commits-ab.sh
# Per run: one `crystal serve`, 40 warm-up payouts, then N payouts one after another with curl (p50 of time_total),
# the process CPU (utime+stime from /proc/PID/stat) over those N divided by N, and, when the build reports it, the
# durable commits per settlement of collections.db and balance.db (/health/ready commitsWritten, whole settlement:
# the outcome commit included). Builds alternate PAIRS times; each line notes /proc/loadavg.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
BASE=${BASE:-/tmp/tc-ab/base} AFTER=${AFTER:-/tmp/tc-ab/after} O=${OUT:-/tmp/tc-ab/out}
PORT=${PORT:-18550} PAIRS=${PAIRS:-2} N=${N:-100}
mkdir -p "$O"
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$O/summary.txt"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
commits() { # $1 port $2 key: collections and balance commitsWritten
  curl -s -H "Authorization: Bearer $2" "http://127.0.0.1:$1/health/ready" | python3 -c '
import json,sys
d=json.load(sys.stdin)["components"]["databases"]["components"]
print(d["collections"]["details"].get("commitsWritten",-1), d["balance"]["details"].get("commitsWritten",-1))'
}
payouts() { # $1 port $2 key $3 prefix $4 count $5 file
  for i in $(seq 1 "$4"); do curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$1/collections/process-settlement" \
    -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"settlementId\":\"$3_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > "$5"
}
run() { # $1 label $2 dir $3 port
  local d=/tmp/tc-ab-data-$3; rm -rf "$d"
  java -jar "$2/crystal.jar" serve --port "$3" --data-dir "$d" > "$O/serve-$1-$3.out" 2>&1 &
  local pid=$!
  for i in $(seq 120); do curl -sf "http://127.0.0.1:$3/health/live" >/dev/null && break; sleep 1; done
  local key; key=$(cat "$d/admin.key")
  curl -s -X POST "http://127.0.0.1:$3/customers" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > /dev/null
  payouts "$3" "$key" WARM 40 "$O/warm-$1-$3.txt"
  sleep 2
  local c0 t0 c1 t1
  c0=$(commits "$3" "$key"); t0=$(ticks "$pid")
  payouts "$3" "$key" SEQ "$N" "$O/seq-$1-$3.txt"
  t1=$(ticks "$pid"); sleep 2; c1=$(commits "$3" "$key")
  local hz; hz=$(getconf CLK_TCK)
  local cpu; cpu=$(python3 -c "print(f'{($t1 - $t0) * 1000 / $hz / $N:.2f}')")
  local per; per=$(python3 -c "
a=[int(x) for x in '$c0'.split()]; b=[int(x) for x in '$c1'.split()]
print('n/a' if a[0] < 0 else f'collections {(b[0]-a[0])/$N:.2f}, balance {(b[1]-a[1])/$N:.2f}')")
  kill -TERM "$pid"; wait "$pid"
  log "$1: seq p50 $(sort -n "$O/seq-$1-$3.txt" | sed -n "$((N / 2))p") s, p90 $(sort -n "$O/seq-$1-$3.txt" | sed -n "$((N * 9 / 10))p") s | CPU ${cpu} ms/settlement | commits/settlement: $per | load $(cut -d' ' -f1-3 /proc/loadavg)"
}
log "start, load $(cut -d' ' -f1-3 /proc/loadavg)"
port=$PORT
for p in $(seq "$PAIRS"); do
  run base "$BASE" $port; port=$((port + 1))
  run after "$AFTER" $port; port=$((port + 1))
done
log "end, load $(cut -d' ' -f1-3 /proc/loadavg)"
