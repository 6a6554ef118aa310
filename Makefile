# Two commands matter: `make run` and `make test`. Everything else is a convenience.
# Every Python package comes from uv.lock (exact versions and hashes); the installer, uv,
# is itself installed here from tools/uv-installer.txt, so only Python 3.11 is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PORT ?= 8000
export PORT
MANAGE := $(BIN)/python manage.py
# uv never downloads a Python of its own and installs into .venv.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test test-postgres test-e2e lint fmt migrate demo superuser static clean \
	lock upgrade install install-dev install-e2e check-lock screenshots

$(UV): tools/uv-installer.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes -r tools/uv-installer.txt
	touch $@

# Refuse to go on when pyproject.toml and uv.lock disagree (a pin changed without `make lock`);
# any other failure of uv (an index out of reach, say) is shown as uv says it.
check-lock: $(UV)
	@out=$$($(UV) lock --check --quiet --python $(PYTHON) 2>&1) || { \
		if printf '%s' "$$out" | grep -q "needs to be updated"; then \
			echo "pyproject.toml and uv.lock disagree: run 'make lock', then 'make test', and commit both files." >&2; \
		else printf '%s\n' "$$out" >&2; fi; \
		exit 1; }

# --frozen installs exactly what the lock says; check-lock has already compared the two.
install: check-lock
	$(UV) sync --frozen --inexact --quiet --python $(PYTHON)

install-dev: check-lock
	$(UV) sync --frozen --extra dev --quiet --python $(PYTHON)

install-e2e: check-lock
	$(UV) sync --frozen --extra dev --extra e2e --quiet --python $(PYTHON)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

run: install migrate static
	$(MANAGE) load_demo_content --if-empty --development-only
	$(BIN)/gunicorn --config gunicorn.conf.py --env DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.dev} config.wsgi

# Lint, then the suite on SQLite without the browser suite (make test-e2e) and the
# PostgreSQL run (make test-postgres); .ci/run runs all three.
test: install-dev
	$(MAKE) --no-print-directory lint-only
	$(BIN)/pytest --ignore=tests/e2e

# Browser suite: Debian's Chromium (apt-get install chromium), axe-core and the Nu HTML
# Checker from npm (needs java). Playwright drives /usr/bin/chromium; it never fetches a browser.
test-e2e: install-e2e node_modules/.installed
	$(BIN)/pytest tests/e2e

# Screenshots of a running site (`make run` in another shell): every public page and the
# main admin screens at 1280 and 390 px, with Debian's Chromium. Admin screens need
# SCREENSHOT_USER and SCREENSHOT_PASSWORD in the environment.
SITE_URL ?= http://127.0.0.1:$(PORT)/
SCREENSHOTS_DIR ?= var/screenshots
screenshots: install-e2e
	$(BIN)/python bench/screenshots.py $(SITE_URL) $(SCREENSHOTS_DIR)

# The whole suite again on PostgreSQL (CI runs both); pytest-django creates test_<name>.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: install-dev
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest --ignore=tests/e2e

lint: install-dev
	$(MAKE) --no-print-directory lint-only

.PHONY: lint-only
lint-only:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve within the ranges in pyproject.toml: `make lock` after editing pyproject.toml,
# `make upgrade` to take the newest allowed versions. Then run the whole suite (README).
lock: $(UV)
	$(UV) lock --python $(PYTHON)

upgrade: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

migrate: install
	$(MANAGE) migrate --noinput

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: install migrate
	$(MANAGE) load_demo_content

# The German catalogue: collect every marked string into locale/de/LC_MESSAGES/django.po,
# then compile it (the .mo is committed) and count what is still untranslated or fuzzy
# (docs/architecture.md, "Languages"). Needs GNU gettext (apt-get install gettext).
PO := locale/de/LC_MESSAGES/django.po
.PHONY: messages
messages: install-dev
	$(MANAGE) makemessages -l de --no-obsolete --add-location file \
		-i ".venv/*" -i ".tools/*" -i "node_modules/*" -i "var/*"
	msgfmt --check --statistics -o $(PO:.po=.mo) $(PO)

superuser: install migrate
	$(MANAGE) createsuperuser

clean:
	rm -rf $(VENV) $(TOOLS) var
