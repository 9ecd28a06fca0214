# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench bench-time bench-corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/storyline analyze samples/demo -o storyline-out
	$(BIN)/storyline corpus add samples/demo --store storyline-out/demo.duckdb
	$(BIN)/storyline corpus stories --store storyline-out/demo.duckdb

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_analyze.py

bench-time: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_time.py --json bench/results_time.json

# corpus add of 1k and 10k Timeline17 articles (+1k more), corpus show of a ~50-article story: ~1 h on 2 cores
bench-corpus: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_corpus.py --json bench/results_corpus.json

clean:
	rm -rf $(VENV) storyline-out
