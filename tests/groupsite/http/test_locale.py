"""The page's language comes from its address alone (groupsite.http.locale)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from groupsite.http.locale import path_language
from tests.factories import NewsItemFactory, SessionFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)"', page_text(response)).group(1)


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/news/", "en"), ("/de/", "de"), ("/de/news/3/", "de"), ("/de", "de"),
     ("/deutsch/", "en"), ("/api/v1/", "en"), ("/admin/", "en"), ("/fr/news/", "en"),
     ("/DE/", "en"), ("/De/news/", "en"), ("/DE", "en")],
)  # fmt: skip
def test_the_language_is_the_path_prefix_or_english(path, language):
    assert path_language(path) == language


def test_german_pages_answer_in_german_under_de(client, site_settings):
    response = client.get("/de/news/")
    assert html_lang(response) == "de"
    assert response["Content-Language"] == "de"


def test_an_upper_case_prefix_is_no_german_page(client, site_settings):
    response = client.get("/DE/")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in page_text(response, status=404)


@pytest.mark.parametrize("path", ["/no-such-page/", "/de/no-such-page/"])
def test_a_page_not_found_names_no_other_language_versions(client, site_settings, path):
    response = client.get(path)
    assert response.status_code == 404
    html = page_text(response, status=404)
    assert "<h1>" in html and 'rel="canonical"' in html  # the site's own 404 page
    assert 'rel="alternate" hreflang' not in html


def test_english_pages_ignore_the_browser_language_and_a_language_cookie(client, site_settings):
    client.cookies["django_language"] = "de"
    response = client.get("/news/", headers={"accept-language": "de-DE,de;q=0.9"})
    assert response.status_code == 200  # no redirect to /de/news/
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/", "/news/", "/seminar/", "/de/news/", "/api/v1/"])
def test_no_answer_varies_on_accept_language(client, site_settings, path):
    """The language is in the address: a Vary on Accept-Language would only split nginx's
    micro-cache and browsers' caches per header value (docs/deploy/nginx.conf)."""
    response = client.get(path, headers={"accept-language": "de"})
    assert response.status_code == 200
    assert "accept-language" not in response.get("Vary", "").lower()


def test_the_api_answers_the_same_whatever_the_browser_language(client, site_settings):
    NewsItemFactory()
    english = client.get("/api/v1/news")
    german_browser = client.get("/api/v1/news", headers={"accept-language": "de"})
    assert english.status_code == german_browser.status_code == 200
    assert english.content == german_browser.content
    assert english["ETag"] == german_browser["ETag"]
    assert english["Content-Language"] == "en"


def test_a_german_request_leaves_the_thread_in_english(client, site_settings):
    client.get("/de/news/")
    assert translation.get_language() == "en"
    assert reverse("news:list") == "/news/"


def test_german_pages_show_german_dates(client, site_settings):
    berlin = ZoneInfo("Europe/Berlin")
    session = SessionFactory(start=datetime(2026, 12, 8, 15, 0, tzinfo=berlin))
    item = NewsItemFactory(date=datetime(2026, 12, 8).date())
    german = page_text(client.get(f"/de{session.get_absolute_url()}"))
    assert "Di., 8. Dez. 2026, 15:00 Uhr CET" in german
    assert "8. Dezember 2026" in page_text(client.get(f"/de{item.get_absolute_url()}"))
    english = page_text(client.get(session.get_absolute_url()))
    assert "Tue 8 December 2026, 15:00 CET" in english
    assert "8 December 2026" in page_text(client.get(item.get_absolute_url()))


def test_the_admin_speaks_the_staff_members_browser_language(admin_client, site_settings):
    """The admin has no /de/ address: German staff get it in German from their browser's
    language, everyone else in English; the answer says it varies on that."""
    german = admin_client.get("/admin/", headers={"accept-language": "de-DE,de;q=0.9"})
    english = admin_client.get("/admin/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert html_lang(german) == "de" and german["Content-Language"] == "de"
    assert "<title>Übersicht" in german.content.decode()
    assert html_lang(english) == "en" and "<title>Dashboard" in english.content.decode()
    assert "Accept-Language" in german["Vary"]
    # The public site next to it stays English at its old addresses.
    page = admin_client.get("/news/", headers={"accept-language": "de"})
    assert html_lang(page) == "en"
