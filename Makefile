# Two commands for a fresh machine with only python3 and make: `make run` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Prefect keeps its state inside the repo (git-ignored) and sends no telemetry. `make run` uses
# ephemeral mode with its own home; the local server (make server / make serve) has another.
PREFECT_QUIET := PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
PREFECT_ENV := PREFECT_HOME=$(CURDIR)/.prefect/ephemeral $(PREFECT_QUIET)
PREFECT_PORT ?= 4200
PREFECT_API := http://127.0.0.1:$(PREFECT_PORT)/api
SERVER_ENV := PREFECT_HOME=$(CURDIR)/.prefect/server PREFECT_API_URL=$(PREFECT_API) PREFECT_UI_API_URL=$(PREFECT_API) $(PREFECT_QUIET)

.PHONY: install run test lint server serve bench-quality bench-plaintext bench-throughput clean

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

run: $(INSTALLED)
	@mkdir -p .prefect/ephemeral  # Prefect creates its home, but not the folders above it
	$(PREFECT_ENV) $(PYTHON) -m flows.process_articles --raw raw --out processed

# A local Prefect server: SQLite, loopback only (never 0.0.0.0), UI at http://127.0.0.1:$(PREFECT_PORT).
server: $(INSTALLED)
	@mkdir -p .prefect/server
	$(SERVER_ENV) $(VENV)/bin/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT)

# Register the on-demand and nightly deployments with that server and run their flows (Ctrl-C to stop).
serve: $(INSTALLED)
	@mkdir -p .prefect/server
	$(SERVER_ENV) PREFECT_RUNNER_POLL_FREQUENCY=2 $(PYTHON) -m flows.deployments

LINT_PATHS := src flows tests $(wildcard bench)

lint: $(INSTALLED)
	$(PYTHON) -m ruff check $(LINT_PATHS)
	$(PYTHON) -m ruff format --check $(LINT_PATHS)

test: $(INSTALLED) lint
	@mkdir -p .prefect/ephemeral
	$(PREFECT_ENV) $(PYTHON) -m pytest

# Benchmarks read ../shared/corpus (they say so and stop when it is absent); slow, so not part of `make test`.
bench-quality: $(INSTALLED)
	$(PYTHON) bench/quality.py

bench-plaintext: $(INSTALLED)
	$(PYTHON) bench/plaintext.py

bench-throughput: $(INSTALLED)
	$(PYTHON) bench/throughput.py

clean:
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
	find processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
