#!/usr/bin/env bash
# Quiet-machine A/B of two builds of crystal.jar (and benchmarks.jar): anchors first, then the two platforms alternated.
#   BASE=/work/bench-ab/base AFTER=/work/bench-ab/after OUT=/work/bench-ab/out bash docs/bench/ab-quiet.sh
# Each of BASE and AFTER holds crystal.jar and benchmarks.jar. Needs wrk, pgbench (database pgbench_anchor, scale 32)
# and pg_test_fsync. Stop every other build first; the summary notes the load average at each step.
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
BASE=${BASE:-/work/bench-ab/base} AFTER=${AFTER:-/work/bench-ab/after} O=${OUT:-/work/bench-ab/out}
RATE=${RATE:-2000} PAIRS=${PAIRS:-2}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
mkdir -p $O
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a $O/summary.txt; }
log "start $(uptime)"
/usr/lib/postgresql/15/bin/pg_test_fsync -s 2 -f $O/fsync.tmp > $O/pg_test_fsync.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 32 -j 2 -T 20 pgbench_anchor > $O/pgbench-c32.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 1 -j 1 -T 20 pgbench_anchor > $O/pgbench-c1.txt 2>&1
log "anchors: fdatasync $(grep -m1 fdatasync $O/pg_test_fsync.txt | tr -s ' ') | pgbench c32 $(grep -m1 'tps' $O/pgbench-c32.txt) | c1 $(grep -m1 'tps' $O/pgbench-c1.txt) | $(uptime)"
seq_payouts() { # $1 port $2 key $3 label $4 file: 30 payouts one after another
  for i in $(seq 1 30); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:$1/collections/process-settlement \
    -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"settlementId\":\"SEQ_$3_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $4
}
platform() { # $1 label $2 dir $3 port
  local d=/tmp/ab-$1-$3; rm -rf $d
  java -jar $2/crystal.jar serve --port $3 --data-dir $d > $O/serve-$1-$3.out 2> $O/serve-$1-$3.err &
  local pid=$!
  for i in $(seq 90); do curl -sf http://127.0.0.1:$3/health/live >/dev/null && break; sleep 1; done
  local key=$(cat $d/admin.key)
  curl -s -X POST http://127.0.0.1:$3/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > /dev/null
  curl -s -X POST http://127.0.0.1:$3/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"WRK_C1","openingBalance":1000000.00}' > /dev/null
  seq_payouts $3 $key cold $O/seq-cold-$1-$3.txt
  java -jar $2/crystal.jar load --url http://127.0.0.1:$3 --data-dir $d --rate $RATE --duration 30s --seed 7 --json $O/load-$1-$3.json > $O/load-$1-$3.txt 2>&1
  seq_payouts $3 $key warm $O/seq-warm-$1-$3.txt
  CRYSTAL_API_KEY=$key wrk -t2 -c64 -d20s --timeout 10s -s examples/load/wrk-settlement.lua http://127.0.0.1:$3 > $O/wrk-settle-$1-$3.txt 2>&1
  kill -TERM $pid; wait $pid
  log "$1 port $3: seq p50 cold $(sort -n $O/seq-cold-$1-$3.txt | sed -n 15p) warm $(sort -n $O/seq-warm-$1-$3.txt | sed -n 15p) | load $(grep -E 'achieved rate' $O/load-$1-$3.txt | tr -s ' ') | $(grep -E '^latency' $O/load-$1-$3.txt | tr -s ' ') | $(grep -E 'platform CPU' $O/load-$1-$3.txt | tr -s ' ') | wrk settle $(grep Requests/sec $O/wrk-settle-$1-$3.txt) | $(cat /proc/loadavg)"
}
port=18310
for p in $(seq $PAIRS); do
  platform base $BASE $port; port=$((port+1))
  platform after $AFTER $port; port=$((port+1))
done
# HTTP edge: wrk and crystal load --target health (after build)
d=/tmp/ab-edge; rm -rf $d
java -jar $AFTER/crystal.jar serve --port 18320 --data-dir $d > $O/serve-edge.out 2>&1 &
pid=$!
for i in $(seq 90); do curl -sf http://127.0.0.1:18320/health/live >/dev/null && break; sleep 1; done
wrk -t2 -c64 -d10s http://127.0.0.1:18320/health/live > /dev/null 2>&1
wrk -t2 -c64 -d15s http://127.0.0.1:18320/health/live > $O/wrk-live.txt 2>&1
log "wrk /health/live: $(grep Requests/sec $O/wrk-live.txt)"
java -jar $AFTER/crystal.jar load --target health --url http://127.0.0.1:18320 --data-dir $d --rate 20000 --duration 15s --connections 64 > $O/load-health.txt 2>&1
log "crystal load --target health 20000/s: $(grep -E 'achieved rate|dropped' $O/load-health.txt | tail -2 | tr -s ' ' | tr '\n' ' ')"
kill -TERM $pid; wait $pid
java -jar $AFTER/crystal.jar bench fsync --dir $O > $O/bench-fsync.txt 2>&1
log "bench fsync: $(tail -3 $O/bench-fsync.txt | tr '\n' ' ')"
if [ "${HOP:-1}" = 1 ]; then
  for v in base after base after; do
    dir=$BASE; [ $v = after ] && dir=$AFTER
    java -jar $dir/benchmarks.jar 'HopBenchmark.crystal$' -p correlationIds=64 -f 1 -wi 3 -i 5 -w 1s -r 1s > $O/hop-$v-$RANDOM.txt 2>&1
  done
  for f in $O/hop-*.txt; do log "$(basename $f): $(grep -E '^HopBenchmark' $f | tr -s ' ')"; done
fi
log "end $(uptime)"
