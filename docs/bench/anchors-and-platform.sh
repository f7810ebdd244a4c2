#!/usr/bin/env bash
# Baseline anchors + platform, quiet machine, commit 8cacf6f
set -u
cd /work/main
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
out=/work/bench-base
echo "start $(date -u +%H:%M:%S) $(uptime)" > $out/summary.txt
/usr/lib/postgresql/15/bin/pg_test_fsync -s 2 -f /work/bench-base/fsync.tmp > $out/pg_test_fsync.txt 2>&1
psql -h 127.0.0.1 -U postgres -d test -qc 'drop database if exists pgbench_anchor' -c 'create database pgbench_anchor' 2>>$out/err.txt
pgbench -h 127.0.0.1 -U postgres -i -s 32 -q pgbench_anchor > $out/pgbench-init.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 1 -j 1 -T 30 pgbench_anchor > $out/pgbench-c1.txt 2>&1
pgbench -h 127.0.0.1 -U postgres -c 32 -j 2 -T 30 pgbench_anchor > $out/pgbench-c32.txt 2>&1
rm -rf /tmp/base-data; java -jar crystal-server/target/crystal.jar serve --port 18300 --data-dir /tmp/base-data > $out/serve.out 2> $out/serve.err &
pid=$!
for i in $(seq 60); do curl -sf http://127.0.0.1:18300/health/live >/dev/null && break; sleep 1; done
key=$(cat /tmp/base-data/admin.key)
wrk -t2 -c64 -d15s http://127.0.0.1:18300/health/live > $out/wrk-live.txt 2>&1
wrk -t2 -c64 -d15s -H "Authorization: Bearer $key" http://127.0.0.1:18300/health > $out/wrk-health.txt 2>&1
# sequential settlements: create a customer, then 20 payouts one after another
curl -s -X POST http://127.0.0.1:18300/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"customerId":"SEQ_1","openingBalance":1000.00}' > $out/customer.txt
for i in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' -X POST http://127.0.0.1:18300/collections/process-settlement -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"settlementId\":\"SEQ_$i\",\"customerId\":\"SEQ_1\",\"amount\":1.00,\"type\":\"payout\"}"; done > $out/seq.txt
java -jar crystal-server/target/crystal.jar load --url http://127.0.0.1:18300 --data-dir /tmp/base-data --rate 2000 --duration 30s --seed 7 --json $out/load-2000.json > $out/load-2000.txt 2>&1
kill -TERM $pid; wait $pid
echo "end $(date -u +%H:%M:%S) $(uptime)" >> $out/summary.txt
