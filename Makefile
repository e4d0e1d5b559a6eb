# Two commands for a fresh machine with only python3 and make: `make run` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Prefect keeps its state inside the repo (git-ignored) and sends no telemetry. `make run` uses
# ephemeral mode with its own home; the local server (make server / make serve) has another.
PREFECT_QUIET := PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
# The first start builds the ephemeral server's database: on a busy 2-core machine that can pass Prefect's 20 s.
PREFECT_ENV := PREFECT_HOME=$(CURDIR)/.prefect/ephemeral PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120 $(PREFECT_QUIET)
PREFECT_PORT ?= 4200
# The Prefect server `make serve` registers with: an exported PREFECT_API_URL (the Prefect habit), when set and not
# empty, else the local one `make server` starts on PREFECT_PORT. Giving both, with different ports, is refused.
PREFECT_API := $(or $(PREFECT_API_URL),http://127.0.0.1:$(PREFECT_PORT)/api)
# http://127.0.0.1:4200/api -> http 127.0.0.1 4200 api
API_WORDS := $(subst :, ,$(subst /, ,$(PREFECT_API)))
API_PORT := $(word 3,$(API_WORDS))
no_digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst \
	8,,$(subst 9,,$(1)))))))))))
# Not empty if PREFECT_API is http://127.0.0.1:PORT/api or http://localhost:PORT/api: a server `make server` can start.
API_IS_LOCAL := $(and $(filter http,$(word 1,$(API_WORDS))),$(filter 127.0.0.1 localhost,$(word 2,$(API_WORDS))),\
	$(API_PORT),$(if $(call no_digits,$(API_PORT)),,yes),$(filter api,$(word 4,$(API_WORDS))),\
	$(if $(word 5,$(API_WORDS)),,yes))
PORT_CONFLICT := $(and $(PREFECT_API_URL),$(filter command line environment,$(origin PREFECT_PORT)),\
	$(if $(and $(API_IS_LOCAL),$(filter $(PREFECT_PORT),$(API_PORT))),,conflict))
check_port = $(if $(PORT_CONFLICT),$(error PREFECT_PORT=$(PREFECT_PORT) and PREFECT_API_URL=$(PREFECT_API_URL) name \
	different servers: give one of them))
SERVER_ENV := PREFECT_HOME=$(CURDIR)/.prefect/server PREFECT_API_URL=$(PREFECT_API) PREFECT_UI_API_URL=$(PREFECT_API) $(PREFECT_QUIET)

.PHONY: install run test lint server serve bench-quality bench-plaintext bench-plaintext-fixtures bench-throughput train-metadata train-plaintext clean

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

run: $(INSTALLED)
	@mkdir -p .prefect/ephemeral  # Prefect creates its home, but not the folders above it
	$(PREFECT_ENV) $(PYTHON) -m flows.process_articles --raw raw --out processed

# A local Prefect server: SQLite, loopback only (never 0.0.0.0), UI at http://127.0.0.1:$(PREFECT_PORT), or at the
# port of an exported PREFECT_API_URL=http://127.0.0.1:PORT/api. Any other PREFECT_API_URL names a server this
# target cannot start: it refuses rather than start one nobody will talk to.
server: $(INSTALLED)
	$(check_port)$(if $(API_IS_LOCAL),,$(error make server starts a server on this machine only \
	(http://127.0.0.1:PORT/api), not one at $(PREFECT_API). Use that server as it is (make serve registers with it), \
	or unset PREFECT_API_URL to start a local one))
	@mkdir -p .prefect/server
	@echo "Prefect server for $(PREFECT_API) (UI at $(PREFECT_API:/api=)); clients: PREFECT_API_URL=$(PREFECT_API)"
	$(SERVER_ENV) $(VENV)/bin/prefect server start --host 127.0.0.1 --port $(API_PORT)

# Register the on-demand and nightly deployments with that server and run their flows (Ctrl-C to stop).
serve: $(INSTALLED)
	$(check_port)
	@mkdir -p .prefect/server
	@echo "registering the deployments with the Prefect server at $(PREFECT_API)"
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

# The plain-text benchmark runs on the frozen real-tool fixtures in bench/fixtures/plaintext-tools (no corpus needed);
# bench-plaintext-fixtures rewrites them from ../shared/corpus (needs lynx, w3m, pandoc and chromium: Debian packages).
bench-plaintext: $(INSTALLED)
	@mkdir -p bench/results
	$(PYTHON) bench/plaintext.py --json bench/results/plaintext-misses.json
	$(PYTHON) bench/train_plaintext.py  # the title scorer held out: leave one tool, and one data set, out

bench-plaintext-fixtures: $(INSTALLED)
	$(PYTHON) bench/make_plaintext_tools.py

bench-throughput: $(INSTALLED)
	$(PYTHON) bench/throughput.py

# Refit the metadata scorer on ../shared/corpus and rewrite src/docpipe/data/metadata_model.json (byte for byte the
# same from the same corpus and pinned libraries); prints its accuracy cross-validated by site beside the rules'.
train-metadata: $(INSTALLED)
	$(PYTHON) bench/train_metadata.py --write

# The plain-text title scorer, from the frozen tool fixtures (no corpus needed); prints its leave-one-tool-out and
# leave-one-data-set-out figures and writes the weights only when they beat the rules held out.
train-plaintext: $(INSTALLED)
	$(PYTHON) bench/train_plaintext.py --write

clean:
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
	find processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
