import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from config import env
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory
from tests.groupsite.http.test_security import directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(site_settings):
    now = timezone.now()
    series = SeriesFactory(name="Open Seminar", slug="open")
    other = SeriesFactory(name="Other Seminar", slug="other")
    talks = [
        SessionFactory(series=series, title=f"Talk {n}", start=now + timedelta(days=n))
        for n in range(1, 8)
    ]
    SpeakerFactory(session=talks[0], name="Ada Lovelace", affiliation="Analytical Engines")
    SessionFactory(series=other, title="Other talk", start=now + timedelta(hours=5))
    SessionFactory(series=series, title="Past talk", start=now - timedelta(days=2))
    SessionFactory(series=series, title="Draft talk", published=False)
    SessionFactory(series=series, title="Scheduled talk", publish_at=now + timedelta(days=1))
    return series


def titles(response) -> list[str]:
    return re.findall(r'class="embed-title"[^>]*>([^<]+)<', response.content.decode())


def test_embed_lists_the_next_five_sessions_of_all_series(client, upcoming):
    response = client.get("/embed/seminar/")
    assert response.status_code == 200
    assert titles(response) == ["Other talk", "Talk 1", "Talk 2", "Talk 3", "Talk 4"]
    html = response.content.decode()
    assert "Ada Lovelace (Analytical Engines)" in html
    assert "Draft talk" not in html and "Scheduled talk" not in html and "Past talk" not in html


def test_embed_of_one_series_by_path_or_parameter(client, upcoming):
    assert titles(client.get("/embed/seminar/open/?count=2")) == ["Talk 1", "Talk 2"]
    assert titles(client.get("/embed/seminar/?series=other")) == ["Other talk"]
    assert client.get("/embed/seminar/nope/").status_code == 404


def test_embed_is_self_contained_and_opens_links_in_the_top_window(client, upcoming):
    html = client.get("/embed/seminar/?theme=dark").content.decode()
    assert "<script" not in html and " style=" not in html
    assert '<body class="embed theme-dark">' in html
    assert '<link rel="stylesheet" href="/static/css/embed.css">' in html
    links = re.findall(r"<a [^>]*>", html)
    assert links and all('target="_top"' in link for link in links)
    assert all('href="http://testserver/' in link for link in links)
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("count=0", "Ensure this value is greater than or equal to 1."),
        ("count=21", "Ensure this value is less than or equal to 20."),
        ("count=many", "count must be a whole number from 1 to 20."),
        ("theme=pink", "theme must be light or dark."),
        ("series=%3Cscript%3E", "series must be a series' slug, like ml-seminar."),
    ],
)
def test_bad_embed_parameters_get_400_with_the_reason(client, upcoming, query, message):
    response = client.get(f"/embed/seminar/?{query}")
    assert response.status_code == 400
    assert f"<li>{message}</li>" in html.unescape(response.content.decode())


def test_embed_may_be_framed_by_any_origin_by_default(client, upcoming):
    response = client.get("/embed/seminar/")
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in response
    # Everything else keeps the strict policy.
    assert directives(response["Content-Security-Policy"])["script-src"] == "'self'"


def test_embed_framing_is_limited_to_the_configured_origins(client, upcoming, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://institute.example", "https://*.uni.example"]
    policy = directives(client.get("/embed/seminar/open/")["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "https://institute.example https://*.uni.example"


@pytest.mark.parametrize("url", ["/", "/seminar/", "/api/v1/docs/", "/news/", "/embedded/"])
def test_every_other_page_refuses_to_be_framed(client, upcoming, url, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://institute.example"]
    response = client.get(url)
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("url", ["/embed/seminar/no-such-series/", "/embed/nothing-here/"])
def test_an_embed_address_that_is_not_found_refuses_framing_in_both_headers(
    client, upcoming, url, settings, cached
):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    response = client.get(url)
    assert response.status_code == 404
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_a_cached_embed_may_still_be_framed(client, upcoming, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/embed/seminar/")
    response = client.get("/embed/seminar/")
    assert response["X-Page-Cache"] == "hit"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in response


def test_embed_rejects_other_methods(client, upcoming):
    assert client.post("/embed/seminar/").status_code == 405


def test_seminar_page_shows_the_snippet_to_copy(client, upcoming):
    html = client.get("/seminar/").content.decode()
    assert '<label for="embed-code">' in html
    assert (
        '<textarea id="embed-code" rows="3" readonly>&lt;iframe '
        'src="http://testserver/embed/seminar/" title="Upcoming seminar talks"'
    ) in html
    series_page = client.get("/seminar/open/").content.decode()
    assert 'src="http://testserver/embed/seminar/open/"' in series_page


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("", ["*"]),
        ("*", ["*"]),
        ("https://Institute.example, http://localhost:8080", ["https://institute.example", "http://localhost:8080"]),
        ("https://*.uni.example", ["https://*.uni.example"]),
    ],
)  # fmt: skip
def test_allowed_origins_from_the_environment(monkeypatch, raw, parsed):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", raw)
    assert env.origins("EMBED_ALLOWED_ORIGINS", default="*") == parsed


@pytest.mark.parametrize(
    "raw", ["institute.example", "https://a.example/path", "'self'", "javascript:x", "https://a b"]
)
def test_allowed_origins_refuse_anything_but_origins(monkeypatch, raw):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", raw)
    with pytest.raises(ImproperlyConfigured, match="EMBED_ALLOWED_ORIGINS must list origins"):
        env.origins("EMBED_ALLOWED_ORIGINS", default="*")
