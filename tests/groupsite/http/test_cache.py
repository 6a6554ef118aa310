import os
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse

from config import env
from groupsite.http import health
from groupsite.http.cache import _is_cacheable_request, declare_cacheability
from groupsite.site.models import SiteSettings
from pages.models import LandingSection
from tests.factories import LandingSectionFactory, MemberFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
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


def test_saving_content_invalidates_cached_pages(
    client, site_settings, django_capture_on_commit_callbacks
):
    client.get("/people/")
    with django_capture_on_commit_callbacks(execute=True):
        MemberFactory(name="Brand New Member")
    response = client.get("/people/")
    assert response["X-Page-Cache"] == "miss"
    assert "Brand New Member" in response.content.decode()


def test_deleting_content_invalidates_cached_pages(
    client, site_settings, django_capture_on_commit_callbacks
):
    member = MemberFactory(name="Leaving Soon")
    assert "Leaving Soon" in page_text(client.get("/people/"))
    with django_capture_on_commit_callbacks(execute=True):
        member.delete()
    assert "Leaving Soon" not in page_text(client.get("/people/"))


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


def visitor(request):
    request.user = AnonymousUser()
    return request


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
    assert _is_cacheable_request(visitor(rf.get(path))) is cacheable


def test_a_moved_admin_is_still_never_cached(rf, settings):
    settings.ADMIN_PREFIX = "/staff-desk/"
    assert _is_cacheable_request(visitor(rf.get("/staff-desk/login/"))) is False
    assert _is_cacheable_request(visitor(rf.get("/admin/"))) is True  # a free page slug then


def test_logged_in_users_and_writes_are_not_cacheable(rf, staff_user):
    logged_in = rf.get("/people/")
    logged_in.user = staff_user
    assert _is_cacheable_request(logged_in) is False
    assert _is_cacheable_request(visitor(rf.post("/people/"))) is False
    assert _is_cacheable_request(visitor(rf.head("/people/"))) is True


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
        from groupsite.http.cache import bump_content_generation
        bump_content_generation()
    """)
    subprocess.run(
        [sys.executable, "-c", other_worker],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
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
def test_redis_cache_keeps_and_invalidates_pages(
    client, site_settings, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {"default": {**env.cache(), "KEY_PREFIX": "groupsite-test"}}
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    client.get("/people/")
    assert client.get("/people/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        MemberFactory(name="Seen through Redis")
    assert "Seen through Redis" in client.get("/people/").content.decode()


def test_a_lost_generation_key_never_revives_old_pages(
    client, site_settings, django_capture_on_commit_callbacks
):
    client.get("/people/")
    with django_capture_on_commit_callbacks(execute=True):
        MemberFactory(name="Arrived Later")
    cache.delete("content-generation")  # culled or evicted
    assert "Arrived Later" in client.get("/people/").content.decode()


def test_anonymous_pages_may_be_kept_briefly_by_caches_in_front(client, site_settings, settings):
    settings.PROXY_CACHE_SECONDS = 3
    for expected in ("miss", "hit"):
        response = client.get("/people/")
        assert response["X-Page-Cache"] == expected
        assert response["Cache-Control"] == "public, max-age=3"
        assert response["Vary"] == "Cookie"


@pytest.mark.parametrize("url", ["/seminar/feed.atom", "/seminar/calendar.ics"])
def test_feeds_and_calendars_may_be_kept_briefly_too(client, site_settings, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=1"
    assert "Cookie" in response["Vary"]


def test_pages_for_a_session_are_private(staff_client, site_settings):
    response = staff_client.get("/people/")
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]


def test_a_csrf_cookie_makes_the_page_private(client, site_settings):
    """nginx skips its cache for such visitors; the site's headers must agree."""
    client.get("/people/")  # cached for everyone else
    client.cookies["csrftoken"] = "x" * 32
    assert client.get("/people/")["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("url", "cache_control"),
    [
        ("/healthz", "no-store"),
        ("/admin/login/", "max-age=0, no-cache, no-store, must-revalidate, private"),
        ("/nope/", "no-cache"),
    ],
)
def test_responses_caches_must_not_keep_say_so(client, site_settings, url, cache_control):
    response = client.get(url)
    assert response["Cache-Control"] == cache_control
    assert "public" not in response["Cache-Control"]


def test_a_response_setting_a_cookie_is_private(rf):
    response = HttpResponse("<p>form</p>", content_type="text/html")
    response.set_cookie("csrftoken", "x" * 32)
    declare_cacheability(rf.get("/people/"), response)
    assert response["Cache-Control"] == "private, no-store"


def test_static_files_keep_their_own_caching_headers(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] or "max-age" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_path_memo_keeps_only_paths_that_reach_a_view(rf):
    from groupsite.http import cache as page_cache

    page_cache._remembered_parameters.cache_clear()
    for number in range(50):
        page_cache.query_parameters(rf.get(f"/no-such-{number}/x/y/"))
    assert page_cache._remembered_parameters.cache_info().currsize == 0
    page_cache.query_parameters(rf.get("/news/"))
    assert page_cache._remembered_parameters.cache_info().currsize == 1
    page_cache.query_parameters(rf.get("/" + "a" * page_cache.MEMO_PATH_LENGTH + "/"))
    assert page_cache._remembered_parameters.cache_info().currsize == 1


def test_path_memo_is_forgotten_when_the_urlconf_changes(rf, settings):
    from groupsite.http import cache as page_cache

    page_cache.query_parameters(rf.get("/news/"))
    assert page_cache._remembered_parameters.cache_info().currsize >= 1
    settings.ROOT_URLCONF = "config.urls"
    assert page_cache._remembered_parameters.cache_info().currsize == 0
