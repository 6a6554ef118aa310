"""The shipped deploy files agree with each other and with the site's settings.

These run everywhere; tests/deploy/test_nginx.py runs the files themselves where nginx is.
"""

import re

import pytest
from django.conf import settings

from tests.deploy.stack import SHIPPED_CONFIG, SHIPPED_ENV, render_site_config

NGINX_CONF = SHIPPED_CONFIG.read_text()
ACTIVE_LINES = [line.split("#")[0].strip() for line in NGINX_CONF.splitlines()]
ENV = dict(
    line.split("=", 1)
    for line in SHIPPED_ENV.read_text().splitlines()
    if line.strip() and not line.startswith("#")
)


def test_http2_is_written_in_the_form_nginx_1_22_accepts():
    """Debian 12's nginx stops at `http2 on;` (a directive from nginx 1.25.1)."""
    assert "http2 on;" not in ACTIVE_LINES
    assert "listen 443 ssl http2;" in ACTIVE_LINES


def test_upload_limit_fits_under_nginx_body_limit():
    megabytes = int(re.search(r"^\s*client_max_body_size (\d+)m;", NGINX_CONF, re.M)[1])
    largest = max(
        settings.IMAGE_UPLOAD_MAX_BYTES,
        settings.PUBLICATION_PDF_MAX_BYTES,
        settings.SLIDES_UPLOAD_MAX_BYTES,
    )
    assert megabytes * 1024 * 1024 > largest


def test_nginx_and_gunicorn_agree_on_address_proxy_count_and_admin_path():
    assert f"server {ENV['HOST']}:{ENV['PORT']};" in ACTIVE_LINES
    assert ENV["PROXY_COUNT"] == "1"
    assert f"~^/{ENV['ADMIN_URL']}/ 1;" in ACTIVE_LINES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in ACTIVE_LINES
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in ACTIVE_LINES


def test_nginx_serves_the_folders_the_site_writes():
    assert ENV["VAR_DIR"] == "/srv/groupsite/var"
    assert ACTIVE_LINES.count("root /srv/groupsite/var;") == 2  # /static/ and /media/
    assert "root /srv/groupsite/var/static/errors;" in ACTIVE_LINES
    assert (settings.BASE_DIR / "static" / "errors" / "unavailable.html").exists()


def test_the_cache_bypass_cookies_are_the_sites_cookie_names():
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert settings.CSRF_COOKIE_NAME == "csrftoken"
    assert '"~(^|;)\\s*(sessionid|csrftoken)=" 1;' in ACTIVE_LINES


def test_a_changed_shipped_value_fails_the_substitution_loudly():
    with pytest.raises(ValueError, match="listen 80;"):
        render_site_config(
            NGINX_CONF.replace("listen 80;", "listen 8080;"),
            http_port=1, https_port=2, upstream="x", cert="c", key="k", var_dir="v", cache="z",
        )  # fmt: skip
