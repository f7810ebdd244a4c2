#!/usr/bin/env bash
# docs/bench/idle-cluster-node.sh JAR LABEL PORT REDISPORT (e.g. crystal-server/target/crystal.jar after 18295 6395):
# starts a private redis-server on REDISPORT, one idle `crystal serve` in cluster mode running every domain,
# waits until it is ready plus 60 s (JIT settles), then counts Redis commands (INFO commandstats) and the
# process CPU ticks (/proc/<pid>/stat) over 30 s, and each thread's ticks (/proc/<pid>/task/*/stat, names cut to 15
# characters by the kernel). Stops both and drops its PostgreSQL schemas.
set -u
JAR=$1 LABEL=$2 PORT=$3 RPORT=$4
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
D=/tmp/crystal-idle/$LABEL; rm -rf $D; mkdir -p $D/data
redis-server --port $RPORT --save '' --appendonly no --daemonize yes --logfile $D/redis.log --pidfile $D/redis.pid
sleep 0.5
cat > $D/node.yaml <<Y
cluster:
  node: solo
  domains: [balance, collections, workflows, distributions, freeplay, adjustments, notifications]
  redis:
    uri: redis://127.0.0.1:$RPORT
    keyPrefix: hops$LABEL
  postgres:
    url: jdbc:postgresql://127.0.0.1:5432/test
    user: postgres
    password: ""
    schemaPrefix: hops_${LABEL}_
  reclaimAfter: 15s
  leaseTtl: 10s
Y
java -jar $JAR serve --port $PORT --data-dir $D/data --config $D/node.yaml > $D/serve.log 2>&1 &
PID=$!
for i in $(seq 1 300); do grep -q "is ready at" $D/serve.log && break; sleep 1; done
grep -m1 "is ready at" $D/serve.log | cut -c1-60
sleep 60
threads() { for t in /proc/$PID/task/*; do echo "$(awk '{print $14+$15}' $t/stat 2>/dev/null) $(tr ' ' '_' < $t/comm 2>/dev/null)"; done; }
threads > $D/th0
redis-cli -p $RPORT INFO commandstats > $D/cs0; T0=$(awk '{print $14+$15}' /proc/$PID/stat); W0=$(date +%s.%N)
sleep 30
redis-cli -p $RPORT INFO commandstats > $D/cs1; T1=$(awk '{print $14+$15}' /proc/$PID/stat); W1=$(date +%s.%N)
threads > $D/th1
TCK=$(getconf CLK_TCK)
python3 - $D/cs0 $D/cs1 $T0 $T1 $W0 $W1 $TCK <<'P'
import sys,re
def rd(f):
    d={}
    for l in open(f):
        m=re.match(r'cmdstat_(\S+):calls=(\d+)',l)
        if m: d[m.group(1)]=int(m.group(2))
    return d
a,b=rd(sys.argv[1]),rd(sys.argv[2]); t0,t1=int(sys.argv[3]),int(sys.argv[4]); w=float(sys.argv[6])-float(sys.argv[5]); tck=int(sys.argv[7])
tot=0
for k in sorted(b):
    n=b[k]-a.get(k,0)
    if n: print(f"  {k:20s} {n:7d}  {n/w:8.1f}/s"); tot+=n
print(f"redis commands: {tot} in {w:.1f} s = {tot/w:.1f}/s  (the two INFO calls included)")
print(f"process CPU: {(t1-t0)/tck:.2f} s in {w:.1f} s = {100*(t1-t0)/tck/w:.2f} % of a core")
P
echo "threads by CPU ticks over the window (name: ticks; threads of one name summed):"
awk 'NR==FNR{a[$2]+=$1; next}{b[$2]+=$1} END{for(k in b){d=b[k]-a[k]; if(d>0) print d, k}}' $D/th0 $D/th1 | sort -rn | head -20 | awk '{printf "  %-16s %4d\n", $2, $1}'
uptime
grep -c . $D/serve.log >/dev/null; kill $PID; wait $PID 2>/dev/null
redis-cli -p $RPORT shutdown nosave >/dev/null 2>&1
psql -h 127.0.0.1 -U postgres -d test -Atc "select 'drop schema '||nspname||' cascade;' from pg_namespace where nspname like 'hops_${LABEL}_%'" | psql -h 127.0.0.1 -U postgres -d test -q >/dev/null 2>&1
