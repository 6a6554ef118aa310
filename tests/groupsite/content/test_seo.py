import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from groupsite.content.seo import canonical_url
from news.models import NewsItem
from pages.models import Page
from people.models import Member, Position
from publications.models import Publication
from seminar.models import Session

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def demo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_content", verbosity=0)


def sitemap_paths(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {url.text.removeprefix("http://testserver") for url in root.findall("s:url/s:loc", NS)}


def test_sitemap_lists_every_public_page(client, demo_site):
    Page.objects.create(title="Draft", slug="draft", published=False)
    paths = sitemap_paths(client)
    expected = {"/", "/people/", "/positions/", "/publications/", "/seminar/", "/seminar/archive/",
                "/news/", "/api/v1/docs/",
                "/legal-notice/", "/privacy/", "/accessibility/"}  # fmt: skip
    expected |= {p.get_absolute_url() for p in Publication.objects.published()}
    expected |= {n.get_absolute_url() for n in NewsItem.objects.published()}
    expected |= {p.get_absolute_url() for p in Page.objects.published()}
    expected |= {m.get_absolute_url() for m in Member.objects.published()}
    expected |= {p.get_absolute_url() for p in Position.objects.open()}
    expected |= {s.get_absolute_url() for s in Session.objects.published()}
    expected |= {"/seminar/ml-seminar/"}
    # Every page in both languages: English at its old address, German under /de/.
    assert paths == expected | {f"/de{path}" for path in expected}
    assert "/draft/" not in paths


XHTML = "{http://www.w3.org/1999/xhtml}link"


def test_every_sitemap_entry_names_its_english_german_and_default_alternates(client, demo_site):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = root.findall("s:url", NS)
    assert len(entries) >= 60
    for entry in entries:
        loc = entry.find("s:loc", NS).text.removeprefix("http://testserver")
        links = {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in entry.iter(XHTML)
        }
        english = loc.removeprefix("/de") if loc.startswith("/de/") else loc
        assert links == {"en": english, "de": f"/de{english}", "x-default": english}, loc


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /markdownx/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_favicon_ico_redirects_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def head_meta(html):
    pairs = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html)
    return dict(pairs)


def test_pages_carry_canonical_url_and_sharing_tags(client, demo_site):
    html = client.get("/seminar/archive/?page=1&q=flows&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/seminar/archive/">' in html
    meta = head_meta(html)
    assert (
        meta["og:title"]
        == meta["twitter:title"]
        == "Seminar archive · Model-Driven Machine Learning"
    )
    assert meta["og:url"] == "http://testserver/seminar/archive/"
    assert meta["og:image"].startswith("http://testserver/media/renditions/share-card-")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["description"].startswith("Every session of the Model-Driven Machine Learning")


def test_member_page_shares_the_portrait(client, demo_site):
    html = client.get("/people/david-greenberg/").content.decode()
    meta = head_meta(html)
    assert meta["og:type"] == "profile"
    assert re.fullmatch(
        r"http://testserver/media/renditions/david-greenberg-\w+-portrait-large-2x\.jpg",
        meta["og:image"],
    )
    assert meta["og:title"] == "David Greenberg · Model-Driven Machine Learning"


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/seminar/archive/?page=2&q=x", "http://testserver/seminar/archive/?page=2"),
        ("/seminar/archive/?page=1", "http://testserver/seminar/archive/"),
        ("/people/?fbclid=abc", "http://testserver/people/"),
        ("/seminar/archive/?page=../x", "http://testserver/seminar/archive/"),
        ("/seminar/archive/?page=%C2%B2", "http://testserver/seminar/archive/"),
    ],
)
def test_canonical_url_keeps_only_later_pages(rf, path, canonical):
    assert canonical_url(rf.get(path)) == canonical


def test_every_page_has_a_title_and_description_from_content(client, demo_site):
    session = Session.objects.published().first()
    html = client.get(session.get_absolute_url()).content.decode()
    assert f"<title>{session.title} · Machine Learning Seminar</title>" in html
    assert head_meta(html)["description"].startswith(f"Machine Learning Seminar #{session.number}")


def test_absolute_url_joins_the_site_root_with_an_object_or_a_path():
    from groupsite.content.seo import absolute_url

    class Thing:
        def get_absolute_url(self):
            return "/seminar/ml/3-talk/"

    assert (
        absolute_url("https://group.example", Thing()) == "https://group.example/seminar/ml/3-talk/"
    )
    assert absolute_url("https://group.example/", "/") == "https://group.example/"
