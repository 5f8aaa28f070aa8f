#!/usr/bin/env bash
# Starts Smartby locally: migrate, reference data, demo content on the first start, the task
# worker in the background and the web server; Ctrl-C stops both. Called by `make run`, which
# first installs the environment, the front-end assets and the translations.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
python=${PYTHON:-.venv/bin/python}
port=${PORT:-8000}
var_dir=${SMARTBY_VAR_DIR:-var}
address="http://127.0.0.1:$port"
smartby() { "$python" -m smartby "$@"; }

echo "==> Database migrations"
smartby migrate --noinput
echo "==> Reference data"
smartby loadrefs

# The demo command is idempotent; the marker only saves its time on later starts.
demo_marker="$var_dir/.demo-loaded"
if [[ ! -e $demo_marker ]]; then
    if smartby help demo >/dev/null 2>&1; then
        echo "==> Demo content (first start)"
        smartby demo
        touch "$demo_marker"
    else
        echo "==> No \`smartby demo\` command yet: starting without demo content"
    fi
fi

worker_pid=""
server_pid=""
tick_pid=""
stop() {
    local status=$?
    trap - EXIT INT TERM
    for pid in $server_pid $worker_pid $tick_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $server_pid $worker_pid $tick_pid; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    echo "==> Smartby stopped"
    exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "$python" -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; then
    echo "Port $port is in use by another program: try  make run PORT=$((port + 1))" >&2
    exit 1
fi

# Started directly (not through the smartby function), so the pids are the programs' own.
echo "==> Task worker"
"$python" -m smartby worker &
worker_pid=$!

# Scheduled work (harvests, link checks): `smartby tick` queues what is due, every 10 minutes.
echo "==> Scheduler (smartby tick every 600 s)"
(
    sleep_pid=""
    trap 'kill "$sleep_pid" 2>/dev/null; exit 0' TERM INT
    while true; do
        "$python" -m smartby tick >/dev/null || echo "smartby tick failed; trying again later" >&2
        sleep 600 &
        sleep_pid=$!
        wait "$sleep_pid" || true
    done
) &
tick_pid=$!

echo "==> Web server"
"$python" -m smartby serve --port "$port" &
server_pid=$!

# Wait until the server answers, so the address below is printed when it is true.
for _ in $(seq 120); do
    kill -0 "$server_pid" 2>/dev/null || {
        echo "The web server did not start: see its messages above." >&2
        exit 1
    }
    "$python" - "$address/healthz" <<'EOF' && break
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except Exception:
    sys.exit(1)
EOF
    sleep 0.5
done

logins="$var_dir/demo-logins.txt"
echo
echo "  Smartby is running at $address  (English: $address/en/)"
if [[ -s $logins ]]; then
    sed 's/^/  /' "$logins"
else
    echo "  Demo logins: none yet (create a user with: .venv/bin/smartby createsuperuser)"
fi
echo "  Press Ctrl-C to stop the server and the task worker."
echo

# Whichever of the two ends first ends the session (the trap stops the other).
wait -n "$server_pid" "$worker_pid"
