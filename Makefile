# SiTrantib. Every target sets up what it needs; see README.md.
#   make run      set up, migrate, load the reference data, create the first admin, serve (debug
#                 off); `make run HOST=0.0.0.0` serves the office network (docs/adr/0052)
#   make dev      the same with Django's debug pages, for developers
#   make test     quality checks, the suite on SQLite and PostgreSQL, and the browser journeys
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
UV_VERSION := 0.13.9
TOOLS := var/tools
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST := $(PYTHON) -m pytest
# Each run's log ends with its slowest tests, so the next saving is found from CI's own figures.
PYTEST_ARGS ?= --durations=15
COVERAGE_MIN := 93
# All production code is type-checked strictly; the tests are left out by pyproject's `exclude`.
MYPY_TARGETS = sitrantib

.PHONY: help env run dev serve serve-trial loadcheck reference test test-sqlite test-sqlite-main test-sqlite-sweeps coverage-report test-postgres test-browser test-browser-a11y test-browser-journeys coverage-branches quality audit format messages bench clean

help:
	@echo "make run    - siapkan dan jalankan SiTrantib di http://$(HOST):$(PORT) (SQLite)"
	@echo "              make run HOST=0.0.0.0: juga untuk ponsel di jaringan kantor (lihat README)"
	@echo "make dev    - seperti make run, dengan halaman debug Django (untuk pengembang)"
	@echo "make test   - semua pemeriksaan dan pengujian (SQLite, PostgreSQL, peramban)"
	@echo "make serve  - mode produksi: gunicorn + pekerja latar, PostgreSQL (docs/deployment.md);"
	@echo "              make serve-trial: sama, di PostgreSQL sementara; make loadcheck: uji beban"
	@echo "make quality, make audit, make format, make messages, make bench"

# The uv binary comes from PyPI into var/tools; a uv already on PATH is used as it is.
$(TOOLS)/bin/uv:
	@py="$$(scripts/find-python.sh)"
	"$$py" -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	@py="$$(scripts/find-python.sh)"
	"$(UV)" sync --frozen --python "$$py"
	touch $@

env: $(VENV)/.synced

reference: env
	@scripts/system-deps.sh run
	export DJANGO_SETTINGS_MODULE=config.settings.dev
	$(PYTHON) manage.py migrate --no-input -v 0
	$(PYTHON) manage.py load_reference --scope 35.08
	$(PYTHON) manage.py load_plan
	$(PYTHON) manage.py compute_follow_up -v 0
	$(PYTHON) manage.py ensure_admin

# Debug off: people see SiTrantib's own error pages. HOST=0.0.0.0 also accepts the laptop's
# network addresses (config/settings/hosts.py), printed below for the office's phones.
run: reference
	@export DJANGO_SETTINGS_MODULE=config.settings.local SITRANTIB_SERVE_HOST=$(HOST)
	echo
	$(PYTHON) -m config.settings.hosts $(HOST) $(PORT)
	echo "Masuk sebagai 'admin' dengan kata sandi dari SITRANTIB_ADMIN_PASSWORD, atau yang dicetak"
	echo "saat admin pertama dibuat (lupa? $(PYTHON) manage.py changepassword admin)."
	echo "Tekan Ctrl+C untuk berhenti."
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

# For developers: the same data and server with Django's debug pages and reloading static files.
dev: reference
	@export DJANGO_SETTINGS_MODULE=config.settings.dev SITRANTIB_SERVE_HOST=$(HOST)
	echo
	$(PYTHON) -m config.settings.hosts $(HOST) $(PORT)
	echo "Mode pengembang: DEBUG aktif. Untuk kantor gunakan make run."
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

# Production mode on one machine (docs/deployment.md): gunicorn with WEB_WORKERS processes
# (default 2 x cores + 1) and the background worker, on PostgreSQL (SITRANTIB_DB=postgres and
# the PG* variables, SITRANTIB_SECRET_KEY; deploy/sitrantib.env lists them), JSON logs on stdout.
WEB_WORKERS ?=
serve: env
	@export SITRANTIB_BIND=$${SITRANTIB_BIND:-$(HOST):$(PORT)} SITRANTIB_SERVE_HOST=$(HOST)
	$(if $(WEB_WORKERS),export SITRANTIB_WEB_WORKERS=$(WEB_WORKERS))
	scripts/serve.sh

# The same on a throwaway PostgreSQL cluster (pg_virtualenv, gone at Ctrl+C), with the
# reference data and an admin, over plain HTTP: to try production mode on a laptop.
serve-trial: env
	@scripts/system-deps.sh test
	export SITRANTIB_BIND=$(HOST):$(PORT) SITRANTIB_SERVE_HOST=$(HOST) $(if $(WEB_WORKERS),SITRANTIB_WEB_WORKERS=$(WEB_WORKERS))
	export SITRANTIB_VAR_DIR=$(CURDIR)/var/trial SITRANTIB_SSL_REDIRECT=0 SITRANTIB_SECURE_COOKIES=0 SITRANTIB_HSTS_SECONDS=0
	export SITRANTIB_SECRET_KEY=$${SITRANTIB_SECRET_KEY:-$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')}
	pg_virtualenv -t bash -c 'export SITRANTIB_DB=postgres PGDATABASE=sitrantib DJANGO_SETTINGS_MODULE=config.settings.prod
	  createdb sitrantib
	  $(PYTHON) manage.py migrate --no-input -v 0
	  $(PYTHON) manage.py load_reference --scope 35.08
	  $(PYTHON) manage.py load_plan
	  $(PYTHON) manage.py ensure_admin
	  echo "SiTrantib (produksi, PostgreSQL sementara) di http://$(HOST):$(PORT) - Ctrl+C untuk berhenti"
	  scripts/serve.sh'

# Load and faults (docs/reliability.md): a few minutes of mixed users against the production
# stack on a throwaway PostgreSQL, then PostgreSQL restarted and a worker killed mid-job.
# Loopback only, bounded; LOADCHECK_ARGS="--duration 60 --users 8" to change the run.
LOADCHECK_ARGS ?=
loadcheck: env
	@scripts/system-deps.sh test
	pg_virtualenv -t bash -c 'PGDATABASE=sitrantib_load $(PYTHON) scripts/loadcheck.py --report var/loadcheck.json $(LOADCHECK_ARGS)'

quality: env
	@export DJANGO_SETTINGS_MODULE=config.settings.test
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --check templates sitrantib --extension html --quiet
	$(VENV)/bin/djlint --lint templates sitrantib --extension html --quiet
	$(VENV)/bin/mypy $(MYPY_TARGETS)
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PYTHON) manage.py check --fail-level WARNING
	$(PYTHON) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(PYTHON) manage.py makemigrations --check --dry-run
	# Security (docs/dev/security.md): bandit on the shipped code (its notes on honoured
	# `# nosec` markers filtered out), Django's deploy check of the production settings with a
	# plausible server environment, and the locked dependencies against PyPI's advisories.
	$(VENV)/bin/bandit -c pyproject.toml -r sitrantib config scripts manage.py -q 2>&1 \
	  | { grep -v "nosec encountered" || true; }
	DJANGO_SETTINGS_MODULE=config.settings.prod SITRANTIB_ALLOWED_HOSTS=sitrantib.example.go.id \
	  SITRANTIB_SECRET_KEY="$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
	  SITRANTIB_TRUSTED_PROXY_COUNT=1 SITRANTIB_SMTP_HOST=smtp.example.go.id \
	  $(PYTHON) manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory audit SITRANTIB_AUDIT_REQUIRED=$${SITRANTIB_AUDIT_REQUIRED:-0}

# Known vulnerabilities of every locked package (scripts/audit_dependencies.py); needs pypi.org.
# Within `make quality` a machine without PyPI's vulnerability data says so and goes on.
SITRANTIB_AUDIT_REQUIRED ?= 1
audit: env
	@mkdir -p var
	"$(UV)" export --frozen --no-hashes --no-emit-project --all-groups --quiet \
	  --output-file var/requirements-audit.txt
	SITRANTIB_AUDIT_REQUIRED=$(SITRANTIB_AUDIT_REQUIRED) $(PYTHON) scripts/audit_dependencies.py \
	  var/requirements-audit.txt

format: env
	@$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint --reformat templates sitrantib --extension html --quiet || true

# Msgids are Bahasa Indonesia; each app keeps its English catalogue in its own locale/.
messages: env
	@export DJANGO_SETTINGS_MODULE=config.settings.dev PYTHONPATH=$(CURDIR)
	for app in sitrantib/*/; do
	  if ls $$app/templates/*/*.html >/dev/null 2>&1 || [ -d $$app/locale ]; then
	    mkdir -p $$app/locale
	    (cd $$app && $(CURDIR)/$(VENV)/bin/django-admin makemessages -l en --no-obsolete --ignore 'static/vendor/*' --ignore 'tests/*')
	    (cd $$app && $(CURDIR)/$(VENV)/bin/django-admin compilemessages)
	  fi
	done
	$(VENV)/bin/django-admin makemessages -l en --no-obsolete --ignore 'sitrantib/*' --ignore '.venv/*' --ignore 'var/*' --ignore 'frontend/*' --ignore 'scripts/*'
	$(VENV)/bin/django-admin compilemessages --ignore '.venv' --ignore 'sitrantib' --ignore 'var' 
	$(PYTHON) -m sitrantib.testing.po sitrantib/*/locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

# Line coverage of the SQLite run, measured through Python's sys.monitoring at almost no cost
# (docs/adr/0110); the floor only rises. `make coverage-branches` adds branch coverage (the old
# tracer: the run takes about 1.7 times as long) and writes var/coverage-html/.
# `make test` runs the SQLite suite as two processes, one in each lane: the whole-product sweeps
# and the rest (docs/adr/0112); each writes its own coverage data, combined for the report.
SQLITE_RUN := COVERAGE_CORE=sysmon $(PYTHON) -m coverage run --parallel-mode -m pytest -q $(PYTEST_ARGS)
test-sqlite: env
	@$(PYTHON) -m coverage erase
	$(SQLITE_RUN) -m "not browser"
	$(MAKE) --no-print-directory coverage-report

test-sqlite-main: env
	@$(SQLITE_RUN) -m "not browser and not sweep"

test-sqlite-sweeps: env
	@$(SQLITE_RUN) -m "sweep and not browser"

coverage-report: env
	@$(PYTHON) -m coverage combine -q
	$(PYTHON) -m coverage report --fail-under=$(COVERAGE_MIN) | tail -n 1

coverage-branches: env
	@$(PYTHON) -m coverage run --branch -m pytest -m "not browser" -q $(PYTEST_ARGS)
	$(PYTHON) -m coverage report | tail -n 1
	$(PYTHON) -m coverage html -q -d var/coverage-html

# A throwaway cluster needs no durability: without fsync a commit (a transactional test, the
# flush after it) costs no disk wait. On its own `make test-postgres` runs every test but the
# browser journeys; `make test` leaves to the SQLite run the whole-product sweeps and the tests
# that cannot open the database at all (`database_free`: docs/adr/0108, 0110).
PG_CLUSTER := pg_virtualenv -t -o fsync=off -o synchronous_commit=off -o full_page_writes=off
PG_SELECT ?= not browser
test-postgres: env
	@scripts/system-deps.sh test
	$(PG_CLUSTER) bash -c 'SITRANTIB_DB=postgres PGDATABASE=sitrantib $(PYTEST) -m "$(PG_SELECT)" -q $(PYTEST_ARGS) && $(BENCH_SMOKE)'

# The benchmark as a smoke test on the same throwaway cluster (no timing assertions; it stops
# when a page fails or the generated rows differ from its plan): docs/performance.md.
BENCH_SMOKE := createdb sitrantib_bench && SITRANTIB_DB=postgres PGDATABASE=sitrantib_bench DJANGO_SETTINGS_MODULE=config.settings.local $(PYTHON) manage.py bench --scale kecamatan --repeat 1 --import-rows 100 --survey-requests 40

test-browser: env
	@scripts/system-deps.sh test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) -m browser -q $(PYTEST_ARGS)

# The browser step in two halves, one at the end of each lane of `make test`: the accessibility
# sweep (every page as every role), and every other journey. Each has its own live server,
# in-memory database and Chromium.
A11Y_TESTS := sitrantib/core/tests/test_accessibility.py
test-browser-a11y: env
	@scripts/system-deps.sh test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) -m browser -q $(PYTEST_ARGS) $(A11Y_TESTS)

test-browser-journeys: env
	@scripts/system-deps.sh test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) -m browser -q $(PYTEST_ARGS) --ignore=$(A11Y_TESTS)

# Two lanes, one per core (docs/adr/0108, 0110, 0112), of about the same length (15-16 minutes
# each on the 2-core CI machine). Lane 1: the PostgreSQL run with the benchmark smoke, then the
# whole-product sweeps on SQLite. Lane 2: the quality checks, the SQLite run of every other
# test, the accessibility sweep in a browser, then the other browser journeys (the browser runs
# on SQLite, as always). The runs share nothing (an in-memory database, a throwaway
# cluster, a temporary folder per test). Every step runs even when one before it failed; the
# logs follow in turn, then the coverage of both SQLite runs together; any failure fails
# `make test`.
LANE1 := test-postgres test-sqlite-sweeps
LANE2 := quality test-sqlite-main test-browser-a11y test-browser-journeys
test: env
	@scripts/system-deps.sh test
	mkdir -p var/test-logs
	rm -f var/test-logs/*.rc
	$(PYTHON) -m coverage erase
	lane() {
	  for step in "$$@"; do
	    rc=0; start=$$SECONDS
	    $(MAKE) --no-print-directory $$step \
	      PG_SELECT="not browser and not sweep and not database_free" \
	      > var/test-logs/$$step.log 2>&1 || rc=$$?
	    echo "$$rc" > var/test-logs/$$step.rc
	    echo "$$((SECONDS - start))" > var/test-logs/$$step.seconds
	  done
	}
	lane $(LANE1) &
	lane $(LANE2) &
	wait
	failed=0
	for step in $(LANE1) $(LANE2); do
	  rc="$$(cat var/test-logs/$$step.rc 2>/dev/null || echo missing)"
	  seconds="$$(cat var/test-logs/$$step.seconds 2>/dev/null || echo ?)"
	  echo "== make $$step (exit $$rc, $$seconds s)"; cat var/test-logs/$$step.log
	  [ "$$rc" = 0 ] || failed=1
	done
	echo "== line coverage of the SQLite runs (floor $(COVERAGE_MIN) %)"
	$(MAKE) --no-print-directory coverage-report || failed=1
	exit "$$failed"

# Figures, not pass/fail: each command rolls back or uses its own temporary database.
# make bench BENCH_SCALE=kabupaten (or province, national: see docs/performance.md).
BENCH_SCALE ?= kecamatan
bench: reference
	@export DJANGO_SETTINGS_MODULE=config.settings.dev
	$(PYTHON) manage.py bench_regions
	$(PYTHON) manage.py bench_linmas
	$(PYTHON) manage.py bench_survey_submissions --concurrency 20 --requests 400
	$(PYTHON) manage.py bench_documents --runs 5
	pg_virtualenv -t bash -c 'createdb sitrantib_bench && SITRANTIB_DB=postgres PGDATABASE=sitrantib_bench DJANGO_SETTINGS_MODULE=config.settings.local $(PYTHON) manage.py bench --scale $(BENCH_SCALE) --json var/bench-$(BENCH_SCALE).json'

clean:
	@rm -rf $(VENV) $(TOOLS) var/static var/test-media .pytest_cache .mypy_cache .ruff_cache
