"""How a paper presents itself in lists and on its page: type labels, link marks, notes."""

import re

import pytest

from publications.models import PublicationType
from tests.factories import AuthorshipFactory, MemberFactory, PublicationFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def item_of(html: str, slug: str) -> str:
    start = html.index(f'id="p-{slug}"')
    return html[start : html.index("</li>\n", start)]


def test_a_thesis_carries_a_type_label_an_article_and_a_preprint_none_of_their_own(
    client, site_settings
):
    PublicationFactory(title="My thesis", slug="thesis", kind=PublicationType.THESIS)
    PublicationFactory(title="Some data", slug="data", kind=PublicationType.DATASET)
    PublicationFactory(title="An article", slug="article", kind=PublicationType.ARTICLE)
    PublicationFactory(title="A preprint", slug="preprint", kind=PublicationType.PREPRINT)
    html = page_text(client.get("/publications/"))
    assert 'My thesis</a> <span class="badge badge-kind">Thesis</span>' in item_of(html, "thesis")
    assert 'Some data</a> <span class="badge badge-kind">Dataset</span>' in item_of(html, "data")
    assert "badge-kind" not in item_of(html, "article")
    preprint = item_of(html, "preprint")
    assert "badge-kind" not in preprint and "badge-preprint" in preprint


def test_the_arxiv_link_shows_a_text_mark_and_the_id_not_a_cross(client, site_settings):
    PublicationFactory(title="On arXiv", slug="on-arxiv", arxiv_id="2450.00001",
                       doi="10.5555/arxiv")  # fmt: skip
    for url in ("/publications/", "/publications/on-arxiv/"):
        html = page_text(client.get(url))
        link = re.search(r'<a href="https://arxiv\.org/abs/2450\.00001"[^>]*>(.*?)</a>', html)[1]
        assert link.startswith('<span class="link-mark link-mark-arxiv">arXiv</span>'
                               "<span>2450.00001</span>")  # fmt: skip
        assert "<svg" not in link and "×" not in link
        doi = re.search(r'<a href="https://doi\.org/10\.5555/arxiv"[^>]*>(.*?)</a>', html)[1]
        assert doi.startswith('<svg class="icon"') and "<span>DOI</span>" in doi


def test_the_preprint_note_is_a_neutral_note_not_an_error(client, site_settings):
    published = PublicationFactory(title="Final", slug="final", year=2024)
    PublicationFactory(title="Early", slug="early", kind=PublicationType.PREPRINT,
                       published_version=published)  # fmt: skip
    html = page_text(client.get("/publications/early/"))
    assert '<p class="publication-note">This is a preprint; it has since been published as ' in html
    assert "status-notice" not in html


def test_member_authors_are_plain_links_without_an_underline_class(client, site_settings):
    ada = MemberFactory(name="Ada", slug="ada")
    paper = PublicationFactory(title="Linked", slug="linked")
    AuthorshipFactory(publication=paper, name="Ada", member=ada)
    for url in ("/publications/", "/publications/linked/"):
        html = page_text(client.get(url))
        assert '<p class="publication-authors"><a href="/people/ada/">Ada</a></p>' in html
