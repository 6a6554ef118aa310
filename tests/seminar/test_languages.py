"""The language a session is given in (Session.language, defaulting to the series'): a small
label, the archive's and the API's filter, JSON-LD; and the seminar's texts in German."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation

from seminar import selectors
from seminar.jsonld import session_event
from seminar.models import Session
from seminar.services import update_session
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
BERLIN = timezone.get_default_timezone()


@pytest.fixture
def talks(site_settings):
    english = SeriesFactory(slug="ml", name="ML seminar")
    german = SeriesFactory(slug="kolloquium", name="Kolloquium", language="de")
    start = datetime(2024, 3, 12, 15, tzinfo=BERLIN)
    return {
        "en": SessionFactory(series=english, title="Flows in English", start=start),
        "de": SessionFactory(series=german, title="Flüsse auf Deutsch", start=start),
        # Given in English in the German series.
        "guest": SessionFactory(series=german, title="A guest in English", language="en",
                                start=start + timedelta(days=1)),
    }  # fmt: skip


def test_a_session_takes_its_series_language_unless_given_one(talks):
    assert [talks[key].language for key in ("en", "de", "guest")] == ["en", "de", "en"]
    session = talks["de"]
    update_session(session, language="")  # emptied: the series' language again
    session.refresh_from_db()
    assert session.language == "de"


def test_a_row_without_a_language_is_given_in_its_series_language(talks):
    Session.objects.filter(pk=talks["de"].pk).update(language="")
    session = Session.objects.select_related("series").get(pk=talks["de"].pk)
    assert (session.spoken_language, session.language_given_in) == ("de", "Given in German")


def test_the_archive_selector_filters_by_language_with_the_series_default(talks):
    Session.objects.filter(pk=talks["de"].pk).update(language="")  # falls back to "de"
    german = selectors.archive_sessions(selectors.ArchiveFilters(language="de"))
    english = selectors.archive_sessions(selectors.ArchiveFilters(language="en"))
    assert [s.title for s in german] == ["Flüsse auf Deutsch"]
    assert [s.title for s in english] == ["A guest in English", "Flows in English"]


def test_the_archive_page_filters_by_language(client, talks, django_assert_num_queries):
    # As unfiltered (tests/seminar/test_views.py): settings, navigation, years, count,
    # page, speakers, partner logos.
    with django_assert_num_queries(7):
        html = client.get("/seminar/archive/?language=de").content.decode()
    assert "Flüsse auf Deutsch" in html
    assert "Flows in English" not in html and "A guest in English" not in html
    assert '<option value="de" lang="de" selected>Deutsch</option>' in html
    bad = client.get("/seminar/archive/?language=fr").content.decode()
    assert "Some filters could not be used" in bad and "Flows in English" in bad


def test_session_items_and_pages_carry_a_language_label(client, talks):
    html = client.get("/seminar/archive/").content.decode()
    label = (
        '<span class="badge badge-language" title="Given in German"><span aria-hidden="true">'
        'DE</span><span class="visually-hidden">Given in German</span></span>'
    )
    assert html.count(label) == 1
    assert html.count('title="Given in English"') == 2
    page = client.get(talks["de"].get_absolute_url()).content.decode()
    assert re.search(r"<dt>Language</dt><dd><span class=\"badge badge-language\" "
                     r"title=\"Given in German\">", page)  # fmt: skip


def test_the_api_filters_by_language_and_says_each_sessions_language(
    client, talks, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the count, the page, the speakers
        data = client.get("/api/v1/sessions?language=en").json()
    assert data["count"] == 2
    assert [(s["title"], s["language"]) for s in data["results"]] == [
        ("Flows in English", "en"), ("A guest in English", "en"),
    ]  # fmt: skip
    german = client.get("/api/v1/sessions?language=de").json()["results"]
    assert [(s["title"], s["language"]) for s in german] == [("Flüsse auf Deutsch", "de")]
    assert client.get("/api/v1/sessions?language=fr").status_code == 400
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/sessions"]["get"]["parameters"]
    assert "language" in {parameter["name"] for parameter in parameters}


def test_json_ld_names_the_language(talks):
    event = session_event(talks["de"], "https://example.org", "Group")
    assert event["inLanguage"] == "de"
    assert session_event(talks["guest"], "https://example.org", "Group")["inLanguage"] == "en"


# The seminar's texts in German ----------------------------------------------------------


def test_a_german_title_and_abstract_show_under_german_the_english_ones_otherwise(talks):
    session = talks["en"]
    session.title_de = "Flüsse, übersetzt"
    session.save()
    item = Session.objects.with_listing_data().get(pk=session.pk)
    with translation.override("de"):
        german = render_to_string("includes/session_item.html", {"session": item})
        assert item.abstract == "An abstract."  # no German abstract: the English one
    english = render_to_string("includes/session_item.html", {"session": item})
    assert "Flüsse, übersetzt" in german and "Flows in English" not in german
    assert "Flows in English" in english and "übersetzt" not in english


def test_the_session_page_under_german_shows_english_where_no_german_exists(talks):
    session = talks["en"]
    SpeakerFactory(session=session, name="Ada Lovelace")
    url = session.get_absolute_url()
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    match = resolve(url)
    with translation.override("de"):
        response = match.func(request, *match.args, **match.kwargs)
        response.render()
    html = response.content.decode()
    assert "<h1>Flows in English</h1>" in html
    assert "An abstract." in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                html, re.S)[1])  # fmt: skip
    assert data["inLanguage"] == "en"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_archive_search_finds_english_text_under_german_and_german_under_english(
    talks, language
):
    talks["de"].title_de = "Strömungen lernen"
    talks["de"].save()
    with translation.override(language):
        found = selectors.archive_sessions(selectors.ArchiveFilters(query="flows"))
        assert [s.title_en for s in found] == ["Flows in English"]
        found = selectors.archive_sessions(selectors.ArchiveFilters(query="strömungen"))
        assert [s.title_en for s in found] == ["Flüsse auf Deutsch"]
