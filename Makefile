# Haven's commands. `make demo` serves a demo on SQLite; `make test` runs every test.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
HOST ?= 127.0.0.1
PORT ?= 8000
UV := uv
RUN := $(UV) run --frozen

.PHONY: setup demo serve test test-sqlite test-postgres lint types check messages catalogues audit load two-nodes

# uv must be installed under the interpreter that .python-version names (pyenv picks it).
setup:
	@command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 || python -m pip install --quiet uv
	$(UV) sync --frozen --quiet

catalogues: setup
	$(RUN) python manage.py compile_catalogues

# The demo runs matching in the background like a deployment: a task worker beside
# the server (stopped with it).
demo: catalogues
	DEBUG=1 $(RUN) python manage.py migrate --noinput -v0
	DEBUG=1 $(RUN) python manage.py createcachetable
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(RUN) python manage.py seed_demo --url http://$(HOST):$(PORT)/
	DEBUG=1 HAVEN_TASKS_BACKEND=database SITE_URL=http://$(HOST):$(PORT) $(RUN) python manage.py db_worker --no-reload -v0 & \
	worker=$$!; \
	DEBUG=1 HAVEN_TASKS_BACKEND=database SITE_URL=http://$(HOST):$(PORT) $(RUN) python manage.py tick --every 30 & \
	clock=$$!; trap 'kill $$worker $$clock 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 HAVEN_TASKS_BACKEND=database SITE_URL=http://$(HOST):$(PORT) $(RUN) python manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite; with DATABASE_URL set, on PostgreSQL.
test: catalogues
	$(RUN) pytest -p no:cacheprovider

test-postgres: catalogues
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/haven} $(RUN) pytest -p no:cacheprovider

lint: setup
	$(RUN) ruff check .
	$(RUN) ruff format --check .

types: setup
	$(RUN) mypy haven

check: lint types test

# pip-audit over uv.lock (says so when the vulnerability database cannot be reached).
audit: setup
	.ci/audit

# 50 users for 10 minutes against gunicorn on PostgreSQL, then the exactly-once check
# (bench/load.py; ARGS="--minutes 1" for a short look).
load: catalogues
	$(UV) run --frozen --group load python -m bench.load $(ARGS)

# nginx, two app nodes, two RQ workers and two clocks on one PostgreSQL and one Redis;
# a worker killed mid-import; then nothing lost or done twice (bench/two_nodes.py; needs
# nginx and Redis on 127.0.0.1:6379).
two-nodes: catalogues
	$(UV) run --frozen --group load python -m bench.two_nodes $(ARGS)

# Refresh the catalogues from the source (then translate what is new).
messages: setup
	$(RUN) python manage.py makemessages -l ru -l kk --no-obsolete --no-location --ignore=.venv --ignore=tests --ignore=conftest.py --ignore=staticfiles
