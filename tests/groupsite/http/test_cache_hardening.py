"""The page cache under attack and on a bad day: races, junk parameters, outages."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve
from django.utils import timezone

from api.embed import EmbedOptions
from groupsite.http import cache as page_cache
from people.models import Member
from seminar.forms import ArchiveFilterForm, CalendarFilterForm
from tests.factories import (
    MemberFactory,
    NewsItemFactory,
    PageFactory,
    PublicationFactory,
    SessionFactory,
)
from tests.http import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.mark.django_db(transaction=True)
def test_generation_moves_only_once_the_edit_is_committed(client, site_settings):
    before = page_cache.content_generation()
    with transaction.atomic():
        MemberFactory(name="Committed Later")
        # A visitor's request now must not store the old page under a new generation.
        assert page_cache.content_generation() == before
    assert page_cache.content_generation() > before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_edit_does_not_invalidate(client, site_settings):
    before = page_cache.content_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        MemberFactory(name="Never Saved")
        raise RuntimeError
    assert page_cache.content_generation() == before


@pytest.mark.parametrize(
    "junk",
    ["utm_source=newsletter", "fbclid=abc", "x=1", "utm_source=a&utm_medium=b&gclid=c"],
)
def test_tracking_and_unknown_parameters_share_the_cached_page(client, site_settings, junk):
    assert client.get("/people/")["X-Page-Cache"] == "miss"
    response = client.get(f"/people/?{junk}")
    assert response["X-Page-Cache"] == "hit"


def test_parameters_views_read_make_their_own_pages(client, site_settings):
    assert client.get("/publications/?year=2020")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?year=2021")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?year=2020&utm_source=x")["X-Page-Cache"] == "hit"
    assert client.get("/publications/?utm_source=x&year=2020")["X-Page-Cache"] == "hit"


def page_entries() -> int:
    return sum(1 for key in cache._cache if ":page:" in key)  # LocMemCache's own keys


@pytest.mark.parametrize("url", ["/seminar/archive/", "/publications/", "/api/v1/sessions"])
def test_searches_are_rendered_but_never_kept(client, site_settings, url):
    client.get(url)
    kept = page_entries()
    for n in range(20):
        response = client.get(url, {"q": f"word{n}"})
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert page_entries() == kept == 1


@pytest.mark.parametrize("search", ["", "%00", "%00%00%00", "+", "%00+%09%00", "word&q=%00"])
@pytest.mark.parametrize("url", ["/seminar/archive/", "/publications/", "/api/v1/sessions"])
def test_a_search_that_means_no_search_is_the_page_without_one(client, site_settings, url, search):
    SessionFactory(title="Ocean talk")
    PublicationFactory(title="Ocean paper")
    first = client.get(url)
    response = client.get(f"{url}?q={search}")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == first.content
    assert page_entries() == 1


def test_the_view_is_handed_the_request_without_a_search_that_means_none(client, site_settings):
    """Rendered first, the NUL search's page is what the plain address is served."""
    PublicationFactory.create_batch(3, year=2020)
    first = client.get("/api/v1/publications?year=2020&page_size=1&q=%00")
    assert first["X-Page-Cache"] == "miss"
    assert first.json()["next"] == (
        "http://testserver/api/v1/publications?year=2020&page_size=1&page=2"
    )


def test_the_archive_reads_a_nul_search_as_no_search_and_keeps_its_other_filters(
    client, site_settings, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    SessionFactory(title="Talk of 2020", start=timezone.make_aware(datetime(2020, 5, 1, 14)))
    SessionFactory(title="Talk of 2021", start=timezone.make_aware(datetime(2021, 5, 1, 14)))
    page = client.get("/seminar/archive/?q=%00%00&year=2020").content.decode()
    assert "Talk of 2020" in page and "Talk of 2021" not in page


def test_a_repeated_parameter_is_keyed_on_the_value_views_read(client, site_settings):
    """Views read the last value; a key on the first would serve 2021's papers for 2020."""
    PublicationFactory(title="Paper of 2020", year=2020)
    PublicationFactory(title="Paper of 2021", year=2021)
    assert "Paper of 2021" in client.get("/publications/?year=2020&year=2021").content.decode()
    response = client.get("/publications/?year=2020")
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert "Paper of 2020" in page and "Paper of 2021" not in page
    api = client.get("/api/v1/publications?year=2021&year=2020")
    assert [item["year"] for item in api.json()["results"]] == [2020]
    assert client.get("/api/v1/publications?year=2021")["X-Page-Cache"] == "miss"


def test_every_parameter_a_view_reads_is_part_of_the_cache_key(client, settings):
    forms = [ArchiveFilterForm, CalendarFilterForm, EmbedOptions]
    read = {name for form in forms for name in form.base_fields} | {"page"}
    read |= {"year", "type", "member", "selected", "q"}  # PublicationFilters.from_query
    schema = client.get("/api/v1/openapi.json").json()
    read |= {
        parameter["name"]
        for path in schema["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert read - settings.PAGE_CACHE_QUERY_PARAMETERS == set()


def test_publication_filters_are_not_served_from_the_unfiltered_page(client, site_settings):
    assert client.get("/publications/")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?type=preprint")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?selected=1")["X-Page-Cache"] == "miss"


def test_archive_links_carry_only_the_filters(client, site_settings):
    html = page_text(client.get("/seminar/archive/?q=ocean&utm_source=mail&page=1"))
    assert "utm_source" not in html


def test_an_overlong_parameter_is_rendered_but_not_kept(client, site_settings):
    url = "/seminar/archive/?q=" + "a" * 201
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_a_made_up_session_cookie_still_gets_the_cached_page(client, site_settings):
    client.get("/people/")
    client.cookies["sessionid"] = "made-up-session-id"
    assert client.get("/people/")["X-Page-Cache"] == "hit"


def test_http_and_https_pages_are_kept_apart(client, site_settings):
    client.get("/people/")
    response = client.get("/people/", secure=True)
    assert response["X-Page-Cache"] == "miss"
    assert '<link rel="canonical" href="https://testserver/people/">' in response.content.decode()


class CacheServerError(Exception):
    """Like redis-py's errors: not one of Python's own connection errors."""


class BrokenCache:
    """A cache server that has gone away."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise CacheServerError("cache server down")

        return fail


def test_an_edit_is_saved_while_the_cache_is_down(
    admin_client, site_settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(page_cache, "cache", BrokenCache())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/people/member/add/",
            {"name": "Saved Anyway", "slug": "saved", "role": "postdoc", "bio_en": "x",
             "photo_focus_x": "50", "photo_focus_y": "50", "published": "on",
             "display_order": "0", "alumni_label": "former"},
        )  # fmt: skip
    assert response.status_code == 302
    assert Member.objects.filter(name="Saved Anyway").exists()
    assert page_cache._bump_failed


def test_pages_render_while_the_cache_is_down_and_invalidate_when_it_returns(
    client, site_settings, monkeypatch, django_capture_on_commit_callbacks
):
    client.get("/people/")
    with monkeypatch.context() as outage:
        outage.setattr(page_cache, "cache", BrokenCache())
        with django_capture_on_commit_callbacks(execute=True):
            MemberFactory(name="Added During Outage")
        response = client.get("/people/")
        assert response.status_code == 200
        assert "Added During Outage" in response.content.decode()
    # The cache is back with the old page in it: the failed bump is retried first.
    response = client.get("/people/")
    assert "Added During Outage" in response.content.decode()
    assert not page_cache._bump_failed


def test_health_check_answers_503_json_when_the_cache_is_down(client, monkeypatch):
    import groupsite.http.health

    monkeypatch.setattr(groupsite.http.health, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_pages_that_read_no_parameter_are_one_page_whatever_the_page_number(client, site_settings):
    first = client.get("/?page=7&year=2020")
    assert first["X-Page-Cache"] == "miss"
    for query in ("", "?page=1", "?page=2", "?page=99999999", "?page=abc&q=x"):
        response = client.get(f"/{query}")
        assert response["X-Page-Cache"] == "hit", query
    # The page stored first names the landing page itself as canonical, not ?page=7.
    assert '<link rel="canonical" href="http://testserver/">' in first.content.decode()


def test_paginated_lists_still_keep_each_page(client, site_settings):
    assert client.get("/publications/")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/publications/?page=2&utm_source=x")["X-Page-Cache"] == "hit"


def test_views_declared_to_read_no_parameter_render_the_same_with_any(client, settings):
    """A view wrongly declared would show one visitor's filtered page to everybody."""
    settings.PAGE_CACHE_SECONDS = 0
    session = SessionFactory(series__slug="ml")
    member = MemberFactory(slug="ada", published=True)
    publication = PublicationFactory(slug="flows")
    news = NewsItemFactory(slug="hello")
    paths = ["/", "/people/", f"/people/{member.slug}/", "/positions/", "/seminar/",
             session.get_absolute_url(), f"/seminar/ml/{session.number}.ics",
             publication.get_absolute_url(), news.get_absolute_url(),
             PageFactory(slug="about").get_absolute_url()]  # fmt: skip
    every_parameter = "&".join(f"{name}=2" for name in sorted(settings.PAGE_CACHE_QUERY_PARAMETERS))
    for path in paths:
        view = resolve(path).func
        assert getattr(view, "view_class", view).page_cache_query_parameters == (), path
        plain = client.get(path)
        assert plain.status_code == 200, path
        assert client.get(f"{path}?{every_parameter}").content == plain.content, path
