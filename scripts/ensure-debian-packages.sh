#!/usr/bin/env bash
# Installs Debian packages that are missing, so `make run` and `make test` work on a fresh
# machine.
#
#   scripts/ensure-debian-packages.sh CHECK:PACKAGE[,PACKAGE...] ...
#
# CHECK is a command name (looked up on PATH) or an absolute path, which may be a glob
# (/usr/lib/postgresql/*/bin/initdb). When a CHECK finds nothing, its packages are installed
# with apt-get (one `apt-get update`, one install for everything missing) if we run as root;
# otherwise the script prints the command to run and fails.
set -euo pipefail

missing=()
for spec in "$@"; do
    check=${spec%%:*}
    packages=${spec#*:}
    if [[ $check == /* ]]; then
        compgen -G "$check" >/dev/null && continue
    else
        command -v "$check" >/dev/null 2>&1 && continue
    fi
    IFS=, read -r -a list <<<"$packages"
    missing+=("${list[@]}")
done

((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "==> Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
