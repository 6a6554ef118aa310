import json
import os
import subprocess
import sys

import pytest

from config import env

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "https://www.youtube-nocookie.com",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


@pytest.mark.parametrize("url", ["/", "/seminar/", "/people/", "/nope/"])
def test_public_pages_have_the_whole_strict_policy(client, site_settings, url):
    header = client.get(url)["Content-Security-Policy"]
    assert directives(header) == PUBLIC_POLICY
    assert len(header.split(";")) == len(PUBLIC_POLICY)


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/"])
def test_admin_has_its_own_policy_adding_inline_styles_only(admin_client, url):
    policy = directives(admin_client.get(url)["Content-Security-Policy"])
    assert policy == {**PUBLIC_POLICY, "style-src": "'self' 'unsafe-inline'"}


@pytest.mark.parametrize("url", ["/", "/people/", "/admin/login/"])
def test_security_headers_on_every_response(client, site_settings, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def documented_environment(tmp_path) -> dict[str, str]:
    """The process environment as .env.example documents it for production.

    Variables the example leaves empty stay unset; the secret is filled in, and the database
    is a throw-away SQLite file. Nothing from the test run's own environment leaks in.
    """
    documented = {}
    for line in (env.BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            documented[name.strip()] = value.strip()
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in documented and not name.startswith(("DJANGO_", "SECURE_"))
    }
    assert documented["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"
    return {
        **inherited,
        **{name: value for name, value in documented.items() if value},
        "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qz9" * 10,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def run_in_production(tmp_path, arguments, unset=(), **extra) -> subprocess.CompletedProcess:
    environment = {**documented_environment(tmp_path), **extra}
    for name in unset:
        del environment[name]
    return subprocess.run(
        [sys.executable, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        cwd=env.BASE_DIR,
        check=False,
    )


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="group.example.org")
plain_page = client.get("/people/")
plain_health = client.get("/healthz")
secure_health = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "EMAIL_BACKEND", "ALLOWED_HOSTS",
    "PAGE_CACHE_SECONDS", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME",
]
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "plain_page": [plain_page.status_code, plain_page.get("Location")],
    "plain_health": [plain_health.status_code, plain_health.get("Strict-Transport-Security")],
    "secure_health": [secure_health.status_code, secure_health.get("Strict-Transport-Security")],
}))
"""


@pytest.mark.parametrize("https_variables", ["as documented", "unset"])
def test_production_settings_loaded_for_real(tmp_path, https_variables):
    # README: the SECURE_* variables default to on, one year, on, on.
    unset = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
             "SECURE_HSTS_PRELOAD") if https_variables == "unset" else ()  # fmt: skip
    result = run_in_production(tmp_path, ["-c", PRODUCTION_PROBE], unset=unset)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.splitlines()[-1])
    assert probe["settings"] == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "ALLOWED_HOSTS": ["group.example.org"],
        "PAGE_CACHE_SECONDS": 600,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": 1,
    }
    # Plain HTTP is redirected to HTTPS, except the load balancer's health probe.
    assert probe["plain_page"] == [301, "https://group.example.org/people/"]
    assert probe["plain_health"] == [200, None]
    assert probe["secure_health"] == [200, "max-age=31536000; includeSubDomains; preload"]


def test_hsts_can_be_turned_down_by_environment(tmp_path):
    result = run_in_production(
        tmp_path, ["-c", PRODUCTION_PROBE],
        SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0",
        SECURE_SSL_REDIRECT="0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.splitlines()[-1])
    assert probe["plain_page"][0] != 301
    assert probe["secure_health"] == [200, "max-age=3600"]


def test_deploy_checks_pass_with_the_documented_environment(tmp_path):
    result = run_in_production(
        tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    )
    assert result.returncode == 0, result.stderr + result.stdout
