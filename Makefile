# Two commands do all set-up on a fresh machine with python3 (3.11+) and git:
#   make run   — creates .venv if missing, installs kbfind, answers a sample paste
#   make test  — the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export NO_MKDOCS_2_WARNING := 1

SAMPLE := E1127 10:22:33.123456    4242 kubelet_volumes.go:154] orphaned pod "0c4e3d2a-1b2c-4d5e-8f90-123456789abc" found, but error not a directory occurred when trying to remove the volumes dir

.PHONY: run test lint site serve bench golden calibrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	@echo '$$ kbfind <a kubelet log line>'
	@printf '%s\n' '$(SAMPLE)' | $(BIN)/kbfind
	@echo
	@echo 'Paste your own:  $(BIN)/kbfind "<error text>"   or   <command> 2>&1 | $(BIN)/kbfind'
	@echo 'Or activate the venv first:  . $(BIN)/activate && kbfind --help'

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check kb matcher kbfind tests benchmarks site
	$(BIN)/ruff format --check kb matcher kbfind tests benchmarks site
	$(BIN)/mypy

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/scale.py --write benchmarks/README.md

golden: $(STAMP)
	$(BIN)/python tests/parity.py

calibrate: $(STAMP)
	$(BIN)/python benchmarks/calibrate.py --write

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
