# policyx: `make run` and `make test` set everything up on a machine with python3 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test test-fast lint typecheck unit bench screenshots docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/policyx brief

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest -q --cov=policyx --cov-branch --cov-report=term:skip-covered --cov-fail-under=95

test: lint typecheck unit

# The inner loop: every test but the slow ones (browser, fault injection, fuzzing, outside tools
# that take seconds), on every core, no coverage.
test-fast: $(VENV)/.installed-test
	$(BIN)/pytest -q -m "not slow" -n auto

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# The brief's screenshots in docs/ (needs Debian's chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/screenshots.py

# Re-run every example in the README and docs/, and regenerate docs/'s reference sections from the code.
docs: $(VENV)/.installed-test
	_TYPER_FORCE_DISABLE_TERMINAL=1 $(BIN)/python tests/test_readme.py --update

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
