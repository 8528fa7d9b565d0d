# Prudent — the two commands are `make run` and `make test` (README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= prudent.config.settings.dev

.PHONY: run test lint bench install migrate demo clean test-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

FONT := /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
CHROMIUM := /usr/bin/chromium

install: $(STAMP)
	@{ test -f $(FONT) && test -x $(CHROMIUM); } || sh scripts/install-system-deps.sh

migrate: install
	$(BIN)/prudent manage migrate --noinput

demo: migrate
	$(BIN)/prudent demo load

run: demo
	$(BIN)/prudent demo logins
	$(BIN)/prudent manage runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
