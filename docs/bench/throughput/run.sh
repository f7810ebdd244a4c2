#!/usr/bin/env bash
# usage: run.sh NAME JAR PORT [JFR]
set -u
name=$1 jar=$2 port=$3 jfr=${4:-}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
out=${OUT:-/tmp/thr}/$name; rm -rf $out; mkdir -p $out
data=$out/data
opts=""
[ -n "$jfr" ] && opts="-XX:StartFlightRecording=filename=$out/rec.jfr,settings=profile,dumponexit=true"
echo "start $(date -u +%T) $(cat /proc/loadavg)" > $out/summary.txt
java $opts -jar $jar serve --port $port --data-dir $data > $out/serve.out 2> $out/serve.err &
pid=$!
for i in $(seq 90); do curl -sf http://127.0.0.1:$port/health/live >/dev/null && break; sleep 1; done
key=$(cat $data/admin.key)
curl -s -X POST http://127.0.0.1:$port/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > $out/customer.txt
for i in $(seq 1 40); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:$port/collections/process-settlement -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"settlementId\":\"SEQ_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $out/seq.txt
echo "seq p50 $(sort -n $out/seq.txt | sed -n 20p)" >> $out/summary.txt
java -jar $jar load --url http://127.0.0.1:$port --data-dir $data --rate ${RATE:-1000} --duration ${DUR:-20s} --seed 7 --json $out/load.json > $out/load.txt 2>&1
kill -TERM $pid; wait $pid
echo "end $(date -u +%T) $(cat /proc/loadavg)" >> $out/summary.txt
tail -15 $out/load.txt >> $out/summary.txt
