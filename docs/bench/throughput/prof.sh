#!/usr/bin/env bash
# usage: prof.sh NAME JAR PORT : 40 sequential payouts with correlation ids, then their traces; JFR on
set -u
name=$1 jar=$2 port=$3
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
out=${OUT:-/tmp/thr}/$name; rm -rf $out; mkdir -p $out/traces
data=$out/data
echo "start $(date -u +%T) $(cat /proc/loadavg)" > $out/summary.txt
java -XX:StartFlightRecording=filename=$out/rec.jfr,settings=profile,dumponexit=true -jar $jar serve --port $port --data-dir $data > $out/serve.out 2> $out/serve.err &
pid=$!
for i in $(seq 90); do curl -sf http://127.0.0.1:$port/health/live >/dev/null && break; sleep 1; done
key=$(cat $data/admin.key)
curl -s -X POST http://127.0.0.1:$port/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > $out/customer.txt
for i in $(seq 1 40); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:$port/collections/process-settlement -H "Authorization: Bearer $key" -H "X-Correlation-Id: PROF_$i" -H 'Content-Type: application/json' -d "{\"settlementId\":\"SEQ_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $out/seq.txt
echo "seq p50 $(sort -n $out/seq.txt | sed -n 20p) min $(sort -n $out/seq.txt | head -1)" >> $out/summary.txt
sleep 3
for i in $(seq 11 40); do curl -s http://127.0.0.1:$port/traces/PROF_$i -H "Authorization: Bearer $key" > $out/traces/$i.json; done
kill -TERM $pid; wait $pid
echo "end $(date -u +%T) $(cat /proc/loadavg)" >> $out/summary.txt
