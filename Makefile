# The two commands a new user needs (see README.md):
#   make demo   set everything up and run the example site on http://127.0.0.1:8000/
#   make test   set everything up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) example_site/manage.py
STAMP := $(VENV)/.installed

.PHONY: demo test test-integration test-quick lint check accuracy bench load clean venv browser-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	# The machine's pip 23 cannot resolve some of our dependencies; upgrade it first.
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) scripts/demo.py

browser-deps:
	bash scripts/install-browser.sh

test: $(STAMP) browser-deps
	$(PY) -m ruff check .
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m nox
	$(MAKE) --no-print-directory test-integration

# A fresh `wagtail start` site in a temporary folder and virtualenv (Python 3.12+, packages
# from pip's indexes) that follows the README's install snippets, then checks, imports,
# renders, comments, copies, translates and calls the API (scripts/integration.py, a few
# minutes). Uses only the standard library, so it runs on the machine's python3.
test-integration:
	$(PYTHON) scripts/integration.py $(INTEGRATION_ARGS)

test-quick: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Importer accuracy on ../shared (WCXB pages and the annotated corpus, a few minutes);
# e.g. `make accuracy ACCURACY_ARGS="--set dev --limit 50"` (see benchmarks/accuracy.py).
accuracy: $(STAMP)
	$(PY) benchmarks/accuracy.py $(ACCURACY_ARGS)

# Speed benchmarks (a few minutes); `make bench BENCH_ARGS=--large` adds N = 10,000.
# Then a 5,000-post site import on PostgreSQL with 1 and 2 db_workers (tens of minutes;
# `make bench SITE_BENCH_ARGS="--posts 500"` for a quicker look; benchmarks/site_import.py).
bench: $(STAMP)
	$(PY) -m benchmarks $(BENCH_ARGS)
	$(PY) -m benchmarks.site_import $(SITE_BENCH_ARGS)

# Bounded load test on loopback: gunicorn, 32 clients for 20 s (see README, Reliability).
load: $(STAMP)
	$(PY) scripts/load_test.py

clean:
	rm -rf $(VENV) .nox example_site/db.sqlite3 example_site/media
