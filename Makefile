# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint type format sql bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## venv, install, migrate the embedded SQLite default, serve on 127.0.0.1:8000
	$(BIN)/companion-bot migrate
	$(BIN)/companion-bot serve

test: $(STAMP)  ## venv, install the dev extras, run the whole suite
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

type: $(STAMP)
	$(BIN)/mypy

sql: $(STAMP)  ## regenerate database/migrations/*.sql from the Alembic revisions
	$(BIN)/python -m companion_bot.storage.sqlfiles

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
