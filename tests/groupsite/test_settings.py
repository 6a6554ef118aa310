import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from config import env


def run_with_prod_settings(**environment):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.prod", **environment},
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


def test_production_cookies_are_secure_and_admin_url_configurable():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.urls import reverse; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER[0], "
        "reverse('admin:index'))"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "a.org",
        "ADMIN_URL": "staff-desk",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        cwd=env.BASE_DIR,
        check=True,
    )
    printed = result.stdout.split()
    assert printed == ["True", "True", "HTTP_X_FORWARDED_PROTO", "/staff-desk/"]


def test_admin_url_must_be_one_segment(monkeypatch):
    monkeypatch.setenv("ADMIN_URL", "a/b")
    with pytest.raises(Exception, match="ADMIN_URL must be one path segment"):
        env.admin_path()
