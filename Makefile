# The two commands: `make demo` (the main job) and `make test` (everything CI runs).
# Both start from a bare Debian machine with Python >= 3.11, pip, Node.js/npm and git.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON ?= $(shell command -v python3)
export PLAYWRIGHT_CHROMIUM_EXECUTABLE ?= /usr/bin/chromium

UV := $(shell command -v uv 2>/dev/null || echo .bootstrap/bin/uv)
PY := .venv/bin/python
# PostgreSQL for the second test run: DATABASE_URL when it names one, else the local server
PG_URL := $(if $(filter postgres%,$(DATABASE_URL)),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/zhiyuan)
PYTEST_ARGS ?=
# both cores (pytest-xdist); PYTEST_WORKERS=0 runs the suite in one process
PYTEST_WORKERS ?= auto
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS))

.PHONY: help install demo serve test test-sqlite test-postgres lint typecheck chromium messages docs bench

help:
	@echo "make demo   - install what is missing, set up var/zhiyuan.sqlite3 with a small synthetic province, serve http://127.0.0.1:8000"
	@echo "make test   - install what is missing, run the suite on SQLite and PostgreSQL, then ruff and mypy"

.bootstrap/bin/uv:
	@echo "uv not found: bootstrapping it with pip into .bootstrap/"
	python3 -m venv .bootstrap
	.bootstrap/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# one compile for every language of src/zhiyuan/locale (English; zh_Hans for the libraries' strings)
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard src/zhiyuan/locale/*/LC_MESSAGES/django.po))

$(CATALOGUES) &: $(wildcard src/zhiyuan/locale/*/LC_MESSAGES/django.po) .venv/.synced
	.venv/bin/pybabel compile --statistics -d src/zhiyuan/locale -D django

messages: $(CATALOGUES)

install: .venv/.synced node_modules/.installed messages

# set-up, demo accounts and partner register, a small synthetic province (once), worker and web server
demo: install
	scripts/demo.sh

# Debian's Chromium for the browser tests (Playwright must not download a browser of its own)
chromium:
	@if [ ! -x "$(PLAYWRIGHT_CHROMIUM_EXECUTABLE)" ]; then \
	  echo "installing Chromium from Debian's packages"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test-sqlite: install chromium
	@echo "== test suite on SQLite =="
	@mkdir -p var
	env -u DATABASE_URL ZHIYUAN_ENV=test ZHIYUAN_TEST_SQLITE=$(CURDIR)/var/test.sqlite3 .venv/bin/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: install chromium
	@if reason=$$($(PY) scripts/pg_available.py "$(PG_URL)"); then \
	  echo "== test suite on PostgreSQL ($(PG_URL)) =="; \
	  DATABASE_URL="$(PG_URL)" ZHIYUAN_ENV=test ZHIYUAN_TEST_SCOPE=database .venv/bin/pytest $(XDIST) $(PYTEST_ARGS) && rm -f var/.postgres-skipped; \
	elif [ -n "$$CI" ] && [ "$$CI" != "false" ]; then \
	  echo "!! PostgreSQL does not answer at $(PG_URL) ($$reason): in CI (CI=$$CI) this fails the run"; \
	  exit 1; \
	else \
	  echo "!! PostgreSQL does not answer at $(PG_URL) ($$reason): the PostgreSQL run is SKIPPED"; \
	  mkdir -p var && echo "$$reason" > var/.postgres-skipped; \
	fi

lint: install
	.venv/bin/ruff check src tests benchmarks scripts
	.venv/bin/ruff format --check src tests benchmarks scripts

typecheck: install
	.venv/bin/mypy

test: test-sqlite test-postgres lint typecheck
	@if [ -f var/.postgres-skipped ]; then \
	  echo "make test: passed on SQLite, lint and types; the PostgreSQL run was SKIPPED ($$(cat var/.postgres-skipped))"; \
	else \
	  echo "make test: all passed"; \
	fi

docs: install
	.venv/bin/zhiyuan law list --markdown --reference files > docs/rules.md
	.venv/bin/zhiyuan accounts matrix --markdown > docs/security.md
	.venv/bin/zhiyuan indicators --markdown > docs/indicators.md

bench: install
	$(PY) benchmarks/law_batch.py
