#!/usr/bin/env bash
# Settlements/s of a cluster on this machine: one node running every domain, or two nodes with the
# domains split, each on the local Redis and PostgreSQL, loaded through node-1's HTTP API.
#   examples/cluster/bench.sh one [rate] [duration]
#   examples/cluster/bench.sh two [rate] [duration]
# Writes target/cluster-bench-<layout>.json (the `crystal load` summary) and removes its Redis keys and
# PostgreSQL schemas afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
layout=${1:?usage: bench.sh one|two [rate] [duration]}
rate=${2:-400}
duration=${3:-30s}
run=$(date +%s)
prefix="crystal-bench-$run"
schemas="bench_${run}_"
mkdir -p target/cluster-bench && rm -f target/cluster-bench/node-*.log
all="balance, collections, workflows, distributions, freeplay, adjustments, notifications"
case "$layout" in
  one) layouts=("node-1:$all") ;;
  two) layouts=("node-1:balance, collections, workflows" "node-2:distributions, freeplay, adjustments, notifications") ;;
  *) echo "layout must be one or two" >&2; exit 2 ;;
esac

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli --scan --pattern "*$prefix*" | xargs -r redis-cli del >/dev/null
  for d in balance collections workflows distributions freeplay adjustments notifications deadletters keys; do
    psql -q -o /dev/null -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS ${schemas}${d} CASCADE" >/dev/null 2>&1
  done
}
trap cleanup EXIT

./crystal build >/dev/null
port=18181
for entry in "${layouts[@]}"; do
  node=${entry%%:*}
  domains=${entry#*:}
  config="target/cluster-bench/$node.yaml"
  cat > "$config" <<YAML
cluster:
  node: $node
  domains: [$domains]
  redis: {uri: "redis://127.0.0.1:6379", keyPrefix: "$prefix"}
  postgres: {url: "jdbc:postgresql://127.0.0.1:5432/test", user: postgres, schemaPrefix: "$schemas"}
YAML
  ./crystal serve --port $port --config "$config" --data-dir "target/cluster-bench/$node-data" \
      > "target/cluster-bench/$node.log" 2>&1 &
  pids+=($!)
  port=$((port + 1))
done
for i in $(seq 1 120); do
  ready=$( (grep -l "is ready at" target/cluster-bench/node-*.log 2>/dev/null || true) | wc -l)
  [ "$ready" -ge "${#layouts[@]}" ] && break
  sleep 1
done
# node-1 started first on the empty keys schema: it wrote the cluster's admin key to its data directory
./crystal load --rate "$rate" --duration "$duration" --url http://localhost:18181 \
    --data-dir target/cluster-bench/node-1-data --json "target/cluster-bench-$layout.json"
