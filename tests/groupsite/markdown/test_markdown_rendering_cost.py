"""Markdown is parsed when text is saved, never again for visitors; slow text is refused."""

import pytest
from django.core.cache import cache

from groupsite.markdown import render as markdown
from pages.models import Page
from tests.admin_forms import in_english
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parser_calls(monkeypatch):
    calls = []
    real = markdown.PARSER.render

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(markdown.PARSER, "render", counting)
    cache.clear()
    markdown._rendered.cache_clear()
    yield calls
    markdown._rendered.cache_clear()


def test_the_same_text_is_parsed_once(parser_calls):
    first = markdown.render_markdown("Some *text*.")
    assert markdown.render_markdown("Some *text*.") == first == "<p>Some <em>text</em>.</p>"
    assert parser_calls == ["Some *text*."]


def test_another_worker_finds_the_html_in_the_shared_cache(parser_calls):
    markdown.render_markdown("Shared *text*.")
    markdown._rendered.cache_clear()  # as if another process
    assert markdown.render_markdown("Shared *text*.") == "<p>Shared <em>text</em>.</p>"
    assert parser_calls == ["Shared *text*."]


def test_saving_renders_so_that_visitors_never_run_the_parser(client, site_settings, parser_calls):
    page = PageFactory(slug="teaching", body="We teach **deep learning**.")
    markdown._rendered.cache_clear()  # a fresh worker
    saved_parses = len(parser_calls)
    response = client.get(page.get_absolute_url())
    assert "<strong>deep learning</strong>" in response.content.decode()
    assert len(parser_calls) == saved_parses


def test_a_cache_outage_still_renders(parser_calls, monkeypatch):
    class Down:
        def get(self, *args):
            raise ConnectionError("down")

        set = get

    monkeypatch.setattr(markdown, "cache", Down())
    assert markdown.render_markdown("*still*") == "<p><em>still</em></p>"


def test_overlong_text_is_refused_in_the_admin_without_being_parsed(admin_client, parser_calls):
    form = {
        "title": "Long", "slug": "long", "body": "*" * 1_000_000, "published": "on",
        "show_in_navigation": "", "navigation_order": "0", "description": "",
    }  # fmt: skip
    response = admin_client.post("/admin/pages/page/add/", in_english(form, Page))
    assert response.status_code == 200
    assert "The text has 1,000,000 characters; at most 30,000 are allowed" in (
        response.content.decode()
    )
    assert not Page.objects.exists()
    assert parser_calls == []


def test_nesting_that_would_lose_text_is_refused_in_the_admin(admin_client):
    form = {
        "title": "Deep", "slug": "deep", "body": ">" * 5000 + " end", "published": "on",
        "show_in_navigation": "", "navigation_order": "0", "description": "",
    }  # fmt: skip
    response = admin_client.post("/admin/pages/page/add/", in_english(form, Page))
    assert response.status_code == 200
    assert "nested more deeply than a page can show" in response.content.decode()
    assert not Page.objects.exists()


def test_many_definitions_are_saved_in_the_admin_and_shown(admin_client, client, parser_calls):
    form = {
        "title": "Deep", "slug": "deep", "body": "a\n: b\n" * 1000 + ">" * 15 + " end",
        "published": "on", "show_in_navigation": "", "navigation_order": "0",
        "description": "",
    }  # fmt: skip
    response = admin_client.post("/admin/pages/page/add/", in_english(form, Page))
    assert response.status_code == 302
    page = Page.objects.get(slug="deep")
    shown = client.get(page.get_absolute_url())
    assert shown.status_code == 200
    assert "<dt>a</dt>" in shown.content.decode()


def test_editor_preview_explains_instead_of_parsing(admin_client, parser_calls):
    response = admin_client.post(
        "/markdownx/markdownify/", {"content": "[" * 40_000},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )  # fmt: skip
    assert response.status_code == 200
    assert "at most 30,000 are allowed" in response.content.decode()
    assert parser_calls == []


def test_editor_preview_writes_nothing_to_the_cache(admin_client, parser_calls):
    response = admin_client.post(
        "/markdownx/markdownify/", {"content": "A *draft* never saved."},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )  # fmt: skip
    assert response.content.decode() == "<p>A <em>draft</em> never saved.</p>"
    assert cache.get(markdown._cache_key("A *draft* never saved.")) is None


def test_rendered_markdown_expires(settings, monkeypatch):
    timeouts = []
    real_set = markdown.cache.set
    monkeypatch.setattr(
        markdown.cache,
        "set",
        lambda key, value, timeout: timeouts.append(timeout) or real_set(key, value, timeout),
    )
    markdown.render_markdown("Expires *one day*.")
    assert timeouts == [settings.MARKDOWN_CACHE_SECONDS] == [7 * 24 * 3600]


def test_text_over_the_limits_is_shown_escaped_without_the_parser(parser_calls):
    # Such text can only come from before the limits or a path that skips validation.
    html = markdown.render_markdown("<a " * 20000 + "\n\nsecond <b>")
    assert html == "<p>" + "&lt;a " * 19999 + "&lt;a</p><p>second &lt;b&gt;</p>"
    assert parser_calls == []


def test_editor_preview_says_nesting_would_be_refused_and_still_shows_the_text(admin_client):
    response = admin_client.post(
        "/markdownx/markdownify/", {"content": "> " * 40 + "deep words\n\nShown *too*."},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )  # fmt: skip
    html = response.content.decode()
    assert "This text cannot be saved as it is:" in html
    assert "nested more deeply than a page can show" in html
    assert html.count("<blockquote>") > 10  # the preview is still shown below
