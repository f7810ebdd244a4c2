#!/usr/bin/env bash
# Quiet-machine A/B: base (8cacf6f) vs after (merged main). Alternates base/after.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
O=/work/bench-ab/out; mkdir -p $O
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a $O/summary.txt; }
log "start $(uptime)"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
/usr/lib/postgresql/15/bin/pg_test_fsync -s 2 -f /work/bench-ab/fsync.tmp > $O/pg_test_fsync.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 32 -j 2 -T 20 pgbench_anchor > $O/pgbench-c32.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 1 -j 1 -T 20 pgbench_anchor > $O/pgbench-c1.txt 2>&1
log "anchors done $(uptime)"
platform() { # $1 label $2 jar $3 port
  local d=/tmp/ab-$1-$3; rm -rf $d
  java -jar $2 serve --port $3 --data-dir $d > $O/serve-$1-$3.out 2> $O/serve-$1-$3.err &
  local pid=$!
  for i in $(seq 90); do curl -sf http://127.0.0.1:$3/health/live >/dev/null && break; sleep 1; done
  local key=$(cat $d/admin.key)
  curl -s -X POST http://127.0.0.1:$3/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > /dev/null
  for i in $(seq 1 30); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:$3/collections/process-settlement -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"settlementId\":\"SEQ_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $O/seq-$1-$3.txt
  java -jar $2 load --url http://127.0.0.1:$3 --data-dir $d --rate 2000 --duration 30s --seed 7 --json $O/load-$1-$3.json > $O/load-$1-$3.txt 2>&1
  kill -TERM $pid; wait $pid
  log "$1 port $3: seq p50 $(sort -n $O/seq-$1-$3.txt | sed -n 15p) | $(grep -E 'achieved rate' $O/load-$1-$3.txt) | $(grep -E '^latency' $O/load-$1-$3.txt)"
}
platform base /work/bench-ab/base/crystal.jar 18310
platform after /work/bench-ab/after/crystal.jar 18311
platform base /work/bench-ab/base/crystal.jar 18312
platform after /work/bench-ab/after/crystal.jar 18313
# HTTP edge: wrk and crystal load --target health (after build)
d=/tmp/ab-edge; rm -rf $d
java -jar /work/bench-ab/after/crystal.jar serve --port 18320 --data-dir $d > $O/serve-edge.out 2>&1 &
pid=$!
for i in $(seq 90); do curl -sf http://127.0.0.1:18320/health/live >/dev/null && break; sleep 1; done
wrk -t2 -c64 -d15s http://127.0.0.1:18320/health/live > $O/wrk-live.txt 2>&1
log "wrk /health/live: $(grep Requests/sec $O/wrk-live.txt)"
java -jar /work/bench-ab/after/crystal.jar load --target health --url http://127.0.0.1:18320 --data-dir $d --rate 20000 --duration 15s --connections 64 > $O/load-health.txt 2>&1
log "crystal load --target health 20000/s: $(grep -E 'achieved rate|dropped' $O/load-health.txt | tr '\n' ' ')"
kill -TERM $pid; wait $pid
java -jar /work/bench-ab/after/crystal.jar bench fsync --dir /work/bench-ab > $O/bench-fsync.txt 2>&1
log "bench fsync: $(tail -3 $O/bench-fsync.txt | tr '\n' ' ')"
for v in base after base after; do
  java -jar /work/bench-ab/$v/benchmarks.jar 'HopBenchmark.crystal$' -p correlationIds=64 -f 1 -wi 3 -i 5 -w 1s -r 1s > $O/hop-$v-$RANDOM.txt 2>&1
done
for f in $O/hop-*.txt; do log "$(basename $f): $(grep -E '^HopBenchmark' $f | tr -s ' ')"; done
log "end $(uptime)"
