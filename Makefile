# Two commands: `make run` (set up, materialise every asset, print the timeline) and
# `make test` (ruff, mypy, pytest). Both create .venv on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster
export TIMELINE_DB ?= warehouse/timeline.duckdb
export TIMELINE_SEEDS ?= seeds

.PHONY: run test lint typecheck pytest dev dev-partitions bench reports clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: dagster-instance.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster-instance.yaml $@

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	mkdir -p $(dir $(TIMELINE_DB))
	$(BIN)/dagster asset materialize -m pipeline.definitions --select '*' \
		--config-json '{"loggers": {"console": {"config": {"log_level": "INFO"}}}}'
	$(BIN)/timeline query

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

# `dagster dev` says once that the `dg dev` of the separate dagster-dg-cli package supersedes
# it; that package is not a dependency (it brings two dozen more), so the notice is filtered.
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	PYTHONWARNINGS='ignore:Function `dev_command` is superseded' \
		$(BIN)/dagster dev -m pipeline.definitions

# The UI with the partitioned mode beside the default assets: monthly partitions by
# publication date, backfilled from the UI (pipeline/defs/partitioned.py, README).
dev-partitions: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	PYTHONWARNINGS='ignore:Function `dev_command` is superseded' \
		$(BIN)/dagster dev -m pipeline.definitions -m pipeline.defs.partitioned

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_dates

# Regenerate the reports in docs/ (they read ../shared beside the repository).
reports: $(STAMP)
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.peer_dates
	$(BIN)/python -m benchmarks.peer_money
	$(BIN)/python -m benchmarks.bench_dates
	$(BIN)/python -m benchmarks.bench_pipeline
	$(BIN)/python -m benchmarks.encoding_choice
	$(BIN)/python -m benchmarks.bench_large_file
	$(BIN)/python -m benchmarks.soak_inputs
	$(BIN)/python -m pipeline.warehouse_docs

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.lock warehouse/chunks \
		warehouse/*.duckdb.loading*
