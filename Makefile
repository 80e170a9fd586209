# The two commands of the README: `make run` and `make test`. Everything else is set-up.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The day's work (reminders, the reviewers' digest: `run_daily_work`) is handed to the task
# worker, which runs beside the development server and stops with it. Production runs
# `run_daily_work` from one cron line instead (README, "Daily work").
SERVE = $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

.PHONY: run demo test lint format benchmark page-weight production-check backup restore clean

$(PY):
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# One stamp per set of extras, redone when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	@touch $@

# axe-core for the browser tests' accessibility checks, where npm exists; without it those
# tests are skipped (CI installs what they need).
AXE := $(if $(shell command -v npm 2>/dev/null),node_modules/.installed)

node_modules/.installed: package.json package-lock.json
	npm ci --silent
	@touch $@

run: export DEBUG ?= true
run: export DEMO = false
run: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_programme
	$(PY) manage.py rebuild_figures
	$(PY) manage.py create_local_admin
	$(PY) manage.py run_daily_work
	$(SERVE)

# A demo world to try the declaration cycle: generated operators, commitments and declarations,
# never real figures, in a database of its own (whatever DATABASE_URL says) with its releases
# in a folder of their own, every page saying
# DEMO. Generated on the first run; the accounts' passwords are printed then.
demo: export DEBUG = true
demo: export DEMO = true
demo: export DATABASE_URL = sqlite:///$(CURDIR)/var/demo.sqlite3
demo: export RELEASES_ROOT = $(CURDIR)/var/demo-releases
demo: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py create_demo_world
	$(PY) manage.py run_daily_work
	$(SERVE)

# The suite runs on every core (pytest-xdist; each worker has its own test database):
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.installed-test $(AXE)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# makemigrations sends no e-mail: the console mailer, chosen on purpose, lets it run with DEBUG
# off and no SMTP server (as in CI).
lint: export EMAIL_MAILER ?= console
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_layers.py
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

benchmark: $(VENV)/.installed-test
	$(PY) scripts/benchmark.py

page-weight: $(VENV)/.installed-test
	$(PY) scripts/page_weight.py

# The production shape (gunicorn, the worker, PostgreSQL, Redis) started here and walked
# through; everything it starts is stopped (see the script's docstring).
PRODUCTION_CHECK_REDIS ?= redis://127.0.0.1:6379/5
production-check: $(VENV)/.installed-test
	$(PY) scripts/production_check.py --redis-url $(PRODUCTION_CHECK_REDIS)

# A consistent copy of the configured database into BACKUP_DIR (var/backups/ by default), and
# its restoration into an empty database, which is then brought to the current migrations.
# Run with the web process's environment (DATABASE_URL, EMAIL_HOST...).
backup: $(VENV)/.installed-run
	$(PY) manage.py backup $(if $(KEEP),--keep $(KEEP))

restore: $(VENV)/.installed-run
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/backup-....pgdump"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
	$(PY) manage.py migrate --no-input

clean:
	rm -rf $(VENV) staticfiles node_modules
