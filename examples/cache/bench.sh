#!/usr/bin/env bash
# GET /customers/{id}/balance with and without the read cache, under a concurrent settlement load.
#   examples/cache/bench.sh [rounds] [read-duration] [settlement-rate] [customers]
# Each round starts a fresh embedded platform twice, once with --cache on and once with --cache off (the order
# alternates between rounds, so both modes share the same window of machine load), runs `crystal load` (settlements,
# bonuses, ...) over its customers and, while it runs, wrk reading those customers' balances (examples/cache/
# balance.lua; set CRYSTAL_API_KEY if the platform requires a key). Prints one line per run: requests/s, p50, p99,
# errors, the balances cache's hit rate during the read window, and the load average.
# Writes target/cache-bench/results.tsv and the raw outputs next to it.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
read_duration=${2:-20}
rate=${3:-200}
customers=${4:-1000}
out=target/cache-bench
mkdir -p "$out"
rm -rf "$out"/data-*
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

./crystal --help >/dev/null  # builds the jar first when it is missing or stale
server=""
load=""
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

hit_figures() { # hits misses of the balances cache
  curl -s "http://127.0.0.1:$1/ops/cache" | python3 -c '
import json, sys
c = json.load(sys.stdin)
b = [x for x in c["caches"] if x["name"] == "balances"]
print(b[0]["hits"], b[0]["misses"]) if b else print(0, 0)'
}

printf "round\tcache\treq/s\tp50\tp99\tnon-2xx\thit-rate\tload-avg\n" | tee "$out/results.tsv"
port=0
# One measurement: a fresh platform with --cache $2, the settlement load, wrk over the load's customers.
# Returns non-zero (and leaves nothing running) when the load could not create its customers.
measure() {
  local round=$1 mode=$2 log loadlog prefix hits0 misses0 hits1 misses1 loadavg w rps p50 p99 non2xx hitrate
  rm -rf "$out/data-$round-$mode"
  log="$out/serve-$round-$mode.log"
  # a free port (the machine is shared), read back from the ready line
  ./crystal serve --port 0 --host 127.0.0.1 --data-dir "$out/data-$round-$mode" --cache "$mode" \
      --notify "file:$out/data-$round-$mode.notices" > "$log" 2>&1 &
  server=$!
  for i in $(seq 1 120); do grep -q "is ready at" "$log" && break; sleep 0.5; done
  port=$(grep -m1 "is ready at" "$log" | sed -E 's|.*http://127.0.0.1:([0-9]+)/.*|\1|')
  loadlog="$out/load-$round-$mode.log"
  : > "$loadlog"
  ./crystal load --url "http://127.0.0.1:$port" --rate "$rate" --duration "$((read_duration + 20))s" \
      --customers "$customers" --seed "$round" > "$out/load-$round-$mode.txt" 2> "$loadlog" &
  load=$!
  for i in $(seq 1 240); do
    grep -q "^customers: " "$loadlog" && break
    kill -0 "$load" 2>/dev/null || break
    sleep 0.5
  done
  prefix=$(grep -m1 "^customers: " "$loadlog" | sed -E 's/^customers: (.*)0 \.\. .*/\1/' || true)
  if [ -z "$prefix" ]; then
    echo "round $round cache $mode: the load did not start ($(tail -1 "$loadlog")); trying again" >&2
    kill "$load" "$server" 2>/dev/null || true; wait 2>/dev/null || true; load=""; server=""
    return 1
  fi
  sleep 5 # settlements running, JIT warm
  read -r hits0 misses0 <<<"$(hit_figures "$port")"
  CUSTOMER_PREFIX="$prefix" CUSTOMERS="$customers" wrk -t2 -c32 -d"${read_duration}s" --latency \
      -s examples/cache/balance.lua "http://127.0.0.1:$port" > "$out/wrk-$round-$mode.txt" 2>&1
  read -r hits1 misses1 <<<"$(hit_figures "$port")"
  loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true; load=""
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  w="$out/wrk-$round-$mode.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$w")
  p50=$(awk '$1 == "50%" {print $2}' "$w")
  p99=$(awk '$1 == "99%" {print $2}' "$w")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$w"); non2xx=${non2xx:-0}
  hitrate=$(python3 -c "h=$hits1-$hits0; m=$misses1-$misses0; print('%.1f%%' % (100.0*h/(h+m)) if h+m else '-')")
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$mode" "$rps" "$p50" "$p99" "$non2xx" "$hitrate" "$loadavg" \
      | tee -a "$out/results.tsv"
}

for round in $(seq 1 "$rounds"); do
  if (( round % 2 == 1 )); then modes=(on off); else modes=(off on); fi
  for mode in "${modes[@]}"; do
    measure "$round" "$mode" || measure "$round" "$mode" || echo "round $round cache $mode: skipped" >&2
  done
done
