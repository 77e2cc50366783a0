#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster on 127.0.0.1 for the PostgreSQL integration tests.
#   eval "$(bash scripts/test-postgres.sh start)"   # exports TEST_DATABASE_URL
#   bash scripts/test-postgres.sh stop
set -euo pipefail
PGPORT="${TEST_PG_PORT:-55432}"
PGROOT="${TEST_PG_DIR:-/tmp/blast-test-pg}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "echo 'PostgreSQL is not installed (apt-get install postgresql)' >&2"; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id blastpg >/dev/null 2>&1 || useradd --system --no-create-home blastpg
    chown -R blastpg "$PGROOT"
    su blastpg -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
      rm -rf "$PGROOT"; mkdir -p "$PGROOT"
      as_owner "$bin/initdb -D $PGROOT/data -U blast --auth=trust >/dev/null"
    fi
    mkdir -p "$PGROOT"
    if ! as_owner "$bin/pg_ctl -D $PGROOT/data status" >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o '-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
    fi
    as_owner "$bin/psql -h 127.0.0.1 -p $PGPORT -U blast -d postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='blast_test'\" | grep -q 1 || $bin/createdb -h 127.0.0.1 -p $PGPORT -U blast blast_test"
    echo "export TEST_DATABASE_URL=postgresql://blast@127.0.0.1:$PGPORT/blast_test"
    ;;
  stop)
    as_owner "$bin/pg_ctl -D $PGROOT/data -m fast stop" >/dev/null 2>&1 || true
    ;;
esac
