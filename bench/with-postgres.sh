#!/usr/bin/env bash
# `make bench` on a throwaway PostgreSQL cluster on loopback (started and stopped here, as
# .ci/run does): bash bench/with-postgres.sh [BENCH_SECONDS=…]
set -euo pipefail
cd "$(dirname "$0")/.."
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# Below the ephemeral range (32768-60999 on Linux): wrk's sockets in TIME_WAIT on 54330 once kept
# PostgreSQL from binding it.
PG_PORT=${PG_PORT:-15433}
PG_DIR=$(mktemp -d /tmp/unspoken-bench-pg.XXXXXX)
chown postgres:postgres "$PG_DIR"
as_pg() { runuser -u postgres -- "$@"; }
stop_pg() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_pg EXIT
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/log" \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/unspoken_bench" make bench
