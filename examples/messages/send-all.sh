#!/usr/bin/env bash
# Sends every message of examples/messages, in order, to a running platform: after the README's "Try it", or on a
# fresh one. It first makes what the messages rely on (customer CUST_001, affiliate AFF_001 with CUST_001 as its
# customer; "already there" is fine), then runs `crystal send FILE` for each file and stops at the first refusal.
# Running it again changes nothing: every message carries its id, and the platform answers a repeat with the
# original outcome.
#
#   examples/messages/send-all.sh [URL]          URL: default http://localhost:8080
#
# The API key: $CRYSTAL_API_KEY, else ./data/admin.key (what the first `./crystal serve` saved).
# The CLI: $CRYSTAL_CLI (a command line), else the ./crystal launcher of this repository.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
URL="${1:-http://localhost:8080}"
URL="${URL%/}"
KEY="${CRYSTAL_API_KEY:-}"
if [[ -z "$KEY" && -f data/admin.key ]]; then KEY="$(cat data/admin.key)"; fi
if [[ -z "$KEY" ]]; then
  echo "send-all: no API key: export CRYSTAL_API_KEY=<key>, or run it where data/admin.key is" >&2
  exit 2
fi
read -r -a CLI <<< "${CRYSTAL_CLI:-$ROOT/crystal}"

# setup PATH BODY: one POST that makes what the messages need; 2xx, or 409 when it is already there
setup() {
  local out status
  out="$(mktemp)"
  status="$(curl -sS -o "$out" -w '%{http_code}' -X POST "$URL$1" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -d "$2")" || { echo "send-all: no platform answers at $URL" >&2; rm -f "$out"; exit 3; }
  case "$status" in
    2??) echo "setup: POST $1 -> $status" ;;
    409) echo "setup: POST $1 -> already there" ;;
    *) echo "send-all: POST $1 failed with $status: $(cat "$out")" >&2; rm -f "$out"; exit 1 ;;
  esac
  rm -f "$out"
}

setup /customers '{"customerId":"CUST_001","openingBalance":100.00}'
setup /affiliates '{"affiliateId":"AFF_001","commissionRate":20.0,"paymentMethod":"wire_transfer"}'
setup /affiliates/AFF_001/customers '{"customerId":"CUST_001"}'

for file in "$HERE"/*.yaml; do
  echo "--- ${file#"$ROOT"/}"
  if ! "${CLI[@]}" send "$file" --url "$URL" --api-key "$KEY"; then
    echo "send-all: ${file#"$ROOT"/} was refused (above)" >&2
    exit 1
  fi
done
echo "send-all: every message of examples/messages was sent"
