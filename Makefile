# Unspoken: the two commands are `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint format install install-test migrate demo manage e2e-deps e2e bench bench-cpu bench-detectors audit install-audit clean collectstatic stack stack-up stack-down stack-test faults

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,e2e]'
	touch $@ $(STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

# Demo data once: the marker file lives beside the SQLite database in var/.
demo: migrate
	@if [ ! -f var/.demo-loaded ]; then \
		DEBUG=1 $(PY) manage.py seed_demo --stories 60 --replies 180 --seed 1 && touch var/.demo-loaded; \
	fi

# Any management command on the development database, with the development defaults `make run`
# uses (DEBUG on, SQLite in var/): make manage ARGS="grant_moderator alice".
manage: migrate
	DEBUG=1 $(PY) manage.py $(ARGS)

run: demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Runs the browser tests too when Chromium and axe-core are installed (make e2e-deps), and says
# so when they are skipped. PYTEST_ARGS='-m "not e2e"' leaves them out.
test: $(TEST_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian's Chromium (Playwright drives it; it never downloads a browser of its own), a Java
# runtime, and the pinned axe-core and Nu HTML Checker (vnu-jar) from tests/e2e/package-lock.json.
# Only what is missing is installed: a machine whose Node.js came with its own npm must not get
# Debian's npm, which conflicts with it.
# `make e2e` fails, not skips, without them.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
e2e-deps: $(TEST_STAMP)
	@pkgs=""; \
	[ -x /usr/bin/chromium ] || pkgs="$$pkgs chromium"; \
	command -v npm >/dev/null || pkgs="$$pkgs npm"; \
	command -v java >/dev/null || pkgs="$$pkgs default-jre-headless"; \
	if [ -n "$$pkgs" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$pkgs >/dev/null; \
	fi
	cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error

e2e: $(TEST_STAMP)
	E2E_REQUIRED=1 $(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

AUDIT_STAMP := $(VENV)/.installed-audit

$(AUDIT_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[audit]'
	touch $@ $(STAMP)

# pip-audit against PyPI's vulnerability data: fails on known vulnerabilities that have a fix
# (exit 1); exit 75 means the service did not answer.
audit: $(AUDIT_STAMP)
	$(PY) .ci/audit.py

install-audit: $(AUDIT_STAMP)

# The published benchmark (README, Performance): a fresh 20k-story database, gunicorn, wrk.
# BENCH_SECONDS=3 for a quick look; DATABASE_URL=postgres://... for PostgreSQL.
bench: $(STAMP)
	$(PY) bench/run.py

# CPU per request in one process on the database `make bench` seeded; PAGE='story, 50 replies,
# signed in' prints that page's profile instead (bench/cpu.py --help for the rest).
bench-cpu: $(STAMP)
	$(PY) bench/cpu.py $(if $(PAGE),--only "$(PAGE)" --profile 40)
# Detector figures on the evaluation sets and their time on a 20,000-character story.
bench-detectors: $(STAMP)
	$(PY) bench/detectors.py
# The production stack on loopback (README, Deploy): PostgreSQL, Redis, two gunicorn instances
# and nginx with TLS, installed with apt-get when missing. `make stack` runs until Ctrl-C;
# `make stack-up` leaves it running for `make stack-test` until `make stack-down`.
stack: $(STAMP)
	$(PY) deploy/stack.py run

stack-up: $(STAMP)
	$(PY) deploy/stack.py up

stack-down: $(STAMP)
	$(PY) deploy/stack.py down

# The multi-instance tests: against the running stack, else one they start and stop.
stack-test: $(TEST_STAMP)
	$(BIN)/pytest -m stack tests/stack $(PYTEST_ARGS)

# Faults survived (README, Deploy, Faults): writers against a fresh stack while a worker is
# killed, an instance restarted, Redis stopped and PostgreSQL restarted. Writes
# bench/results/faults-latest.json; fails only when an invariant breaks.
faults: $(STAMP)
	$(PY) bench/faults.py

collectstatic: $(STAMP)
	$(PY) manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) var/static artifacts .pytest_cache tests/e2e/node_modules
