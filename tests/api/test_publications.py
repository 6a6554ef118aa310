"""The publications endpoints: only published papers, their authors in order, filters."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publications.models import Publication
from tests.factories import AuthorshipFactory, MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db
OFFSET = re.compile(r"[+-]\d\d:\d\d$")


def test_list_has_authors_in_order_links_and_only_live_member_pages(client, api_content):
    paper = api_content["paper"]
    (item,) = client.get("/api/v1/publications").json()["results"]
    assert item["id"] == paper.pk
    assert (item["slug"], item["bibtex_key"], item["type"]) == (
        "public-paper", "ada2024public", "article",
    )  # fmt: skip
    assert item["type_label"] == "Journal article"
    assert item["url"] == "http://testserver/publications/public-paper/"
    assert item["authors"] == [
        {"name": "Ada Speaker", "member_url": "http://testserver/people/ada/"},
        {"name": "Draft Person", "member_url": None},  # a draft member page is never linked
        {"name": "Grace Outsider", "member_url": None},
    ]
    assert (item["doi"], item["arxiv_id"]) == ("10.1234/public.5678", "2401.01234")
    assert item["links"] == [
        {"kind": "doi", "label": "DOI", "url": "https://doi.org/10.1234/public.5678"},
        {"kind": "arxiv", "label": "arXiv", "url": "https://arxiv.org/abs/2401.01234"},
        {"kind": "code", "label": "Code", "url": "https://code.example/p"},
    ]
    assert item["bibtex_url"] == "http://testserver/publications/public-paper.bib"
    assert item["csl_url"] == "http://testserver/publications/public-paper.json"
    assert OFFSET.search(item["updated"])


def test_dates_are_iso_and_uploaded_pdfs_absolute(client, db, site_settings):
    PublicationFactory(
        slug="dated", year=2023, date=timezone.datetime(2023, 6, 14).date(),
        pdf_url="/media/papers/x.pdf",
    )  # fmt: skip
    (item,) = client.get("/api/v1/publications").json()["results"]
    assert (item["year"], item["month"], item["date"]) == (2023, None, "2023-06-14")
    assert item["links"] == [
        {"kind": "pdf", "label": "PDF", "url": "http://testserver/media/papers/x.pdf"}
    ]


def test_a_preprint_links_its_published_version_only_when_that_is_visible(client, db):
    version = PublicationFactory(slug="final", published=False)
    PublicationFactory(slug="early", kind="preprint", published_version=version)
    (item,) = client.get("/api/v1/publications").json()["results"]
    assert item["published_version_url"] is None
    Publication.objects.filter(slug="final").update(published=True)
    early = client.get("/api/v1/publications/early").json()
    assert early["published_version_url"] == "http://testserver/publications/final/"


@pytest.fixture
def papers(db, site_settings):
    ada = MemberFactory(slug="ada")
    old = PublicationFactory(title="Old ocean paper", slug="old", year=2020, kind="conference")
    new = PublicationFactory(title="New ice paper", slug="new", year=2024, selected=True)
    AuthorshipFactory(publication=old, name="Ada Lovelace", member=ada)
    AuthorshipFactory(publication=new, name="Zoë Ångström")
    PublicationFactory(title="Hidden ocean paper", slug="hidden", year=2020, published=False)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("", ["new", "old"]),
        ("year=2020", ["old"]),
        ("type=conference", ["old"]),
        ("member=ada", ["old"]),
        ("selected=true", ["new"]),
        ("selected=false", ["old"]),
        ("q=ocean", ["old"]),
        ("q=%C3%85ngstr%C3%B6m", ["new"]),  # an author's name
        ("q=ocean+ice", []),
        ("q=a%00b", []),
    ],
)
def test_filters(client, papers, query, slugs):
    data = client.get(f"/api/v1/publications?{query}").json()
    assert [p["slug"] for p in data["results"]] == slugs


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("year=20", "year"), ("type=poem", "type"), ("member=not a slug", "member"),
     ("selected=maybe", "selected"), ("page_size=0", "page_size")],
)  # fmt: skip
def test_malformed_filters_get_400_naming_the_parameter(client, papers, query, parameter):
    response = client.get(f"/api/v1/publications?{query}")
    assert response.status_code == 400
    assert [problem["parameter"] for problem in response.json()["detail"]] == [parameter]


def test_unknown_or_draft_member_gets_404_in_words(client, papers):
    MemberFactory(slug="draft-member", published=False)
    response = client.get("/api/v1/publications?member=nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published member “nobody”."}
    assert client.get("/api/v1/publications?member=draft-member").status_code == 404


def test_detail_by_id_slug_or_bibtex_key_and_never_a_draft(client, api_content):
    paper = api_content["paper"]
    for key in (paper.pk, "public-paper", "ada2024public"):
        response = client.get(f"/api/v1/publications/{key}")
        assert response.status_code == 200, key
        assert response.json()["id"] == paper.pk
    for key in ("draft-paper", "scheduled-paper", "nothing", "1:2"):
        response = client.get(f"/api/v1/publications/{key}")
        assert response.status_code == 404, key
    assert client.get("/api/v1/publications/draft-paper").json() == {
        "detail": "There is no published publication “draft-paper”."
    }
    assert client.get("/api/v1/publications/a%20b").status_code == 400


def test_a_slug_wins_over_a_bibtex_key_whatever_the_papers_years(client, db):
    has_slug = PublicationFactory(slug="amb", title="Has the slug", year=2020)
    PublicationFactory(slug="other", title="Has the key", year=2024, bibtex_key="amb")
    assert client.get("/api/v1/publications/amb").json()["title"] == "Has the slug"
    has_slug.year = 2025
    has_slug.save()
    assert client.get("/api/v1/publications/amb").json()["title"] == "Has the slug"
    assert client.get("/api/v1/publications/other").json()["title"] == "Has the key"


def test_an_id_wins_over_a_slug_of_the_same_digits(client, db):
    first = PublicationFactory(slug="first")
    PublicationFactory(slug=str(first.pk))
    assert client.get(f"/api/v1/publications/{first.pk}").json()["slug"] == "first"


def test_following_next_visits_every_paper_once_even_when_the_sort_keys_tie(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    with time_machine.travel("2026-03-01 12:00 +00:00", tick=False):
        PublicationFactory.create_batch(7, year=2024, title="Same title")
    seen, url = [], "/api/v1/publications?page_size=3"
    while url:
        with CaptureQueriesContext(connection) as queries:
            data = client.get(url).json()
        page_query = next(q["sql"] for q in queries if "LIMIT" in q["sql"])
        # Year, date, created and title all tie: the id decides, so pages never overlap.
        assert re.search(r'"publications_publication"\."id" ASC LIMIT', page_query)
        seen += [p["id"] for p in data["results"]]
        url = data["next"]
    assert seen == sorted(seen) and len(set(seen)) == 7


def test_publications_answer_304_with_cors_and_come_from_the_page_cache(
    client, api_content, page_cache, django_assert_num_queries
):
    first = client.get("/api/v1/publications")
    assert first["X-Page-Cache"] == "miss" and first["Access-Control-Allow-Origin"] == "*"
    assert first.cookies == {}
    assert client.get("/api/v1/publications")["X-Page-Cache"] == "hit"
    with django_assert_num_queries(0):
        again = client.get("/api/v1/publications", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    detail = client.get("/api/v1/publications/public-paper")
    assert (
        client.get(
            "/api/v1/publications/public-paper", HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"]
        ).status_code
        == 304
    )
    assert client.post("/api/v1/publications").status_code == 405
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/publications")


def test_docs_page_lists_the_publication_endpoints_with_their_choices(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    assert "<code>GET /api/v1/publications</code>" in html
    assert "<code>GET /api/v1/publications/{key}</code>" in html
    assert "string: article, conference, preprint, thesis, book, report, software, dataset" in html
    assert 'href="/api/v1/publications?' not in html  # no papers: no example filters
    assert 'href="/api/v1/publications/{key}"' not in html  # no link to a placeholder
    assert "at most 50 characters" in html and "characters:" not in html
    assert "letters, digits, - and _" in html  # the member parameter's pattern
    # The descriptions are markdown: code in <code>, never backticks.
    assert "<code>next</code>" in html and "`" not in html


def test_docs_examples_come_from_the_sites_own_papers(client, papers):
    html = client.get("/api/v1/docs/").content.decode()
    assert 'href="/api/v1/publications?year=2024&amp;type=article"' in html
    assert 'href="/api/v1/publications/new"' in html
    assert "david-greenberg" not in html
    PublicationFactory(slug="newest", year=2025, kind="preprint")
    AuthorshipFactory(
        publication=Publication.objects.get(slug="newest"), member=MemberFactory(slug="bo")
    )
    html = client.get("/api/v1/docs/").content.decode()
    for link in (
        "/api/v1/publications?year=2025&amp;type=preprint",
        "/api/v1/publications?member=bo",
    ):
        assert f'href="{link}"' in html
        assert client.get(link.replace("&amp;", "&")).json()["count"] == 1


@pytest.mark.parametrize("query", ["ocean%00paper", "%00", "%00%00+", "Old%00"])
def test_nul_in_a_search_reads_as_a_space_on_the_page_and_in_the_api(client, papers, query):
    """NUL separates words like a space, in both; only NULs is an empty search (all)."""
    api = [p["slug"] for p in client.get(f"/api/v1/publications?q={query}").json()["results"]]
    spaced = query.replace("%00", "+")
    assert api == [
        p["slug"] for p in client.get(f"/api/v1/publications?q={spaced}").json()["results"]
    ]
    html = client.get(f"/publications/?q={query}").content.decode()
    assert re.findall(r'href="/publications/(\w+)/"', html) == api


def test_page_links_carry_only_the_endpoints_own_parameters(client, papers, page_cache):
    """One visitor's tracking parameter never reaches the link the cache serves others."""
    PublicationFactory.create_batch(3, year=2020)
    first = client.get("/api/v1/publications?year=2020&page_size=1&utm_source=EVIL")
    assert (
        first.json()["next"] == "http://testserver/api/v1/publications?year=2020&page_size=1&page=2"
    )
    plain = client.get("/api/v1/publications?year=2020&page_size=1")
    assert plain["X-Page-Cache"] == "hit"
    assert "EVIL" not in plain.json()["next"]
    second = client.get("/api/v1/publications?page=2&page_size=1&year=2020&fbclid=x").json()
    assert (
        second["previous"] == "http://testserver/api/v1/publications?page_size=1&year=2020&page=1"
    )


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/publications/", "/api/v2/publications"])
def test_unknown_api_addresses_answer_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": f"There is no API address {path}; the operations are listed at "
        "http://testserver/api/v1/docs/."
    }


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_other_methods_answer_json_405_naming_get_and_head(client, db, method):
    response = getattr(client, method)("/api/v1/publications")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json() == {"detail": "The API is read-only: it answers GET and HEAD only."}
