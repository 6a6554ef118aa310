import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from groupsite import env


def run_with_prod_settings(**environment):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "groupsite.settings.prod", **environment},
        capture_output=True,
        text=True,
        cwd=env.BASE_DIR,
        check=False,
    )


def test_prod_settings_refuse_to_start_without_secret_key():
    result = run_with_prod_settings(DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "The environment variable DJANGO_SECRET_KEY must be set" in result.stderr


def test_prod_settings_refuse_to_start_without_allowed_hosts():
    result = run_with_prod_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "The environment variable DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_prod_settings_start_with_both():
    result = run_with_prod_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.org,b.org")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user@127.0.0.1:5432/site")
    config = env.database()
    assert (config["ENGINE"], config["NAME"], config["HOST"]) == (
        "django.db.backends.postgresql", "site", "127.0.0.1",
    )  # fmt: skip


def test_database_defaults_to_sqlite_file_in_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(env.VAR_DIR / "db.sqlite3")


def test_flag_refuses_unclear_value(monkeypatch):
    monkeypatch.setenv("SERVE_MEDIA", "perhaps")
    with pytest.raises(Exception, match="SERVE_MEDIA must be one of"):
        env.flag("SERVE_MEDIA")


@pytest.mark.django_db
def test_no_migrations_are_pending():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
