# Two commands for a fresh machine with only python3 and make: `make run` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Prefect keeps its state inside the repo (git-ignored) and sends no telemetry.
PREFECT_ENV := PREFECT_HOME=$(CURDIR)/.prefect PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1

.PHONY: install run test lint bench-quality clean

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

run: $(INSTALLED)
	$(PREFECT_ENV) $(PYTHON) -m flows.process_articles --raw raw --out processed

LINT_PATHS := src flows tests $(wildcard bench)

lint: $(INSTALLED)
	$(PYTHON) -m ruff check $(LINT_PATHS)
	$(PYTHON) -m ruff format --check $(LINT_PATHS)

test: $(INSTALLED) lint
	$(PREFECT_ENV) $(PYTHON) -m pytest

clean:
	rm -rf $(VENV) .prefect .pytest_cache .ruff_cache
	find processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
