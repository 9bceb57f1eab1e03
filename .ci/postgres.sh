#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the store's tests, and print the URL to use.
# Usage: eval "$(bash .ci/postgres.sh)"   (sets SVTOOL_TEST_POSTGRES_URL and SVTOOL_TEST_POSTGRES_DATA)
set -euo pipefail
PORT="${SVTOOL_PG_PORT:-54329}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA=$(mktemp -d /tmp/svtool-pg.XXXXXX)
AS_POSTGRES=(runuser -u postgres --)
if [ "$(id -u)" -ne 0 ]; then AS_POSTGRES=(sudo -u postgres); fi
chown postgres "$DATA"
"${AS_POSTGRES[@]}" "$PGBIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
"${AS_POSTGRES[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "export SVTOOL_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
echo "export SVTOOL_TEST_POSTGRES_DATA=$DATA"
