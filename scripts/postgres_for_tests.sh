# Sourced by test.sh: a throwaway PostgreSQL server, so the decision-store tests run against a
# real one as well as SQLite. Installs Debian's postgresql when missing (as root), starts a
# cluster in a temporary folder on a free port, exports SCREENING_TEST_POSTGRES_URL, and stops
# and removes it when the tests end.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "Installér Debians postgresql (sudo apt-get install postgresql) for at køre testene mod PostgreSQL." >&2
    fi
fi
PG_BIN="$(pg_bin)"
if [ -n "$PG_BIN" ]; then
    PG_DIR="$(mktemp -d /tmp/screening-pg.XXXXXX)"
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # PostgreSQL refuses to run as root: as root, the server runs as Debian's postgres user.
    if [ "$(id -u)" = "0" ]; then
        chown postgres "$PG_DIR"
        as_pg() { runuser -u postgres -- "$@"; }
    else
        as_pg() { "$@"; }
    fi
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
    export SCREENING_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:${PG_PORT}/postgres"
    stop_postgres() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PG_DIR"; }
    trap stop_postgres EXIT
fi
