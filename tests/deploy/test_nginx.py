"""The documented production stack, run as written: Debian's nginx with the shipped
docs/deploy/nginx.conf in front of gunicorn with production settings (tests/deploy/stack.py).

Skipped when nginx is missing, unless CI is set: then it fails (.ci/run installs nginx).
The tests share one stack and run in file order; the outage test stops gunicorn, so it
comes last.
"""

import os
import re
import shutil
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.deploy.stack import NGINX, SITE_HOST, STAFF_PASSWORD, STAFF_USER, Stack

if NGINX is None and not os.environ.get("CI"):
    pytest.skip("nginx is missing (apt-get install nginx)", allow_module_level=True)

HSTS = "max-age=31536000; includeSubDomains; preload"


@pytest.fixture(scope="module")
def stack():
    assert NGINX, "nginx is missing: CI must install it (apt-get install nginx)"
    # Not pytest's tmp_path: its base folder is private to root, and nginx runs as nobody.
    running = Stack(Path(tempfile.mkdtemp(prefix="groupsite-nginx-test-")))
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(running.work, ignore_errors=True)


def _gunicorn_requests(stack) -> list[str]:
    return [
        line.split('"')[1] for line in stack.gunicorn_log.read_text().splitlines() if '"' in line
    ]


def test_the_shipped_config_passes_nginx_t(stack):
    checked = stack.nginx_check()
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
    assert "test is successful" in checked.stderr


def test_plain_http_redirects_to_https(stack):
    response = stack.request("GET", "/people/?page=2", tls=False)
    assert response.status == 301
    assert response.header("Location") == f"https://{SITE_HOST}/people/?page=2"


def test_security_headers_arrive_through_nginx(stack):
    response = stack.request("GET", "/people/")
    assert response.status == 200
    assert response.header("Strict-Transport-Security") == HSTS
    assert "default-src 'self'" in response.header("Content-Security-Policy")
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert response.header("X-Frame-Options") == "DENY"
    assert response.header("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.header("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in response.header("Permissions-Policy")
    assert response.header("Server") == "nginx"  # no version


def test_static_and_media_are_served_by_nginx_alone(stack):
    manifest = (stack.var_dir / "static" / "staticfiles.json").read_text()
    hashed = re.search(r'"css/site\.css": "(css/site\.[0-9a-f]{12}\.css)"', manifest)[1]
    static = stack.request("GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.header("Content-Type") == "text/css"
    assert static.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert static.header("Content-Encoding") == "gzip"
    assert static.header("Strict-Transport-Security") == HSTS
    unhashed = stack.request("GET", "/static/css/site.css")
    assert unhashed.header("Cache-Control") == "max-age=3600"

    upload = stack.request("GET", "/media/stack/page.html")
    assert upload.status == 200
    assert upload.body == b"<script>alert(1)</script>\n"
    assert upload.header("X-Content-Type-Options") == "nosniff"
    assert upload.header("Content-Security-Policy").endswith("; sandbox")
    assert "script-src" not in upload.header("Content-Security-Policy")
    assert upload.header("Strict-Transport-Security") == HSTS
    assert stack.request("GET", "/media/stack/missing.png").status == 404

    time.sleep(0.5)  # gunicorn writes its access log line after answering
    seen = _gunicorn_requests(stack)
    assert not [line for line in seen if " /static/" in line or " /media/" in line]
    assert "GET /people/ HTTP/1.1" in seen  # the log works


def _login(stack, client, username, password, forwarded_for=None):
    form = stack.request("GET", "/admin/login/", client=client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    cookie = re.search(r"csrftoken=([^;]+)", form.header("Set-Cookie"))[1]
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://{SITE_HOST}/admin/login/",
        "Origin": f"https://{SITE_HOST}",
    }
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password,
         "next": "/admin/"}
    )  # fmt: skip
    return stack.request("POST", "/admin/login/", headers=headers, body=body, client=client)


def test_login_lockout_counts_the_real_client_behind_nginx(stack):
    """gunicorn sees every request come from nginx; the lockout still tells clients apart."""
    attacker, colleague = "127.0.0.2", "127.0.0.3"
    statuses = [_login(stack, attacker, STAFF_USER, "wrong").status for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # A forged X-Forwarded-For does not help the locked-out client, nor the right password.
    forged = _login(stack, attacker, STAFF_USER, STAFF_PASSWORD, forwarded_for="203.0.113.9")
    assert forged.status == 429
    # Another client behind the same nginx logs in to the same account.
    welcome = _login(stack, colleague, STAFF_USER, STAFF_PASSWORD)
    assert welcome.status == 302
    assert welcome.header("Location") == "/admin/"


def test_anonymous_pages_come_from_the_micro_cache(stack):
    first = stack.request("GET", stack.session_url)
    second = stack.request("GET", stack.session_url)
    assert (first.status, second.status) == (200, 200)
    assert first.header("X-Cache-Status") in ("MISS", "EXPIRED")
    assert second.header("X-Cache-Status") == "HIT"
    assert second.body == first.body
    assert second.header("Cache-Control") == "public, max-age=2"
    seen = _gunicorn_requests(stack)
    assert seen.count(f"GET {stack.session_url} HTTP/1.1") == 1


def test_feeds_and_calendars_come_from_the_micro_cache(stack):
    for path in ("/seminar/feed.atom", "/seminar/calendar.ics"):
        stack.request("GET", path)
        assert stack.request("GET", path).header("X-Cache-Status") == "HIT"


def test_staff_never_get_cached_pages(stack):
    login = _login(stack, "127.0.0.4", STAFF_USER, STAFF_PASSWORD)
    session = re.search(r"sessionid=([^;]+)", login.header("Set-Cookie"))[1]
    stack.request("GET", "/people/")  # an anonymous copy is in the cache
    rendered_before = _gunicorn_requests(stack).count("GET /people/ HTTP/1.1")
    for _ in range(2):
        response = stack.request("GET", "/people/", headers={"Cookie": f"sessionid={session}"})
        assert response.status == 200
        assert response.header("X-Cache-Status") == "BYPASS"
        assert response.header("Cache-Control") == "private, no-store"
    time.sleep(0.5)
    assert _gunicorn_requests(stack).count("GET /people/ HTTP/1.1") == rendered_before + 2


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/admin/login/", {}),
        ("/healthz", {}),
        ("/markdownx/markdownify/", {}),
        ("/seminar/speakers/not-a-link/", {}),
        ("/api/v1/sessions/", {"If-None-Match": '"abc"'}),
        ("/api/v1/sessions/", {"If-Modified-Since": "Wed, 21 Oct 2026 07:28:00 GMT"}),
        ("/people/", {"Cookie": "csrftoken=" + "x" * 32}),
        ("/people/", {"Authorization": "Basic eDp5"}),
    ],
)
def test_staff_tools_health_forms_and_conditional_api_requests_skip_the_cache(stack, path, headers):
    for _ in range(2):
        assert stack.request("GET", path, headers=headers).header("X-Cache-Status") == "BYPASS"


def test_with_gunicorn_down_visited_pages_stay_and_others_get_a_friendly_page(stack):
    stack.request("GET", "/seminar/")  # recently visited
    stack.stop_gunicorn()
    time.sleep(stack.proxy_cache_seconds + 0.5)  # the copy has expired: only stale is left
    stale = stack.request("GET", "/seminar/")
    assert stale.status == 200
    assert stale.header("X-Cache-Status") == "STALE"
    never_visited = stack.request("GET", "/positions/")
    assert never_visited.status == 503
    assert "<h1>Back in a moment</h1>" in never_visited.text
    assert never_visited.header("Retry-After") == "30"
    assert never_visited.header("Cache-Control") == "no-store"
