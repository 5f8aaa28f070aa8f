# Smartby: `make run` starts it, `make test` runs the whole suite. Both install what is
# missing first (Debian packages as root, .venv, front-end assets, translations), so they
# work on a fresh machine. docs/development.md explains each step.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PYTHON := $(VENV)/bin/python
UV_VERSION := 0.13.8
VENDOR := smartby/static/vendor
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

# CHECK:PACKAGES pairs for scripts/ensure-debian-packages.sh (installed only when missing).
RUN_PACKAGES := msgfmt:gettext npm:nodejs,npm
TEST_PACKAGES := $(RUN_PACKAGES) /usr/lib/postgresql/*/bin/initdb:postgresql \
	/usr/bin/chromium:chromium,fonts-liberation
BENCH_PACKAGES := $(RUN_PACKAGES) /usr/lib/postgresql/*/bin/initdb:postgresql wrk:wrk \
	/usr/sbin/nginx:nginx

# make bench BENCH_SCALES=0.1 BENCH_DURATION=5 for a quick run (bench/README.md).
BENCH_SCALES ?= 1 100
BENCH_DURATION ?= 15
BENCH_DATABASES ?= sqlite postgresql

.PHONY: help run test test-lint test-sqlite test-postgres test-browser setup setup-test \
	system-packages venv assets compilemessages messages lint fmt bench bench-prepare clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

run: setup ## Start the web server and the task worker (PORT=8000), with demo content
	@scripts/run.sh

test: setup-test ## The whole suite: lint, SQLite, PostgreSQL, browser (PYTEST_ARGS=...)
	@scripts/test.sh $(PYTEST_ARGS)

test-lint: setup ## Only ruff, mypy and makemigrations --check
	@STAGES=lint scripts/test.sh $(PYTEST_ARGS)

test-sqlite: setup ## Only pytest on SQLite
	@STAGES=sqlite scripts/test.sh $(PYTEST_ARGS)

test-postgres: setup ## Only pytest on a throw-away PostgreSQL server
	@STAGES=postgres scripts/test.sh $(PYTEST_ARGS)

test-browser: setup ## Only the browser tests in Chromium
	@STAGES=browser scripts/test.sh $(PYTEST_ARGS)

setup: venv assets compilemessages ## Install what `make run` needs: Debian packages, .venv, assets, translations

setup-test: PACKAGES = $(TEST_PACKAGES)
setup-test: setup ## Install what `make test` needs (also PostgreSQL and Chromium)

# Target-specific PACKAGES (above) reach this prerequisite too: run needs less than test.
PACKAGES = $(RUN_PACKAGES)
system-packages:
	@echo "==> Setup: Debian packages, .venv, front-end assets, translations"
	@scripts/ensure-debian-packages.sh $(foreach p,$(PACKAGES),'$(p)')

venv: $(VENV)/.synced ## Create .venv and install the locked dependencies

$(VENV)/.synced: pyproject.toml uv.lock | system-packages
	@echo "==> Python environment in $(VENV) (uv sync --frozen)"
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q '^uv $(UV_VERSION)\b' || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@$(VENV)/bin/uv sync --frozen --quiet
	@touch $@

assets: $(VENDOR)/.built ## Install the npm packages (npm ci) and copy them into static/vendor

node_modules/.package-lock.json: package.json package-lock.json | system-packages
	@echo "==> Front-end packages (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.built: node_modules/.package-lock.json scripts/build-assets.mjs
	@npm run --silent build
	@touch $@

compilemessages: venv | system-packages ## Compile the translations (.po -> .mo)
	@$(PYTHON) -m smartby compilemessages --ignore=.venv --ignore=node_modules --verbosity=0

messages: venv ## Update the bokmål catalogue from the source (makemessages -l nb)
	@$(PYTHON) -m smartby makemessages -l nb --no-wrap --ignore=.venv --ignore=node_modules \
		--ignore=var --ignore=tests --ignore=bench --ignore=scripts --ignore=docs

lint: venv ## ruff check, ruff format --check, mypy
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy smartby

fmt: venv ## Format and auto-fix with ruff
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

bench: PACKAGES = $(BENCH_PACKAGES)
bench: setup ## The load benchmark, written to bench/REPORT.md (BENCH_SCALES, BENCH_DURATION)
	@$(VENV)/bin/uv sync --frozen --quiet --group bench
	@BENCH_SCALES='$(BENCH_SCALES)' BENCH_DURATION='$(BENCH_DURATION)' \
		BENCH_DATABASES='$(BENCH_DATABASES)' $(PYTHON) bench/run.py

bench-prepare: PACKAGES = $(BENCH_PACKAGES)
bench-prepare: setup ## Load the benchmark's data into var/bench/ once, untimed (BENCH_SCALES)
	@$(VENV)/bin/uv sync --frozen --quiet --group bench
	@BENCH_SCALES='$(BENCH_SCALES)' BENCH_DATABASES='$(BENCH_DATABASES)' \
		$(PYTHON) bench/run.py prepare

clean: ## Remove generated files (keeps .venv and var/, which holds the database)
	rm -rf node_modules $(VENDOR) .ruff_cache .mypy_cache .pytest_cache .hypothesis test-results
	find smartby tests -name __pycache__ -type d -prune -exec rm -rf {} +
	find smartby -name '*.mo' -delete
