#!/usr/bin/env bash
# Settlements/s of one machine: embedded (SQLite), a cluster of one node running every domain, or two nodes with
# the domains split, each node on Redis and the local PostgreSQL, loaded through the first node's HTTP API.
#   examples/cluster/bench.sh embedded|one|two [rate] [duration]
# Besides the `crystal load` summary (target/cluster-bench-<layout>.json) it prints what does not depend on how fast
# the machine is, per settlement answered: the nodes' CPU milliseconds (all node processes, /proc/<pid>/stat), the
# Redis commands (INFO commandstats) and the PostgreSQL transactions committed in the database (pg_stat_database).
# Environment:
#   BENCH_PORT        first node's HTTP port (default 18181; node 2 listens on the next one)
#   BENCH_REDIS_PORT  start a private redis-server (no persistence) on this port instead of using 127.0.0.1:6379,
#                     so the command count is the cluster's alone
#   BENCH_PG_DB       PostgreSQL database (default test); the commit count includes every other client of it, so
#                     give a database of the benchmark's own (it is created if missing and dropped afterwards)
#   BENCH_JAR         run this crystal.jar (nodes and load) instead of building ./crystal's
# It removes its Redis keys and PostgreSQL schemas afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
layout=${1:?usage: bench.sh embedded|one|two [rate] [duration]}
rate=${2:-400}
duration=${3:-30s}
port=${BENCH_PORT:-18181}
pgdb=${BENCH_PG_DB:-test}
run=$(date +%s)
prefix="crystal-bench-$run"
schemas="bench_${run}_"
out=target/cluster-bench
mkdir -p $out && rm -rf $out/node-*
all="balance, collections, workflows, distributions, freeplay, adjustments, notifications"
case "$layout" in
  embedded) layouts=("node-1:") ;;
  one) layouts=("node-1:$all") ;;
  two) layouts=("node-1:balance, collections, workflows" "node-2:distributions, freeplay, adjustments, notifications") ;;
  *) echo "layout must be embedded, one or two" >&2; exit 2 ;;
esac
redis_port=${BENCH_REDIS_PORT:-6379}
rcli=(redis-cli -p "$redis_port")
psql_db=(psql -q -X -At -h 127.0.0.1 -U postgres -d "$pgdb")

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${BENCH_REDIS_PORT:-}" ]; then
    "${rcli[@]}" shutdown nosave >/dev/null 2>&1 || true
  else
    "${rcli[@]}" --scan --pattern "*$prefix*" | xargs -r "${rcli[@]}" del >/dev/null
  fi
  if [ "$pgdb" = test ]; then
    for d in balance collections workflows distributions freeplay adjustments notifications deadletters keys wireflags; do
      "${psql_db[@]}" -c "DROP SCHEMA IF EXISTS ${schemas}${d} CASCADE" >/dev/null 2>&1 || true
    done
  else
    psql -q -X -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -n "${BENCH_REDIS_PORT:-}" ]; then
  redis-server --port "$redis_port" --save '' --appendonly no --daemonize yes --logfile "$PWD/$out/redis.log" \
      --pidfile "$PWD/$out/redis.pid"
  sleep 0.5
fi
if [ "$pgdb" != test ]; then
  psql -q -X -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pgdb" >/dev/null 2>&1 || true
fi
if [ -n "${BENCH_JAR:-}" ]; then
  serve=(java -jar "$BENCH_JAR")
else
  ./crystal build >/dev/null
  serve=(./crystal)
fi

p=$port
for entry in "${layouts[@]}"; do
  node=${entry%%:*}
  domains=${entry#*:}
  args=(serve --port $p --data-dir "$out/$node-data")
  if [ "$layout" != embedded ]; then
    config="$out/$node.yaml"
    cat > "$config" <<YAML
cluster:
  node: $node
  domains: [$domains]
  redis: {uri: "redis://127.0.0.1:$redis_port", keyPrefix: "$prefix"}
  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/$pgdb", user: postgres, schemaPrefix: "$schemas"}
YAML
    args+=(--config "$config")
  fi
  "${serve[@]}" "${args[@]}" > "$out/$node.log" 2>&1 &
  pids+=($!)
  p=$((p + 1))
done
for i in $(seq 1 180); do
  ready=$( (grep -l "is ready at" $out/node-*.log 2>/dev/null || true) | wc -l)
  [ "$ready" -ge "${#layouts[@]}" ] && break
  sleep 1
done
# a cluster node is ready before it holds its domains' leases: wait until every domain is held (per /health,
# with the admin key node-1 wrote)
held() {
  local q total=0
  for ((q = port; q < p; q++)); do
    total=$((total + $(curl -s --max-time 5 -H "Authorization: Bearer $(cat "$out/node-1-data/admin.key")" "http://localhost:$q/health" | python3 -c '
import json, sys
def lists(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "held" and isinstance(value, list):
                yield value
            else:
                yield from lists(value)
try:
    print(max((len(v) for v in lists(json.load(sys.stdin))), default=0))
except ValueError:
    print(0)' 2>/dev/null)))
  done
  echo $total
}
if [ "$layout" != embedded ]; then
  for i in $(seq 1 120); do [ "$(held)" -ge 7 ] && break; sleep 1; done
  echo "domains held: $(held) of 7"
fi

redis_calls() { "${rcli[@]}" INFO commandstats | sed -n 's/^cmdstat_[^:]*:calls=\([0-9]*\),.*/\1/p' | awk '{s+=$1} END {print s+0}'; }
redis_by_command() { "${rcli[@]}" INFO commandstats | sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p'; }
pg_commits() { "${psql_db[@]}" -c "SELECT pg_stat_force_next_flush()" >/dev/null; "${psql_db[@]}" -c \
    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"; }
cpu_ticks() { local t=0; for pid in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' /proc/$pid/stat))); done; echo $t; }

r0=$(redis_calls); c0=$(pg_commits); t0=$(cpu_ticks); redis_by_command > "$out/commands-before"
# node-1 started first on the empty keys schema (or its own data directory): it wrote the admin key there
"${serve[@]}" load --rate "$rate" --duration "$duration" --url "http://localhost:$port" \
    --data-dir "$out/node-1-data" --json "target/cluster-bench-$layout.json"
sleep 11 # idle PostgreSQL sessions flush their statistics within 10 s; the last acknowledgements
r1=$(redis_calls); c1=$(pg_commits); t1=$(cpu_ticks); redis_by_command > "$out/commands-after"
python3 - "target/cluster-bench-$layout.json" "$layout" $((r1 - r0)) $((c1 - c0)) $((t1 - t0)) "$(getconf CLK_TCK)" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
layout, redis, commits, ticks, hz = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
n = summary["settlements"]
lat = summary["latencyMs"]
print(f"{layout}: {n} settlements answered, {summary['settlementRate']:.1f}/s, p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms")
if n:
    print(f"  per settlement: {1000 * ticks / hz / n:.2f} ms CPU of the node processes, "
          f"{redis / n:.1f} Redis commands, {commits / n:.2f} PostgreSQL commits "
          f"(whole run: {ticks / hz:.1f} s CPU, {redis} commands, {commits} commits)")
PY
if [ -n "${BENCH_REDIS_PORT:-}" ]; then
  echo "  Redis commands per settlement answered, by command (top 12):"
  n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settlements"])' "target/cluster-bench-$layout.json")
  awk -v n="$n" 'NR==FNR {a[$1]=$2; next} {d=$2-a[$1]; if (d > 0 && n > 0) printf "    %-16s %8.2f\n", $1, d/n}' \
      "$out/commands-before" "$out/commands-after" | sort -k2 -rn | head -12
fi
cat /proc/loadavg
