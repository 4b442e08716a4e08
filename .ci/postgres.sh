#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 (no systemd), or stops it.
#   .ci/postgres.sh start DIR PORT   → prints the DATABASE_URL of a database "switchboard"
#   .ci/postgres.sh stop DIR
set -euo pipefail
action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_postgres() { runuser -u postgres -- "$@"; }

case "$action" in
start)
    port=$3
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=500" start >/dev/null
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE switchboard LOGIN PASSWORD 'switchboard'" \
        -c "CREATE DATABASE switchboard OWNER switchboard" >/dev/null
    echo "postgres://switchboard:switchboard@127.0.0.1:$port/switchboard"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
esac
