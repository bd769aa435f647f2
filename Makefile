# Nærvær developer and CI tasks (GNU make). Runs as root on a fresh Debian 12
# with Python 3.11 as python3; see docs/operators.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Command-line overridable (make run PORT=9000); deliberately not read from the
# environment, where zsh sets HOST to the machine name.
HOST   := 127.0.0.1
PORT   := 8000
# Parallel workers for the non-browser tests (pytest-xdist).
TEST_WORKERS ?= 2

.PHONY: help install run test test-sqlite test-postgres system-packages lint bench audit clean

help:
	@echo "make install        create .venv and install the package with test extras"
	@echo "make run            migrate, load the demo municipality if empty, serve on http://$(HOST):$(PORT)/"
	@echo "make test           ruff, then the whole test suite on SQLite and on PostgreSQL"
	@echo "make test-sqlite    the test suite on SQLite only"
	@echo "make test-postgres  the test suite on a throwaway PostgreSQL cluster only"
	@echo "make lint           ruff + mypy"
	@echo "make bench          the metrics benchmark table (BENCH_SIZES=S,M for a quick run), import and demo timings, load test"
	@echo "make audit          pip-audit of the pinned runtime packages online (PyPI, OSV) and offline (snapshot)"

install: $(STAMP)

# Re-run pip only when pyproject.toml changes (or the venv is missing).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: install
	scripts/ensure-system-packages.sh --runtime
	$(BIN)/naervaer migrate --noinput
	$(BIN)/naervaer demo --if-empty
	@echo
	@echo "Demo logins (password: demo): hr, leder, trio, direktion, medarbejder"
	@echo
	$(BIN)/naervaer serve --host $(HOST) --port $(PORT)

system-packages:
	scripts/ensure-system-packages.sh

# Everything runs even if an earlier step fails, so one CI log shows all
# failures; the target fails at the end if any step did.
test: install system-packages
	@rc=0; \
	echo "== ruff"; $(BIN)/ruff check naervaer tests || rc=1; \
	echo "== mypy"; $(BIN)/mypy naervaer || rc=1; \
	TEST_WORKERS=$(TEST_WORKERS) scripts/run-tests.sh sqlite || rc=1; \
	TEST_WORKERS=$(TEST_WORKERS) scripts/with-postgres.sh scripts/run-tests.sh postgresql || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make test: FAILED (see above)"; else echo "make test: all passed"; fi; \
	echo "Screenshots: $$(realpath -m "$${NAERVAER_SCREENSHOTS:-var/screenshots}")"; \
	exit $$rc

test-sqlite: install system-packages
	TEST_WORKERS=$(TEST_WORKERS) scripts/run-tests.sh sqlite

test-postgres: install system-packages
	TEST_WORKERS=$(TEST_WORKERS) scripts/with-postgres.sh scripts/run-tests.sh postgresql

lint: install
	@rc=0; \
	echo "== ruff"; $(BIN)/ruff check naervaer tests || rc=1; \
	echo "== mypy"; $(BIN)/mypy naervaer || rc=1; \
	exit $$rc

# The metrics benchmark prints the table of docs/benchmarks.md (data generated once into
# bench/data/, gitignored); then import and demo-generator timings. Helper modules
# (bench/_*.py) and the baselines the benchmark calls are not run on their own.
BENCH_SIZES ?= S,M,L
bench: install
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	@echo "== bench/metrics_bench.py --sizes $(BENCH_SIZES)"
	$(BIN)/python bench/metrics_bench.py --sizes $(BENCH_SIZES)
	@echo "== bench/pages_bench.py --sizes $(BENCH_SIZES)"
	$(BIN)/python bench/pages_bench.py --sizes $(BENCH_SIZES)
	@echo "== bench/benchmark_bench.py --sizes $(BENCH_SIZES)"
	$(BIN)/python bench/benchmark_bench.py --sizes $(BENCH_SIZES)
	@echo "== bench/import_timing.py 30000x5"
	$(BIN)/python bench/import_timing.py 30000x5
	@echo "== bench/demo_generate.py 3000x3 30000x5 850000x5"
	$(BIN)/python bench/demo_generate.py 3000x3 30000x5 850000x5
	@echo "== scripts/fuzz-import.py --examples $${FUZZ_EXAMPLES:-2000} --seed 1"
	$(BIN)/python scripts/fuzz-import.py --examples $${FUZZ_EXAMPLES:-2000} --seed 1
	@echo "== bench/load_bench.py (LOAD_USERS=$${LOAD_USERS:-50} LOAD_SECONDS=$${LOAD_SECONDS:-120}; PostgreSQL, M)"
	$(BIN)/python bench/load_bench.py

# Dependency scan: online (needs PyPI's JSON API or api.osv.dev), then the offline scan
# of the committed advisory snapshot that `make test` also runs (docs/operations.md).
audit: install
	scripts/audit.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis var/static
