#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite.
#
#   scripts/pg-test-server.sh [--] COMMAND [ARGS...]   run COMMAND against the server
#   scripts/pg-test-server.sh                          start it and wait for Ctrl-C
#
# Installs Debian's postgresql when no initdb is found, creates a cluster in a fresh temporary
# directory (socket there too), listens on 127.0.0.1 only, on a free port, with trust
# authentication and fsync off (the data is thrown away), and exports
#   SMARTBY_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/smartby
# The user is the superuser, so pytest-django can create and drop test_smartby itself.
# The server is stopped and its directory removed on exit, whatever happened.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ ${1:-} == -- ]] && shift

"$here/ensure-debian-packages.sh" "/usr/lib/postgresql/*/bin/initdb:postgresql"
bindir=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 ||
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    as_owner=(runuser -u postgres --)
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
workdir=$(mktemp -d "${TMPDIR:-/tmp}/smartby-pg.XXXXXX")
[[ ${#as_owner[@]} -gt 0 ]] && chown postgres: "$workdir"

stop_server() {
    local status=$?
    [[ -n ${sleeper:-} ]] && kill "$sleeper" 2>/dev/null
    if [[ -f $workdir/data/postmaster.pid ]]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m fast -w stop >/dev/null 2>&1 ||
            echo "pg-test-server: pg_ctl stop failed; log: $(tail -n 5 "$workdir/server.log" 2>/dev/null)" >&2
    fi
    rm -rf "$workdir"
    echo "==> PostgreSQL test server stopped" >&2
    exit "$status"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_owner[@]}" "$bindir/initdb" --pgdata="$workdir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$workdir/initdb.log" 2>&1 || {
    cat "$workdir/initdb.log" >&2
    exit 1
}
server_options="-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off"
server_options+=" -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
"${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -o "$server_options" \
    -w -t 60 start >/dev/null || {
    cat "$workdir/server.log" >&2
    exit 1
}
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres smartby

export SMARTBY_DATABASE_URL="postgres://postgres@127.0.0.1:$port/smartby"
echo "==> PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') test server at $SMARTBY_DATABASE_URL" >&2

if [[ $# -eq 0 ]]; then
    echo "Press Ctrl-C to stop it." >&2
    # sleep in the background so the INT/TERM traps run at once
    while true; do
        sleep 3600 &
        sleeper=$!
        wait "$sleeper"
    done
fi
"$@"
