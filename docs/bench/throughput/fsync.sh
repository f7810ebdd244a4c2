#!/usr/bin/env bash
# usage: fsync.sh NAME JAR PORT : counts fsync/fdatasync calls of crystal serve during a burst of N settlements
# sent by C concurrent clients (strace -f --seccomp-bpf), and the burst's wall time.
set -u
name=$1 jar=$2 port=$3 N=${N:-600} C=${C:-48}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
out=${OUT:-/tmp/thr}/$name; rm -rf $out; mkdir -p $out
data=$out/data
strace -f --seccomp-bpf -qq -ttt -e trace=fsync,fdatasync -o $out/strace.txt java -jar $jar serve --port $port --data-dir $data > $out/serve.out 2> $out/serve.err &
pid=$!
for i in $(seq 120); do curl -sf http://127.0.0.1:$port/health/live >/dev/null && break; sleep 1; done
key=$(cat $data/admin.key)
for c in $(seq 0 7); do curl -s -o /dev/null -X POST http://127.0.0.1:$port/customers -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"customerId\":\"F$c\",\"openingBalance\":100000.00}"; done
sleep 2
t0=$(date +%s.%N)
seq 1 $N | xargs -P $C -I{} sh -c "curl -s -o /dev/null -w '%{http_code}\n' -X POST http://127.0.0.1:$port/collections/process-settlement -H 'Authorization: Bearer $key' -H 'Content-Type: application/json' -d '{\"settlementId\":\"F_{}\",\"customerId\":\"F'\$(({} % 8))'\",\"amount\":1.00,\"type\":\"payout\"}'" > $out/codes.txt
t1=$(date +%s.%N)
pkill -TERM -P $pid java; wait $pid
python3 - $out $t0 $t1 $N <<'PY'
import sys
out,t0,t1,n=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4])
calls=0
for line in open(out+'/strace.txt'):
    p=line.split()
    if len(p)>2 and ('fsync(' in line or 'fdatasync(' in line) and 'resumed' not in line:
        t=float(p[1])
        if t0<=t<=t1: calls+=1
codes=open(out+'/codes.txt').read().split()
ok=sum(1 for c in codes if c.startswith('2'))
print(f"{out}: {ok}/{n} 2xx in {t1-t0:.1f}s = {ok/(t1-t0):.0f}/s; fsync+fdatasync during the burst: {calls}; per settlement {calls/max(ok,1):.2f}; settlements per fsync {ok/max(calls,1):.2f}")
PY
echo "load $(cat /proc/loadavg)"
