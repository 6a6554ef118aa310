import os
import subprocess
import sys
import textwrap

import pytest
from django.core.cache import cache
from django.db import DatabaseError

from groupsite import env, health
from groupsite.cache import _is_cacheable_request
from pages.models import LandingSection, SiteSettings
from tests.factories import LandingSectionFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_page_is_served_from_cache_on_second_request(
    client, site_settings, django_assert_num_queries
):
    assert client.get("/people/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/people/")
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in response


def test_saving_content_invalidates_cached_pages(client, site_settings):
    client.get("/people/")
    MemberFactory(name="Brand New Member")
    response = client.get("/people/")
    assert response["X-Page-Cache"] == "miss"
    assert "Brand New Member" in response.content.decode()


def test_deleting_content_invalidates_cached_pages(client, site_settings):
    member = MemberFactory(name="Leaving Soon")
    assert "Leaving Soon" in client.get("/people/").content.decode()
    member.delete()
    assert "Leaving Soon" not in client.get("/people/").content.decode()


def test_logged_in_staff_always_get_fresh_pages(staff_client, site_settings):
    staff_client.get("/")
    LandingSection.objects.create(heading="Quiet edit", anchor="quiet")  # signals fire too
    LandingSection.objects.filter(anchor="quiet").update(heading="Edited without signals")
    response = staff_client.get("/")
    assert "X-Page-Cache" not in response
    assert "Edited without signals" in response.content.decode()


@pytest.mark.parametrize("url", ["/healthz", "/admin/login/", "/nope/"])
def test_uncacheable_responses_are_not_cached(client, site_settings, url):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(url)


@pytest.mark.parametrize(
    ("path", "cacheable"),
    [
        ("/people/", True),
        ("/seminar/calendar.ics", True),
        ("/admin/", False),
        ("/admin/login/", False),
        ("/admin/seminar/session/", False),
        ("/markdownx/markdownify/", False),
        ("/markdownx/upload/", False),
        ("/healthz", False),
        ("/media/photo.jpg", False),
        ("/static/css/site.css", False),
    ],
)
def test_admin_editor_health_and_files_are_never_cached(rf, path, cacheable):
    assert _is_cacheable_request(rf.get(path)) is cacheable


def test_a_moved_admin_is_still_never_cached(rf, settings):
    settings.ADMIN_PREFIX = "/staff-desk/"
    assert _is_cacheable_request(rf.get("/staff-desk/login/")) is False
    assert _is_cacheable_request(rf.get("/admin/")) is True  # a free page slug then


def test_requests_with_a_session_cookie_or_writes_are_not_cacheable(rf, settings):
    with_session = rf.get("/people/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert _is_cacheable_request(with_session) is False
    assert _is_cacheable_request(rf.post("/people/")) is False
    assert _is_cacheable_request(rf.head("/people/")) is True


def test_health_check_reports_an_outage_on_the_very_next_request(client, monkeypatch):
    assert client.get("/healthz").status_code == 200

    def down():
        raise DatabaseError("gone")

    monkeypatch.setitem(health.CHECKS, "database", down)
    assert client.get("/healthz").status_code == 503


def test_zero_page_cache_seconds_turns_the_cache_off(client, site_settings, settings):
    settings.PAGE_CACHE_SECONDS = 0
    section = LandingSectionFactory(heading="Before")
    first = client.get("/")
    LandingSection.objects.filter(pk=section.pk).update(heading="After")  # no signal
    second = client.get("/")
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "After" in second.content.decode()


def test_cached_pages_live_page_cache_seconds(client, site_settings, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 123
    stored = []
    original = cache.set

    def remember_timeout(key, value, timeout=None):
        stored.append((key, timeout))
        return original(key, value, timeout)

    monkeypatch.setattr(cache, "set", remember_timeout)
    client.get("/people/")
    assert [timeout for key, timeout in stored if key.startswith("page:")] == [123]


def test_invalidation_reaches_another_process_sharing_the_cache(
    client, site_settings, settings, tmp_path
):
    """A save in one gunicorn worker must show in every other worker's next request."""
    shared_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.CACHES = shared_cache
    section = LandingSectionFactory(heading="Before")
    assert "Before" in client.get("/").content.decode()
    # The edit reaches the database without signals in this process...
    LandingSection.objects.filter(pk=section.pk).update(heading="After")
    assert client.get("/")["X-Page-Cache"] == "hit"
    # ...and another process, the worker that saved it, bumps the shared generation.
    other_worker = textwrap.dedent(f"""
        import django
        from django.conf import settings
        django.setup()
        settings.CACHES = {shared_cache!r}
        from groupsite.cache import bump_content_generation
        bump_content_generation()
    """)
    subprocess.run(
        [sys.executable, "-c", other_worker],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "groupsite.settings.test"},
        cwd=env.BASE_DIR,
        check=True,
    )
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "After" in response.content.decode()


def test_database_outage_gets_friendly_503(client, site_settings, monkeypatch):
    def unavailable(*args, **kwargs):
        raise DatabaseError("could not connect to server")

    monkeypatch.setattr(SiteSettings, "load", unavailable)
    response = client.get("/seminar/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html
    assert "could not connect" not in html


def test_database_outage_still_serves_cached_pages(client, site_settings, monkeypatch):
    client.get("/people/")
    monkeypatch.setattr(SiteSettings, "load", lambda: (_ for _ in ()).throw(DatabaseError()))
    response = client.get("/people/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_redis_cache_keeps_and_invalidates_pages(client, site_settings, settings):
    settings.CACHES = {"default": {**env.cache(), "KEY_PREFIX": "groupsite-test"}}
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    client.get("/people/")
    assert client.get("/people/")["X-Page-Cache"] == "hit"
    MemberFactory(name="Seen through Redis")
    assert "Seen through Redis" in client.get("/people/").content.decode()


def test_a_lost_generation_key_never_revives_old_pages(client, site_settings):
    client.get("/people/")
    MemberFactory(name="Arrived Later")
    cache.delete("content-generation")  # culled or evicted
    assert "Arrived Later" in client.get("/people/").content.decode()
