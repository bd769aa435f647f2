#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a fresh `mktemp -d` directory (owned by the `postgres`
# user when run as root, because initdb and postgres refuse to run as root),
# listening on 127.0.0.1 on a free port with trust authentication and its
# socket inside that directory; creates the database `naervaer`; exports
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/naervaer
# runs CMD, then always stops the cluster and removes the directory.
# The `postgres` role is a superuser, so pytest-django can create `test_naervaer`.
# Exits with CMD's exit status.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

pg_bin=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)
if [[ -z $pg_bin || ! -x $pg_bin/initdb ]]; then
    echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" \
        "(run scripts/ensure-system-packages.sh)" >&2
    exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

tmp=$(mktemp -d /tmp/naervaer-pg.XXXXXX)
data=$tmp/data
started=0

cleanup() {
    local rc=$?
    if ((started)); then
        as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$tmp"
fi
chmod 700 "$tmp"

as_pg "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A free port can be taken between choosing and binding it: retry a few times.
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        started=1
        break
    fi
    echo "postgres did not start on port $port (attempt $attempt)" >&2
    tail -n 5 "$tmp/server.log" >&2 || true
done
if ((!started)); then
    echo "error: could not start PostgreSQL" >&2
    exit 1
fi

as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres naervaer
version=$(as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d naervaer -Atc 'SHOW server_version')
echo "with-postgres: PostgreSQL $version on 127.0.0.1:$port (data in $data)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/naervaer"
set +e
"$@"
status=$?
set -e
exit "$status"
