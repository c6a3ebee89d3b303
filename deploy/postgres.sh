#!/usr/bin/env bash
# A PostgreSQL primary and, with --standby, a hot standby streaming from it (made with pg_basebackup -R), on
# loopback ports, from Debian's postgresql package, run as the postgres user. For tests, benchmarks and trying the
# service on PostgreSQL on one machine; not a production set-up (trust authentication on 127.0.0.1, fsync off
# unless --durable).
#
#   deploy/postgres.sh start [--dir D] [--port P] [--standby-port S] [--standby] [--durable]
#   deploy/postgres.sh stop  [--dir D]
#
# start prints the connection strings as shell assignments (TRADEAPI_PG_PRIMARY=..., TRADEAPI_PG_STANDBY=...).
set -euo pipefail

command=${1:-}; shift || true
dir=/tmp/tradeapi-postgres
port=55432
standby_port=55433
standby=false
durable=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --standby-port) standby_port=$2; shift 2 ;;
    --standby) standby=true; shift ;;
    --durable) durable=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    chown postgres "$dir"
    if [ ! -f "$dir/primary/PG_VERSION" ]; then
      # C collation: text sorts by code point, as SQLite sorts it, so both engines answer in the same order.
      as_postgres "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust --locale=C --encoding=UTF8 >/dev/null
      {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "wal_level = replica"
        echo "max_wal_senders = 4"
        echo "hot_standby = on"
        echo "max_connections = 200"
        $durable || echo "fsync = off"
        $durable || echo "synchronous_commit = off"
        $durable || echo "full_page_writes = off"
      } >> "$dir/primary/postgresql.conf"
      echo "host replication postgres 127.0.0.1/32 trust" >> "$dir/primary/pg_hba.conf"
    fi
    as_postgres "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
    echo "TRADEAPI_PG_PRIMARY='Host=127.0.0.1;Port=$port;Username=postgres'"
    if $standby; then
      if [ ! -f "$dir/standby/PG_VERSION" ]; then
        as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir/standby" -R -X stream >/dev/null
        {
          echo "port = $standby_port"
          echo "unix_socket_directories = '$dir'"
        } >> "$dir/standby/postgresql.conf"
      fi
      as_postgres "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w start >/dev/null
      echo "TRADEAPI_PG_STANDBY='Host=127.0.0.1;Port=$standby_port;Username=postgres'"
    fi
    ;;
  stop)
    for node in standby primary; do
      if [ -f "$dir/$node/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$dir/$node" -m fast -w stop >/dev/null || true; fi
    done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [--dir D] [--port P] [--standby-port S] [--standby] [--durable]" >&2
    exit 2
    ;;
esac
