#!/usr/bin/env bash
# The whole test suite, stage by stage, as `make test` and CI run it (after `make setup`):
#   1. lint        ruff check and format --check; mypy; makemigrations --check
#   2. sqlite      pytest -m "not browser" on SQLite
#   3. postgres    makemigrations --check and the same pytest run on a throw-away PostgreSQL
#   4. browser     pytest -m browser in Debian's Chromium, the server on SQLite, then on
#                  a throw-away PostgreSQL
# Every stage runs even when an earlier one failed, so one run shows all problems; the exit
# status is non-zero when any stage failed. Extra arguments go to every pytest run
# (`make test PYTEST_ARGS="-x -k login"`). STAGES="sqlite browser" runs only those stages.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
python=${PYTHON:-.venv/bin/python}
stages=${STAGES:-lint sqlite postgres browser}
pytest_args=("$@")

declare -A results=() seconds=()
order=()

run_stage() {
    local name=$1 title=$2
    shift 2
    [[ " $stages " == *" $name "* ]] || return 0
    order+=("$name")
    echo
    echo "================================================================================"
    echo "==> Stage ${#order[@]}: $name — $title"
    echo "================================================================================"
    local start=$SECONDS
    if "$@"; then results[$name]=passed; else results[$name]=FAILED; fi
    seconds[$name]=$((SECONDS - start))
    echo "==> Stage $name ${results[$name]} in ${seconds[$name]} s"
}

lint() {
    local status=0
    echo "--> ruff check"
    "$python" -m ruff check . || status=1
    echo "--> ruff format --check"
    "$python" -m ruff format --check . || status=1
    echo "--> mypy"
    "$python" -m mypy smartby || status=1
    echo "--> makemigrations --check (SQLite)"
    "$python" -m smartby makemigrations --check --dry-run || status=1
    return $status
}

sqlite() {
    # The whole suite also checks that every route has its queries counted by some test
    # (tests/query_coverage.py); a run of a part of it cannot tell.
    local coverage=0
    [[ ${#pytest_args[@]} -eq 0 ]] && coverage=1
    env -u SMARTBY_DATABASE_URL SMARTBY_QUERY_COVERAGE=$coverage \
        "$python" -m pytest -m "not browser" "${pytest_args[@]}"
}

postgres() {
    # shellcheck disable=SC2016 # expanded by the inner shell, under the server's URL
    scripts/pg-test-server.sh bash -c '
        status=0
        echo "--> makemigrations --check (PostgreSQL)"
        "$0" -m smartby makemigrations --check --dry-run || status=1
        echo "--> pytest on PostgreSQL"
        "$0" -m pytest -m "not browser" "$@" || status=1
        exit $status
    ' "$python" "${pytest_args[@]}"
}

browser() {
    scripts/ensure-debian-packages.sh /usr/bin/chromium:chromium,fonts-liberation || return 1
    local status=0
    echo "--> browser tests, server on SQLite"
    env -u SMARTBY_DATABASE_URL -u SMARTBY_BROWSER_DATABASE_URL \
        "$python" -m pytest -m browser "${pytest_args[@]}" || status=1
    echo "--> browser tests, server on PostgreSQL"
    # shellcheck disable=SC2016 # expanded by the inner shell, under the server's URL
    scripts/pg-test-server.sh bash -c '
        SMARTBY_BROWSER_DATABASE_URL=$SMARTBY_DATABASE_URL \
            exec env -u SMARTBY_DATABASE_URL "$0" -m pytest -m browser "$@"
    ' "$python" "${pytest_args[@]}" || status=1
    return $status
}

total_start=$SECONDS
run_stage lint "ruff, mypy and migrations check" lint
run_stage sqlite "pytest on SQLite (not browser)" sqlite
run_stage postgres "pytest on PostgreSQL (not browser)" postgres
run_stage browser "browser tests in Chromium" browser

echo
echo "==> Summary"
passed=0 failed=0
for name in "${order[@]}"; do
    printf '    %-10s %-7s %5d s\n' "$name" "${results[$name]}" "${seconds[$name]}"
    if [[ ${results[$name]} == passed ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
printf '    %-10s %-7s %5d s\n' total "" $((SECONDS - total_start))
echo "stages: $passed passed, $failed failed"
((failed == 0))
