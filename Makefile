# clusterdesk — two commands on a fresh machine:
#   make run    install, migrate, load demo data, serve http://127.0.0.1:$(PORT) on SQLite
#   make test   install the test extras and run the whole suite
# The first Python 3.11+ that actually runs (pyenv shims may exist for versions not selected).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run serve test lint format messages compilemessages demo clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "clusterdesk needs Python 3.11 or newer (none found on PATH)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "clusterdesk needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	DEBUG=true $(BIN)/clusterdesk migrate --noinput
	DEBUG=true $(BIN)/clusterdesk demo
	@echo "clusterdesk: http://127.0.0.1:$(PORT)/  (stop with Ctrl-C)"
	@# The background worker (large imports) runs beside the server and stops with it.
	@DEBUG=true $(BIN)/clusterdesk worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/clusterdesk runserver 127.0.0.1:$(PORT)

serve: $(VENV)/.installed
	$(BIN)/clusterdesk migrate --noinput
	$(BIN)/clusterdesk serve --port $(PORT)

test: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 || test -x "$${CLUSTERDESK_CHROMIUM:-/usr/bin/chromium}" || \
		echo "NOTE: Chromium not found: the browser tests will be skipped. Install it with 'sudo apt-get install chromium' (never a browser download)."
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy clusterdesk
	$(BIN)/clusterdesk makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: `make messages` collects new strings into locale/*/django.po,
# `make compilemessages` builds the .mo files (committed, so no gettext is needed to run).
messages: $(VENV)/.installed
	cd clusterdesk && ../$(BIN)/clusterdesk makemessages --locale fr --locale de --no-obsolete --ignore 'static/*'

compilemessages: $(VENV)/.installed
	cd clusterdesk && ../$(BIN)/clusterdesk compilemessages

clean:
	rm -rf $(VENV) var/static build *.egg-info
