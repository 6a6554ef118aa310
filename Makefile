# Two commands matter: `make run` and `make test`. Everything else is a convenience.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-postgres test-e2e lint fmt migrate demo superuser static clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-e2e: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev,e2e]"
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

run: $(VENV)/.installed migrate static
	$(MANAGE) load_demo_content --if-empty
	$(BIN)/gunicorn --config gunicorn.conf.py --env DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-groupsite.settings.dev} groupsite.wsgi

test: $(VENV)/.installed-dev lint
	$(BIN)/pytest --ignore=tests/e2e

# Browser suite: Debian's Chromium (apt-get install chromium), axe-core and the Nu HTML
# Checker from npm (needs java). Playwright drives /usr/bin/chromium; it never fetches a browser.
test-e2e: $(VENV)/.installed-e2e node_modules/.installed
	$(BIN)/pytest tests/e2e

# The whole suite again on PostgreSQL (CI runs both); pytest-django creates test_<name>.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest --ignore=tests/e2e

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

static: $(VENV)/.installed
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: $(VENV)/.installed migrate
	$(MANAGE) load_demo_content

superuser: $(VENV)/.installed migrate
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) var
