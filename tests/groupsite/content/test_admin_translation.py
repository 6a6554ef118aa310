"""The admin of texts with a German version: both side by side, and which German is missing."""

import re

import pytest

from tests.factories import NewsItemFactory, SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_each_text_and_its_german_version_share_one_row(admin_client):
    html = admin_client.get("/admin/news/newsitem/add/").content.decode()
    # One form row for both (Django writes a row's fields into its class).
    assert '<div class="form-row field-title_en field-title_de">' in html
    assert 'name="title_en"' in html and 'name="title_de"' in html
    assert ">Title (German):</label>" in html
    # No script from elsewhere, no inline script: the strict policy holds.
    assert "googleapis" not in html and "jquery-ui" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)


def test_the_list_names_missing_german_and_filters_by_it(admin_client):
    NewsItemFactory(title="Done", title_de="Fertig", teaser="t", teaser_de="t", body="",
                    image_alt="")  # fmt: skip
    NewsItemFactory(title="Half", title_de="Halb", teaser="Only English.", body="Body.")
    html = admin_client.get("/admin/news/newsitem/").content.decode()
    assert "Missing: Teaser, Body" in html
    missing = admin_client.get("/admin/news/newsitem/?german=missing").content.decode()
    assert "Half" in missing and "Done" not in missing
    complete = admin_client.get("/admin/news/newsitem/?german=complete").content.decode()
    assert "Done" in complete and "Half" not in complete


def test_the_change_form_says_which_german_texts_are_missing(admin_client):
    item = NewsItemFactory(title="Half", title_de="Halb", teaser="Only English.", body="")
    html = admin_client.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
    assert "Missing in German: Teaser. German pages show the text itself there." in html


def test_a_talk_given_in_german_needs_no_german_version(admin_client):
    SessionFactory(series=SeriesFactory(language="de"), title="Strömungen")
    SessionFactory(title="Flows")
    missing = admin_client.get("/admin/seminar/session/?german=missing").content.decode()
    assert "Flows" in missing and "Strömungen" not in missing


def test_a_search_finds_the_german_text(admin_client):
    NewsItemFactory(title="Paper accepted", title_de="Artikel angenommen")
    NewsItemFactory(title="Other")
    html = admin_client.get("/admin/news/newsitem/?q=angenommen").content.decode()
    assert "Paper accepted" in html and "Other" not in html
