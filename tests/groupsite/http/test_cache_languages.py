"""The page cache keeps English and German apart (groupsite.http.cache.page_key)."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from groupsite.http.cache import page_key, query_parameters
from tests.http import page_text

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)"', page_text(response)).group(1)


def test_each_language_has_its_own_kept_copy(client, site_settings, page_cache):
    assert client.get("/people/")["X-Page-Cache"] == "miss"
    german = client.get("/de/people/")
    assert german["X-Page-Cache"] == "miss"  # never the English copy
    assert html_lang(german) == "de"
    for path, language in [("/de/people/", "de"), ("/people/", "en"), ("/de/people/", "de")]:
        response = client.get(path)
        assert response["X-Page-Cache"] == "hit", path
        assert html_lang(response) == language, path
        assert response["Content-Language"] == language, path


def test_a_thread_left_in_german_still_keeps_english_pages_as_english(
    client, site_settings, page_cache
):
    client.get("/people/")
    translation.activate("de")
    try:
        response = client.get("/people/")
    finally:
        translation.deactivate()
    assert response["X-Page-Cache"] == "hit"
    assert html_lang(response) == "en"


def test_the_key_names_the_language_of_the_path(rf):
    english, german = page_key(rf.get("/people/")), page_key(rf.get("/de/people/"))
    assert english.startswith("page:en:")
    assert german.startswith("page:de:")


@pytest.mark.parametrize("active", ["en", "de"])
def test_parameters_are_read_from_the_view_in_the_paths_own_language(rf, active):
    """The cache runs before the locale middleware: whatever language the thread has,
    /de/?page=2 is the German landing page (which reads no parameter), not a page slug."""
    with translation.override(active):
        assert query_parameters(rf.get("/de/")) == set()
        assert query_parameters(rf.get("/")) == set()
        assert "year" in query_parameters(rf.get("/de/publications/"))


def test_landing_page_parameters_share_one_copy_per_language(client, site_settings, page_cache):
    client.get("/de/")
    assert client.get("/de/?page=2")["X-Page-Cache"] == "hit"
    assert html_lang(client.get("/?page=2")) == "en"
    assert len([key for key in cache._cache if ":page:" in key]) == 2
