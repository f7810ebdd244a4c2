#!/usr/bin/env bash
# usage: seqwarm.sh NAME JAR PORT : like prof.sh (40 sequential payouts with correlation ids, then their traces), but
# after WARM (default 20s) of `crystal load --rate 200` so the JIT has compiled the path; no JFR. Then, on the same
# server, `crystal load --rate RATE --duration DUR` (default 300/s, 30s), which prints CPU per settlement.
set -u
name=$1 jar=$2 port=$3
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
out=${OUT:-/tmp/thr}/$name; rm -rf $out; mkdir -p $out/traces
data=$out/data
echo "start $(date -u +%T) $(cat /proc/loadavg)" > $out/summary.txt
java -jar $jar serve --port $port --data-dir $data > $out/serve.out 2> $out/serve.err &
pid=$!
for i in $(seq 90); do curl -sf http://127.0.0.1:$port/health/live >/dev/null && break; sleep 1; done
key=$(cat $data/admin.key)
java -jar $jar load --url http://127.0.0.1:$port --data-dir $data --rate 200 --duration ${WARM:-20s} --seed 3 > $out/warm.txt 2>&1
curl -s -X POST http://127.0.0.1:$port/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > $out/customer.txt
for i in $(seq 1 40); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:$port/collections/process-settlement -H "Authorization: Bearer $key" -H "X-Correlation-Id: PROF_$i" -H 'Content-Type: application/json' -d "{\"settlementId\":\"SEQ_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $out/seq.txt
echo "seq p50 $(sort -n $out/seq.txt | sed -n 20p) min $(sort -n $out/seq.txt | head -1) $(cat /proc/loadavg)" >> $out/summary.txt
sleep 3
for i in $(seq 11 40); do curl -s http://127.0.0.1:$port/traces/PROF_$i -H "Authorization: Bearer $key" > $out/traces/$i.json; done
if [ -n "${RATE:-300}" ]; then
  echo "load $(date -u +%T) $(cat /proc/loadavg)" >> $out/summary.txt
  java -jar $jar load --url http://127.0.0.1:$port --data-dir $data --rate ${RATE:-300} --duration ${DUR:-30s} --seed 7 > $out/load.txt 2>&1
  grep -i "cpu\|achieved\|latency" $out/load.txt | tail -4 >> $out/summary.txt
fi
kill -TERM $pid; wait $pid
echo "end $(date -u +%T) $(cat /proc/loadavg)" >> $out/summary.txt
