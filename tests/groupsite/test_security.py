import os
import subprocess
import sys

import pytest

from groupsite import env

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


def test_public_page_has_strict_content_security_policy(client, site_settings):
    policy = directives(client.get("/")["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-src"] == "https://www.youtube-nocookie.com"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in client.get("/seminar/")["Content-Security-Policy"]


def test_admin_has_its_own_policy_without_inline_scripts(admin_client):
    policy = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("url", ["/", "/people/", "/admin/login/"])
def test_security_headers_on_every_response(client, site_settings, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_deploy_checks_pass_with_production_settings():
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "groupsite.settings.prod",
            "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qz9" * 10,
            "DJANGO_ALLOWED_HOSTS": "group.example.org",
        },
        capture_output=True,
        text=True,
        cwd=env.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_hsts_is_sent_on_https_with_production_values(client, site_settings, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" in client.get("/admin/login/", secure=True)


def test_production_redirects_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/people/").status_code == 301
    assert client.get("/healthz").status_code == 200
