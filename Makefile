# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# axe-core for the accessibility test only (the product never loads it), pinned exactly.
AXE_VERSION := 4.10.3
AXE_STAMP := .cache/axe/.installed-$(AXE_VERSION)

.PHONY: run test lint type format sql bench clean axe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)  ## venv, install, migrate the embedded SQLite default, serve on 127.0.0.1:8000
	$(BIN)/companion-bot migrate
	$(BIN)/companion-bot serve

test: $(DEV_STAMP)  ## venv, install the dev extras, run the whole suite
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -n 3 --dist loadfile

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

axe: $(AXE_STAMP)  ## the pinned axe-core the accessibility test injects (npm registry)

$(AXE_STAMP):
	rm -rf .cache/axe
	npm install --prefix .cache/axe --no-audit --no-fund --save-exact --silent axe-core@$(AXE_VERSION)
	touch $(AXE_STAMP)

type: $(DEV_STAMP)
	$(BIN)/mypy

sql: $(DEV_STAMP)  ## regenerate database/migrations/*.sql from the Alembic revisions
	$(BIN)/python -m companion_bot.storage.sqlfiles

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
