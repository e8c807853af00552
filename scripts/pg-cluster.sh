#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a free local port,
# owned by an unprivileged user, in a directory of its own.
#
#   scripts/pg-cluster.sh install          installs Debian's postgresql if initdb/pg_ctl are missing
#   scripts/pg-cluster.sh start DIR [FSYNC] starts a cluster in DIR (fsync on|off, default on),
#                                          creates database "invoicekit", prints its postgres:// URL
#   scripts/pg-cluster.sh stop DIR         stops it (DIR can then be removed)
#   scripts/pg-cluster.sh restart DIR [S]  stops it the way `pg_ctl restart -m fast` does (clients are cut off),
#                                          keeps it down S seconds (default 0), starts it again on the same port
#   scripts/pg-cluster.sh bin              prints the directory of the PostgreSQL binaries
set -euo pipefail

pg_bin() {
  local found
  if found="$(command -v initdb 2>/dev/null)" && [ -x "$(dirname "$found")/pg_ctl" ]; then
    dirname "$(readlink -f "$found")"
    return
  fi
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then
    echo "$found"
    return
  fi
  return 1
}

install_pg() {
  if pg_bin >/dev/null; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed and this user cannot install it (run as root, or apt-get install postgresql)" >&2
    exit 1
  fi
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # No default cluster: ours are throwaway ones on their own ports, and nothing should be left running.
  apt-get install -y -qq --no-install-recommends postgresql-common >&2
  if [ -f /etc/postgresql-common/createcluster.conf ]; then
    sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  fi
  apt-get install -y -qq --no-install-recommends postgresql >&2
  pg_bin >/dev/null || { echo "PostgreSQL was installed but initdb was not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
}

# Root runs the server as an unprivileged user (PostgreSQL refuses to run as root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

pick_user() {
  if [ "$(id -u)" != 0 ]; then PG_USER="$(id -un)"; return; fi
  if id postgres >/dev/null 2>&1; then PG_USER=postgres; return; fi
  if ! id invoicekit-pg >/dev/null 2>&1; then useradd --system --no-create-home --shell /usr/sbin/nologin invoicekit-pg; fi
  PG_USER=invoicekit-pg
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start_pg() {
  local dir="$1" fsync="${2:-on}" bin port
  bin="$(pg_bin)" || { echo "PostgreSQL not found: run '$0 install' first" >&2; exit 1; }
  pick_user
  mkdir -p "$dir"
  chown "$PG_USER" "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port="$(free_port)"
  local opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$fsync"
  # Without fsync nothing survives an OS crash anyway: skip the other disk waits too.
  if [ "$fsync" = off ]; then opts="$opts -c synchronous_commit=off -c full_page_writes=off"; fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "$opts" >"$dir/opts"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres invoicekit
  echo "postgres://postgres@127.0.0.1:$port/invoicekit"
}

stop_pg() {
  local dir="$1" bin
  [ -d "$dir/data" ] || return 0
  bin="$(pg_bin)"
  pick_user
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

restart_pg() {
  local dir="$1" down="${2:-0}" bin
  bin="$(pg_bin)"
  pick_user
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  sleep "$down"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/opts")" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
}

case "${1:-}" in
  install) install_pg ;;
  bin) pg_bin ;;
  start) start_pg "${2:?start DIR [on|off]}" "${3:-on}" ;;
  stop) stop_pg "${2:?stop DIR}" ;;
  restart) restart_pg "${2:?restart DIR [SECONDS]}" "${3:-0}" ;;
  *)
    echo "usage: $0 install | start DIR [on|off] | stop DIR | restart DIR [SECONDS] | bin" >&2
    exit 2
    ;;
esac
