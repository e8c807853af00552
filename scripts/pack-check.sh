#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, then in an empty directory elsewhere install the
# tarball (not the source tree), run `npx invoicekit`, write, stop it with SIGTERM (exit 0),
# start it again and find the write; then `import { startInvoiceKit } from 'invoicekit'`.
# The install must print no engine warning.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="$(mktemp -d /tmp/invoicekit-pack.XXXXXX)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tarball="$(npm pack --silent --pack-destination "$work" | tail -1)"
echo "packed $tarball ($(du -k "$work/$tarball" | cut -f1) kB, $(tar tzf "$work/$tarball" | wc -l) files)"
if tar tzf "$work/$tarball" | grep -Eq '^package/(src|test)/|\.tsbuildinfo$'; then
  echo "the tarball holds sources or build state it should not"; exit 1
fi

root="$PWD"

# `npm start > log & kill $!` in the checkout: npm passes SIGTERM to the server, its direct
# child, which stops with exit 0, and so does npm; nothing is left holding the port.
PORT=0 DATABASE_URL="$work/start.sqlite" npm start >"$work/start.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "InvoiceKit listening on" "$work/start.log" && break; sleep 0.2; done
url="$(grep -o 'InvoiceKit listening on http://[0-9.:]*' "$work/start.log" | awk '{print $4}')"
[ -n "$url" ] || { cat "$work/start.log"; echo "npm start did not start"; exit 1; }
kill "$pid"
rc=0; wait "$pid" || rc=$?; pid=""
if [ "$rc" != 0 ] || ! grep -q "InvoiceKit stopped" "$work/start.log" || curl -s -o /dev/null "$url/healthz"; then
  cat "$work/start.log"; echo "npm start & kill \$!: exit $rc, the server not stopped"; exit 1
fi
echo "npm start & kill \$!: npm and the server exited 0"
mkdir "$work/app"
cd "$work/app"
# npm 11 runs a dependency's install script only when the project allows it: better-sqlite3's
# builds its native module (the README says so to users).
cat >package.json <<'JSON'
{ "name": "pack-check", "version": "1.0.0", "private": true, "type": "module", "allowScripts": { "better-sqlite3": true } }
JSON
# Compiling better-sqlite3 takes minutes (and its prebuilt binaries come from GitHub, which CI
# may not reach): unless PACK_CHECK_BUILD=1, the checkout's own build of the same version is reused.
native="$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
if [ "${PACK_CHECK_BUILD:-}" != 1 ] && [ -f "$native" ]; then scripts=--ignore-scripts; else scripts=; fi
npm install --no-audit --no-fund $scripts "$work/$tarball" 2>&1 | tee install.log
if grep -q EBADENGINE install.log; then echo "engine warnings on install"; exit 1; fi
if [ -n "$scripts" ]; then
  want="$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")"
  got="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
  if [ "$want" = "$got" ]; then
    mkdir -p node_modules/better-sqlite3/build/Release
    cp "$native" node_modules/better-sqlite3/build/Release/
    echo "reused the checkout's better-sqlite3 $got build"
  else
    npm rebuild better-sqlite3
  fi
fi

# Starts `npx invoicekit` in the background; sets pid and url.
start() {
  : >server.log
  npx invoicekit --port 0 --database-url ./data/kit.sqlite >server.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    url="$(grep -o 'InvoiceKit listening on http://[0-9.:]*' server.log | awk '{print $4}' || true)"
    [ -n "$url" ] && return 0
    sleep 0.2
  done
  cat server.log; echo "npx invoicekit did not start"; exit 1
}
# SIGTERM to npx's PID. npx runs the bin through `sh -c`, and npm passes the signal to that
# shell, which dies of it (npx then exits 143); the server, orphaned, stops as if signalled
# (src/main.ts). Either way it must say it stopped and let go of the port within seconds.
stop() {
  kill -TERM "$pid"
  local rc=0
  wait "$pid" || rc=$?
  pid=""
  if [ "$rc" != 0 ] && [ "$rc" != 143 ]; then cat server.log; echo "exit code $rc after SIGTERM"; exit 1; fi
  for _ in $(seq 1 50); do
    grep -q "InvoiceKit stopped" server.log && ! curl -s -o /dev/null "$url/healthz" && return 0
    sleep 0.2
  done
  cat server.log; echo "the server did not stop within 10 s of SIGTERM"; exit 1
}

start
echo "$(head -1 server.log)"
id="$(curl -sf "$url/v1/customers" -u sk_test_pack: -H 'Idempotency-Key: pack-1' -d name=Packed | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')"
stop
grep -q "POST /v1/customers" server.log || { cat server.log; echo "no request line in the log"; exit 1; }
start
curl -sf "$url/v1/customers/$id" -u sk_test_pack: | grep -q '"name":"Packed"' || { echo "the write before SIGTERM is lost"; exit 1; }
stop
echo "npx invoicekit: served, stopped cleanly on SIGTERM (the port let go), kept $id"

cat >in-process.mjs <<'JS'
import { startInvoiceKit } from 'invoicekit';
const kit = await startInvoiceKit({ port: 0, database: ':memory:' });
const res = await fetch(`${kit.url}/v1/customers`, { method: 'POST', headers: { authorization: 'Bearer sk_test_x' }, body: new URLSearchParams({ name: 'in process' }) });
const customer = await res.json();
if (customer.name !== 'in process') throw new Error(JSON.stringify(customer));
await kit.close();
console.log(`startInvoiceKit from the package: ${customer.id} on port ${kit.port}`);
JS
node in-process.mjs
