# Set-up and checks. `make demo` and `make test` work on a fresh clone: they create .venv and
# install what they need from the project's own files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLES := examples/fournil-dupont examples/northwind-studio

.PHONY: demo test lint typecheck pytest bench schemas docs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "opmkt needs Python 3.11 or newer: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[bench]'
	@touch $@ $(VENV)/.installed

# The examples are 2027 plans: their results are shown as of a date inside that year.
DEMO_AS_OF := 2027-09-30

## demo: create .venv, install opmkt, validate the bundled examples, show their budgets and
## results, and write their reports (plan.html and plan.md beside each plan)
demo: $(VENV)/.installed
	@for example in $(EXAMPLES); do \
	  echo "== opmkt validate $$example/plan.yaml $$example/actuals.yaml"; \
	  $(BIN)/opmkt validate $$example/plan.yaml $$example/actuals.yaml || exit $$?; \
	  echo "== opmkt budget $$example/plan.yaml"; \
	  $(BIN)/opmkt budget $$example/plan.yaml || exit $$?; \
	  echo "== opmkt status $$example/plan.yaml --as-of $(DEMO_AS_OF)"; \
	  $(BIN)/opmkt status $$example/plan.yaml --as-of $(DEMO_AS_OF) || exit $$?; \
	  for format in html md; do \
	    echo "== opmkt report $$example/plan.yaml -f $$format --as-of $(DEMO_AS_OF)"; \
	    $(BIN)/opmkt report $$example/plan.yaml -f $$format --as-of $(DEMO_AS_OF) || exit $$?; \
	  done; \
	done
	@echo "Reports written:"
	@for example in $(EXAMPLES); do \
	  echo "  $$example/plan.html  (open it in a browser; print it to PDF)"; \
	  echo "  $$example/plan.md"; \
	done

## test: lint, type checks and the whole test suite
test: lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -q

## browser-check: render the French example's HTML report in headless Chromium, to a PNG and
## to a PDF, and check both (installs Debian's chromium when it is missing)
.PHONY: browser-check
browser-check: $(VENV)/.installed-test
	command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
	$(BIN)/pytest -q -m browser

## bench: time validate, budget, status and report on plans of 100, 2,000 and 20,000 actions
## (with actuals) against the parse floor, and check the targets (about 5 minutes)
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

## schemas: regenerate the committed JSON Schemas from the models
schemas: $(VENV)/.installed
	$(BIN)/opmkt schema -o schemas/plan.schema.json --force
	$(BIN)/opmkt schema --actuals -o schemas/actuals.schema.json --force

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache bench/.cache
