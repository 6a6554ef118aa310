"""News in English and German (django-modeltranslation): a German page shows the German
text where one exists and the English text where none does, never an empty block; the
English page is unchanged. The /de/ URLs come with the i18n branch; here the language is
activated around the view itself, which is what LocaleMiddleware does for /de/."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from news import selectors
from news.models import NewsItem
from tests.factories import NewsItemFactory, SiteSettingsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_settings():
    return SiteSettingsFactory(group_name="Hybrid Modelling", group_name_de="Hybride Modellierung")


def render(url: str, language: str) -> str:
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    match = resolve(url)
    with translation.override(language):
        response = match.func(request, *match.args, **match.kwargs)
        response.render()
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def translated():
    return NewsItemFactory(
        title="Paper accepted", title_de="Artikel angenommen",
        teaser="Our paper was accepted.", teaser_de="Unser Artikel wurde angenommen.",
        body="In **Nature**.",
    )  # fmt: skip


@pytest.fixture
def untranslated():
    return NewsItemFactory(title="New member", teaser="Welcome, Ada.", body="She works on flows.")


def test_existing_texts_are_the_english_version(untranslated):
    untranslated.refresh_from_db()
    assert (untranslated.title_en, untranslated.title_de) == ("New member", None)


def test_a_german_title_shows_on_the_german_page_and_the_english_one_on_the_english(translated):
    url = translated.get_absolute_url()
    german = render(url, "de")
    assert "<h1>Artikel angenommen</h1>" in german
    assert "Unser Artikel wurde angenommen." in german
    # No German body: the English one, not an empty block.
    assert "<strong>Nature</strong>" in german
    english = render(url, "en")
    assert "<h1>Paper accepted</h1>" in english
    assert "Artikel angenommen" not in english


def test_an_untranslated_item_shows_english_on_the_german_page(untranslated):
    german = render(untranslated.get_absolute_url(), "de")
    assert "<h1>New member</h1>" in german
    assert "Hybride Modellierung" in german and "Hybrid Modelling" not in german
    assert "Welcome, Ada." in german and "She works on flows." in german


def test_the_german_list_shows_each_item_in_german_or_english(translated, untranslated):
    german = render("/news/", "de")
    assert "Artikel angenommen" in german and "New member" in german
    assert "Paper accepted" not in german


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_german_list_costs_the_queries_the_english_one_does(
    translated, untranslated, django_assert_num_queries, language
):
    # As tests/news/test_news.py counts the English list: site settings, navigation,
    # partner logos, the count and one page of items. German texts are columns of the
    # same rows, so German adds nothing.
    with django_assert_num_queries(5):
        render("/news/", language)
    with django_assert_num_queries(1), translation.override(language):
        titles = {item.title for item in selectors.news_list()}
    german = {"Artikel angenommen", "New member"}
    assert titles == (german if language == "de" else {"Paper accepted", "New member"})


def test_a_german_title_written_under_german_keeps_the_english_one(translated):
    with translation.override("de"):
        item = NewsItem.objects.get(pk=translated.pk)
        item.title = "Aufsatz angenommen"
        item.save()
    item.refresh_from_db()
    assert (item.title_en, item.title_de) == ("Paper accepted", "Aufsatz angenommen")
