# Set-up and checks. `make demo` and `make test` work on a fresh clone: they create .venv and
# install exactly the versions of the lock files in requirements/ (hashes checked), so that a
# new release of a dependency changes nothing until `make lock` takes it in.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLES := examples/fournil-dupont examples/northwind-studio

.PHONY: demo test test-quick lint typecheck pytest bench schemas docs lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "opmkt needs Python 3.11 or newer: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)

# The lock files pin every package and its hashes; opmkt itself is installed from this folder
# with the locked build backend, and nothing else is resolved.
INSTALL_LOCKED = $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r
INSTALL_SELF = $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .

# The install compiles the catalogs (hatch_build.py); a catalog edited since is compiled again
# by the targets that run opmkt.
PO := $(wildcard src/opmkt/locale/*/LC_MESSAGES/opmkt.po)
MO := $(PO:.po=.mo)

$(VENV)/.installed: requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(INSTALL_LOCKED) requirements/runtime.txt
	$(INSTALL_SELF)
	@touch $@

$(VENV)/.installed-test: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(INSTALL_LOCKED) requirements/dev.txt
	$(INSTALL_SELF)
	@touch $@ $(VENV)/.installed

$(MO): %.mo: %.po | $(VENV)/.installed
	$(BIN)/python catalogs.py compile

# The install compiles the shipped templates to Python too (hatch_build.py); a template edited
# since is compiled again by the targets that run opmkt (a run that finds them out of date
# reads the templates themselves, slower but the same).
TEMPLATES := $(wildcard src/opmkt/data/templates/*/*.j2)
COMPILED := src/opmkt/data/compiled/report/sources.json

$(COMPILED): $(TEMPLATES) src/opmkt/text/templating.py | $(VENV)/.installed
	$(BIN)/python -c 'from opmkt.text.templating import precompile; precompile()'

## catalogs: extract the messages into src/opmkt/locale/opmkt.pot and update each language's
## .po from it (new messages untranslated, unused ones dropped): then translate what is new
.PHONY: catalogs
catalogs: $(VENV)/.installed-test
	$(BIN)/python catalogs.py update
	$(BIN)/python catalogs.py compile

# The examples are 2027 plans: their results are shown as of a date inside that year.
DEMO_AS_OF := 2027-09-30
# Their reports name this version of the plan, not the commit that last changed it: a committed
# report is the same whatever commit it was written at.
DEMO_VERSION := 1.0

## demo: create .venv, install opmkt, validate the bundled examples, show their budgets and
## results, and write their reports (plan.html and plan.md beside each plan)
demo: $(VENV)/.installed $(MO) $(COMPILED)
	@for example in $(EXAMPLES); do \
	  echo "== opmkt validate $$example/plan.yaml $$example/actuals.yaml"; \
	  $(BIN)/opmkt validate $$example/plan.yaml $$example/actuals.yaml || exit $$?; \
	  echo "== opmkt budget $$example/plan.yaml"; \
	  $(BIN)/opmkt budget $$example/plan.yaml || exit $$?; \
	  echo "== opmkt status $$example/plan.yaml --as-of $(DEMO_AS_OF)"; \
	  $(BIN)/opmkt status $$example/plan.yaml --as-of $(DEMO_AS_OF) || exit $$?; \
	  for format in html md; do \
	    echo "== opmkt report $$example/plan.yaml -f $$format --as-of $(DEMO_AS_OF)"; \
	    OPMKT_PLAN_VERSION=$(DEMO_VERSION) \
	      $(BIN)/opmkt report $$example/plan.yaml -f $$format --as-of $(DEMO_AS_OF) || exit $$?; \
	  done; \
	done
	@echo "Reports written:"
	@for example in $(EXAMPLES); do \
	  echo "  $$example/plan.html  (open it in a browser; opmkt report -f pdf writes a PDF)"; \
	  echo "  $$example/plan.md"; \
	done

## test: lint, type checks, the documentation site and the whole test suite
test: lint typecheck docs pytest

## test-quick: the tests without fuzzing, killed writers and memory-capped runs (about a minute)
test-quick: $(VENV)/.installed-test $(MO) $(COMPILED)
	$(BIN)/pytest -q -m 'not browser and not slow'

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench catalogs.py hatch_build.py
	$(BIN)/ruff format --check src tests bench catalogs.py hatch_build.py

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test $(MO) $(COMPILED) mermaid-deps
	$(BIN)/pytest -q

# Mermaid's own parser (node) reads the Markdown report's gantt in tests/test_mermaid.py; the
# test is skipped, saying why, where npm or node is missing.
MERMAID := tests/mermaid

## mermaid-deps: install Mermaid in tests/mermaid from its lock file, when npm is there
.PHONY: mermaid-deps
mermaid-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(MERMAID)/node_modules/.installed; \
	else \
	  echo "npm not found: tests/test_mermaid.py will be skipped"; \
	fi

$(MERMAID)/node_modules/.installed: $(MERMAID)/package.json $(MERMAID)/package-lock.json
	cd $(MERMAID) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## browser-check: render the French example's HTML report in headless Chromium, to a PNG and
## to a PDF, and check both; run axe-core and HTML_CodeSniffer on both examples' reports at
## three widths (installs Debian's chromium when it is missing, and the checkers with npm)
A11Y := tests/a11y
.PHONY: browser-check
browser-check: $(VENV)/.installed-test $(A11Y)/node_modules/.installed
	command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
	$(BIN)/pytest -q -m browser

$(A11Y)/node_modules/.installed: $(A11Y)/package.json $(A11Y)/package-lock.json
	cd $(A11Y) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## bench: time validate, budget, status and report on plans of 100, 2,000 and 20,000 actions
## (with actuals) against the parse floor, every command on an example against yamllint and
## its --help against python -c pass, track import of 100,000 CSV rows against Python's csv
## module, fmt --check against validate, and check the targets (about 8 minutes)
bench: $(VENV)/.installed-test $(MO) $(COMPILED)
	$(BIN)/python bench/run.py

## docs: build the documentation site (mkdocs.yml, docs/) into site/ with --strict: a broken
## link or anchor, or a page missing from the navigation, fails the build
# NO_MKDOCS_2_WARNING quiets the theme's banner about its end of life (May 2027), printed on
# every build; `make lock UPGRADE=1` brings its successors in when they are released.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## schemas: regenerate the committed JSON Schemas from the models
# `opmkt schema` and `opmkt init` print and copy these files: they are built here, not at each run.
schemas: $(VENV)/.installed
	$(BIN)/python -c 'from opmkt.io.files import write_atomic; from opmkt.io.resources import data_dir; \
	  from opmkt.lint.schema import render; \
	  [write_atomic(data_dir("schemas") / f"{kind}.schema.json", render(kind), force=True) \
	   for kind in ("plan", "actuals")]'

UV_VERSION := 0.13.9
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes

## lock: refresh the lock files after a change of dependencies in pyproject.toml, keeping every
## other pin; `make lock UPGRADE=1` moves every package to its newest release
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(LOCK) $(if $(UPGRADE),--upgrade) pyproject.toml requirements/build.in \
	  --extra test --extra bench -o requirements/dev.txt
	$(LOCK) pyproject.toml requirements/build.in -c requirements/dev.txt \
	  -o requirements/runtime.txt

clean:
	rm -rf $(VENV) dist build site .pytest_cache .mypy_cache .ruff_cache bench/.cache \
	  $(MERMAID)/node_modules $(A11Y)/node_modules
