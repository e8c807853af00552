#!/usr/bin/env bash
# The second official client: starts an InvoiceKit of its own, runs flow.py with
# Debian's python3-stripe against it, stops it. Ends with PASS or FAIL (exit 1).
#
#   test/compat/python/run.sh                  on a throwaway SQLite file
#   test/compat/python/run.sh postgres://...   on a fresh database created in that server (dropped after)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
# Debian's package installs for Debian's interpreter, whatever python3 comes first in PATH.
PY=/usr/bin/python3
if ! "$PY" -c 'import stripe' 2>/dev/null; then
  echo "FAIL: python3-stripe is not installed (apt-get install -y python3-stripe)"
  exit 1
fi

tmp="$(mktemp -d /tmp/invoicekit-pyflow.XXXXXX)"
server=""
pg_admin=""
pg_name=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pg_name" ]; then node scripts/pg-database.mjs drop "$pg_admin" "$pg_name" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

db="$tmp/flow.sqlite"
if [ "${1:-}" != "" ]; then
  pg_admin="$1"
  pg_name="pyflow_$$_$RANDOM"
  db="$(node scripts/pg-database.mjs create "$pg_admin" "$pg_name")"
fi

node --import tsx src/main.ts --host 127.0.0.1 --port 0 --database-url "$db" --webhook-retry-schedule 1,2,4 >"$tmp/server.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 240); do
  base="$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$tmp/server.log" | head -n 1 | sed 's/listening on //' || true)"
  [ -n "$base" ] && break
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$base" ]; then
  cat "$tmp/server.log"
  echo "FAIL: InvoiceKit did not start"
  exit 1
fi

status=0
"$PY" test/compat/python/flow.py "$base" || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log"
  tail -n 50 "$tmp/server.log"
fi
exit "$status"
