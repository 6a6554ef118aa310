import re
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.utils import timezone
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.middleware import ApiResponseMiddleware
from news.models import NewsItem
from seminar.models import Session
from tests.api.conftest import HIDDEN_TITLES
from tests.factories import SeriesFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/series", "/api/v1/sessions", "/api/v1/members", "/api/v1/positions",
         "/api/v1/news", "/api/v1/members?status=alumni", "/api/v1/publications"]  # fmt: skip
OFFSET = re.compile(r"[+-]\d\d:\d\d$")


def test_every_list_answers_in_pages_with_absolute_links(client, api_content):
    for url in LISTS:
        data = client.get(url).json()
        assert set(data) == {"count", "next", "previous", "results"}, url
        assert data["count"] == len(data["results"]) > 0, url
        assert all(item["url"].startswith("http://testserver/") for item in data["results"])


def test_the_root_is_an_index_of_every_list(client, api_content):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "lists": {
            name: f"http://testserver/api/v1/{name}"
            for name in ["members", "news", "positions", "publications", "series", "sessions"]
        },
        "openapi": "http://testserver/api/v1/openapi.json",
        "docs": "http://testserver/api/v1/docs/",
    }
    for url in response.json()["lists"].values():
        assert client.get(url).status_code == 200


def test_every_operation_answers_as_its_openapi_document_says(api_content):
    from config.wsgi import application

    paper = api_content["paper"]
    # Before the schema is fetched: on PostgreSQL that first request would otherwise close
    # the test's connection, and every call after it answered 503.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 8
        for operation in operations:
            # The one operation with a path parameter: a publication by each of its keys.
            keys = [paper.pk, paper.slug, paper.bibtex_key, "no-such-paper"]
            for key in keys if "{key}" in operation.path else [None]:
                case = operation.Case(path_parameters={"key": str(key)} if key else None)
                response = case.call()
                assert response.status_code == (404 if key == "no-such-paper" else 200)
                case.validate_response(response, checks=[response_schema_conformance])
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_nothing_hidden_from_visitors_appears_anywhere(client, api_content, staff_client):
    for url in LISTS:
        for who in (client, staff_client):
            body = page_text(who.get(url))
            for title in HIDDEN_TITLES:
                assert title not in body, (url, title)


def test_sessions_have_offset_times_speakers_and_member_links(client, api_content):
    sessions = client.get("/api/v1/sessions").json()["results"]
    assert [s["title"] for s in sessions] == [f"Public talk {day}" for day in range(-3, 3)]
    first = sessions[0]
    assert OFFSET.search(first["start"]) and OFFSET.search(first["end"])
    assert first["speakers"] == [
        {"name": "Ada Speaker", "affiliation": "Somewhere", "homepage": "", "orcid": "",
         "member_url": "http://testserver/people/ada/"}
    ]  # fmt: skip
    assert first["recording_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    # A speaker whose member page is a draft is named, but not linked.
    assert sessions[1]["speakers"][0]["member_url"] is None


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("recorded=true", ["Public talk -3"]),
        ("speaker=ada", ["Public talk -3"]),
        ("q=ada+speaker", ["Public talk -3"]),
        ("series=open&page_size=2", ["Public talk -3", "Public talk -2"]),
    ],
)
def test_session_filters(client, api_content, query, titles):
    data = client.get(f"/api/v1/sessions?{query}").json()
    assert [s["title"] for s in data["results"]] == titles


def test_session_date_filters_are_whole_days_in_the_site_time_zone(client, api_content):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    data = client.get(f"/api/v1/sessions?from={tomorrow}&to={tomorrow}").json()
    expected = [s.title for s in Session.objects.published().filter(start__date=tomorrow)]
    assert [s["title"] for s in data["results"]] == expected
    assert client.get("/api/v1/sessions?to=0001-01-01").json()["count"] == 0
    assert client.get("/api/v1/sessions?from=0001-01-01&to=9999-12-31").json()["count"] == 6


def test_following_next_visits_every_session_once_in_order(client, api_content):
    seen, url = [], "/api/v1/sessions?page_size=4"
    while url:
        data = client.get(url).json()
        seen += [s["url"] for s in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == 6
    second = client.get("/api/v1/sessions?page_size=4&page=2").json()
    assert second["previous"] == "http://testserver/api/v1/sessions?page_size=4&page=1"
    assert second["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("page=0", "page"), ("page_size=101", "page_size"), ("from=yesterday", "from"),
     ("to=0", "to"), ("series=not a slug", "series"), ("recorded=maybe", "recorded")],
)  # fmt: skip
def test_malformed_parameters_get_400_naming_the_parameter(client, api_content, query, parameter):
    response = client.get(f"/api/v1/sessions?{query}")
    assert response.status_code == 400
    assert [problem["parameter"] for problem in response.json()["detail"]] == [parameter]


def test_unknown_series_or_speaker_get_404_in_words(client, api_content):
    response = client.get("/api/v1/sessions?series=hidden")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published series “hidden”."}
    assert client.get("/api/v1/sessions?speaker=draft-person").status_code == 404


def test_search_with_a_nul_character_is_harmless(client, api_content):
    assert client.get("/api/v1/sessions?q=a%00b").status_code == 200


def test_members_current_and_alumni(client, api_content):
    current = client.get("/api/v1/members").json()["results"]
    alumni = client.get("/api/v1/members?status=alumni").json()["results"]
    assert [m["slug"] for m in current] == ["ada"]
    assert [m["slug"] for m in alumni] == ["former"]
    assert client.get("/api/v1/members?status=everyone").status_code == 400


def test_news_links_only_visible_members_sessions_and_publications(client, api_content):
    (item,) = client.get("/api/v1/news").json()["results"]
    assert [m["title"] for m in item["members"]] == ["Ada Speaker"]
    assert [s["title"] for s in item["sessions"]] == ["Public talk -3"]
    paper = api_content["paper"]
    assert item["publications"] == [
        {"id": paper.pk, "title": "Public paper",
         "url": "http://testserver/publications/public-paper/",
         "api_url": f"http://testserver/api/v1/publications/{paper.pk}"}
    ]  # fmt: skip
    assert client.get(item["publications"][0]["api_url"]).json()["title"] == "Public paper"
    assert OFFSET.search(item["updated"])


def test_matching_etag_or_date_gets_304_also_from_the_page_cache(
    client, api_content, django_assert_num_queries, page_cache
):
    first = client.get("/api/v1/sessions")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):  # answered from the page cache
        again = client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/sessions", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_content_change_changes_the_etag(client, api_content):
    before = client.get("/api/v1/series")["ETag"]
    SeriesFactory(name="Another series")
    response = client.get("/api/v1/series", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and response["ETag"] != before


def test_anonymous_responses_come_from_the_page_cache(client, api_content, page_cache):
    assert client.get("/api/v1/news")["X-Page-Cache"] == "miss"
    assert client.get("/api/v1/news")["X-Page-Cache"] == "hit"


def test_cors_header_on_get_only(client, api_content, page_cache):
    response = client.get("/api/v1/sessions")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"
    for method in (client.post, client.put, client.delete, client.patch):
        response = method("/api/v1/sessions")
        assert "Access-Control-Allow-Origin" not in response, method
        assert response.status_code == 405


@pytest.mark.parametrize("cached", [False, True])
def test_head_sends_the_headers_of_get_and_no_body(raw_wsgi, api_content, settings, cached):
    """Through the WSGI application itself: Django's test client empties HEAD bodies."""
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    status, get_headers, body = raw_wsgi("GET", "/api/v1/sessions")
    assert status == 200 and len(body) == int(get_headers["Content-Length"]) > 1000
    status, headers, head_body = raw_wsgi("HEAD", "/api/v1/sessions")
    assert (status, head_body) == (200, b"")
    assert headers["Content-Length"] == get_headers["Content-Length"]
    assert headers["ETag"] == get_headers["ETag"]
    assert headers["Access-Control-Allow-Origin"] == "*"
    # HEAD left the cached body whole.
    assert raw_wsgi("GET", "/api/v1/sessions")[2] == body


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_cross_origin_conditional_read_passes_its_preflight(client, api_content, method):
    response = client.options(
        "/api/v1/sessions?page=2",
        HTTP_ORIGIN="https://other.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    assert response.status_code == 204 and response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert response["Access-Control-Allow-Headers"] == "If-None-Match, If-Modified-Since"
    assert response["Access-Control-Max-Age"] == "7200"
    assert not response.cookies


@pytest.mark.parametrize("asked", ["POST", "DELETE", "PUT", None])
def test_a_preflight_for_anything_but_reading_is_refused(client, api_content, asked):
    headers = {"HTTP_ORIGIN": "https://other.example"}
    if asked:
        headers["HTTP_ACCESS_CONTROL_REQUEST_METHOD"] = asked
    response = client.options("/api/v1/sessions", **headers)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_api_sets_no_cookie_and_does_not_vary_on_cookie(staff_client, api_content):
    response = staff_client.get("/api/v1/sessions")
    assert response.status_code == 200
    assert response.cookies == {}
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.parametrize(("path", "stripped"), [("/api/v1/news", True), ("/news/", False)])
def test_cookies_and_vary_cookie_are_stripped_from_api_responses_only(rf, path, stripped):
    def view_that_touches_the_session(request):
        response = HttpResponse("{}", content_type="application/json")
        response.set_cookie("sessionid", "abc")
        response["Vary"] = "Cookie, Accept-Encoding"
        return response

    response = ApiResponseMiddleware(view_that_touches_the_session)(rf.get(path))
    assert (response.cookies == {}) is stripped
    assert response["Vary"] == ("Accept-Encoding" if stripped else "Cookie, Accept-Encoding")


def test_openapi_document_and_docs_page(client, api_content):
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/", "/api/v1/series", "/api/v1/sessions", "/api/v1/members", "/api/v1/positions",
        "/api/v1/news", "/api/v1/publications", "/api/v1/publications/{key}",
    }  # fmt: skip
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "<script" not in html and " style=" not in html
    assert "default-src 'self'" in docs["Content-Security-Policy"]
    for path in schema["paths"]:
        assert f"<code>GET {path}</code>" in html
    assert '<a href="http://testserver/api/v1/openapi.json">' in html
    assert client.get("/api/").url == "/api/v1/docs/"
    # Each parameter table scrolls inside its own box on a phone, not the page.
    assert (
        html.count('<div class="table-scroll">\n  <table class="api-parameters">')
        == (html.count('<table class="api-parameters">'))
        > 0
    )


def test_markdown_fields_are_html_with_absolute_links(client, api_content):
    NewsItem.objects.update(
        body="See [the archive](/seminar/archive/) and [elsewhere](https://a.example/)."
    )
    (item,) = client.get("/api/v1/news").json()["results"]
    assert item["body"] == (
        '<p>See <a href="http://testserver/seminar/archive/" rel="noopener noreferrer">the '
        'archive</a> and <a href="https://a.example/" rel="noopener noreferrer">elsewhere</a>.</p>'
    )
