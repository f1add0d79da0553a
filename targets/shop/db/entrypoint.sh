#!/bin/bash
# PostgreSQL 15 for the shop: initialise the volume and seed it once, then run the server.
# Seeding runs with TCP closed (listen_addresses=''), so the healthcheck (pg_isready over TCP)
# only passes once the data is really there; a marker file makes the seed happen exactly once.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA
MARKER="$PGDATA/gameday-seeded"

as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 0700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "shop-db: initialising a new cluster in $PGDATA"
    as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
log_min_duration_statement = 2000
log_lock_waits = on
log_line_prefix = '%m [%p] %u@%d '
CONF
fi

if [ ! -e "$MARKER" ]; then
    echo "shop-db: seeding database 'shop'"
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w -t 120 start >/dev/null
    as_postgres "$PGBIN/psql" -v ON_ERROR_STOP=1 -q -U postgres -d postgres <<SQL
DROP DATABASE IF EXISTS shop;
DROP ROLE IF EXISTS shop;
CREATE ROLE shop LOGIN PASSWORD '${SHOP_DB_PASSWORD:-shop}';
CREATE DATABASE shop OWNER shop;
SQL
    start=$(date +%s)
    as_postgres "$PGBIN/psql" -v ON_ERROR_STOP=1 -q --single-transaction -U shop -d shop \
        -f /opt/shop-db/schema.sql -f /opt/shop-db/seed.sql
    echo "shop-db: seeded in $(( $(date +%s) - start )) s"
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
    as_postgres touch "$MARKER"
fi

# What PostgreSQL logs is what a DBA reads first (`docker logs`): lock waits with the holder's
# pid, statements over 2 s, cancelled statements; each line names the session's application
# (shop-api, a migration) so the holder of a lock is plain. Set here so every volume gets it.
exec setpriv --reuid=postgres --regid=postgres --init-groups "$PGBIN/postgres" -D "$PGDATA" \
    -c log_line_prefix='%m [%p] %a %u@%d ' -c log_lock_waits=on \
    -c log_min_duration_statement=2000
