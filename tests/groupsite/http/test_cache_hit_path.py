"""A kept page is served before any other middleware runs, as the whole stack made it."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from groupsite.http import cache as page_cache
from groupsite.http.security import SiteCSPMiddleware
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_a_hit_runs_no_other_middleware(client, site_settings, monkeypatch):
    first = client.get("/people/")
    ran = []
    monkeypatch.setattr(
        SiteCSPMiddleware, "process_response", lambda self, request, response: ran.append(1)
    )
    monkeypatch.setattr(
        "django.contrib.auth.middleware.AuthenticationMiddleware.process_request",
        lambda self, request: ran.append(2),
    )
    hit = client.get("/people/")
    assert ran == []
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content


def test_a_hit_carries_every_header_the_stack_set(client, site_settings):
    first = client.get("/people/")
    hit = client.get("/people/")
    kept = {"Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
            "Cache-Control", "Vary", "Content-Type"}  # fmt: skip
    assert {name: hit[name] for name in kept} == {name: first[name] for name in kept}
    assert hit["Cache-Control"] == "public, max-age=1" and hit["Vary"] == "Cookie"
    assert hit["Content-Length"] == str(len(first.content))


def test_an_api_hit_answers_304_with_its_cors_headers(client, site_settings):
    etag = client.get("/api/v1/series")["ETag"]
    response = client.get("/api/v1/series", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["X-Page-Cache"] == "hit"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"


def test_a_visitor_holding_a_cookie_gets_the_kept_page_as_private(client, site_settings):
    public = client.get("/people/")
    client.cookies["csrftoken"] = "a" * 32
    response = client.get("/people/")
    assert response["X-Page-Cache"] == "hit" and response.content == public.content
    assert response["Cache-Control"] == "private, no-store"
    assert public["Cache-Control"] == "public, max-age=1"


def test_only_answers_made_for_visitors_without_cookies_are_kept(client, site_settings):
    client.cookies["sessionid"] = "made-up"
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/people/")
    assert not [key for key in cache._cache if ":page:" in key]


def test_a_new_generation_replaces_the_kept_copy_instead_of_adding_one(
    client, site_settings, django_capture_on_commit_callbacks
):
    for name in ("One", "Two", "Three"):
        with django_capture_on_commit_callbacks(execute=True):
            MemberFactory(name=name)
        assert client.get("/people/")["X-Page-Cache"] == "miss"
    assert len([key for key in cache._cache if ":page:" in key]) == 1


def test_a_host_django_refuses_is_a_400_not_a_cache_warning(client, site_settings, caplog):
    response = client.get("/people/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Page cache" not in caplog.text


@pytest.mark.parametrize(
    "cache_control", ["public, no-store", "private", "no-cache", "public, max-age=60, no-store"]
)
def test_an_answer_that_may_not_be_kept_is_never_kept(rf, cache_control):
    """Only what the stack declared public, and never what says no-store."""
    middleware = page_cache.PageCacheMiddleware(
        lambda request: HttpResponse("personal", headers={"Cache-Control": cache_control})
    )
    for _ in range(2):
        response = middleware(rf.get("/people/"))
        assert response.content == b"personal" and "X-Page-Cache" not in response
    assert not [key for key in cache._cache if ":page:" in key]


def test_a_public_answer_is_kept_and_served_as_it_was(rf):
    middleware = page_cache.PageCacheMiddleware(
        lambda request: HttpResponse("shared", headers={"Cache-Control": "public, max-age=1"})
    )
    assert middleware(rf.get("/people/"))["X-Page-Cache"] == "miss"
    hit = middleware(rf.get("/people/"))
    assert (hit["X-Page-Cache"], hit.content, hit["Content-Length"]) == ("hit", b"shared", "6")
