from datetime import date
from urllib.parse import parse_qsl

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.citations import coins_title, csl_json, formatted_citation, highwire_tags
from publications.jsonld import scholarly_article
from publications.models import PublicationType
from tests.factories import AuthorshipFactory, MemberFactory, PublicationFactory

BASE = "https://group.example"


@pytest.fixture
def paper(db):
    paper = PublicationFactory(
        title="Layers that conserve", slug="layers", year=2024, date=date(2024, 8, 8),
        venue="Geoscientific Model Development", volume="17", issue="15", pages="5901–5923",
        publisher="Copernicus", doi="10.5555/demo.gmd", arxiv_id="2450.01234",
        keywords="conservation, emulators", abstract="We build *exact* budgets.",
        bibtex_key="lin2024",
    )  # fmt: skip
    mei = MemberFactory(name="Mei Lin", slug="mei-lin", orcid="0000-0002-1825-0097")
    AuthorshipFactory(publication=paper, position=0, name="Mei Lin", family_name="Lin",
                      given_names="Mei", member=mei)  # fmt: skip
    AuthorshipFactory(publication=paper, position=1, name="Anna Müller", family_name="Müller",
                      given_names="Anna")  # fmt: skip
    return paper


def test_highwire_tags_follow_google_scholar_field_by_field(paper):
    assert highwire_tags(paper, BASE) == [
        ("citation_title", "Layers that conserve"),
        ("citation_author", "Lin, Mei"),
        ("citation_author", "Müller, Anna"),
        ("citation_publication_date", "2024/08/08"),
        ("citation_journal_title", "Geoscientific Model Development"),
        ("citation_volume", "17"),
        ("citation_issue", "15"),
        ("citation_firstpage", "5901"),
        ("citation_lastpage", "5923"),
        ("citation_publisher", "Copernicus"),
        ("citation_doi", "10.5555/demo.gmd"),
        ("citation_arxiv_id", "2450.01234"),
        ("citation_abstract_html_url", f"{BASE}/publications/layers/"),
        ("citation_keywords", "conservation"),
        ("citation_keywords", "emulators"),
    ]


def test_conference_papers_name_the_conference_and_pdfs_are_absolute(paper):
    paper.kind = PublicationType.CONFERENCE
    paper.venue = "ICLR 2024"
    paper.pdf = SimpleUploadedFile("paper.pdf", b"%PDF-1.4")
    paper.pdf.name = "publications/paper.pdf"
    tags = dict(highwire_tags(paper, BASE))
    assert tags["citation_conference_title"] == "ICLR 2024"
    assert "citation_journal_title" not in tags
    assert tags["citation_pdf_url"] == f"{BASE}/media/publications/paper.pdf"
    paper.pdf = None
    paper.pdf_url = "https://example.org/p.pdf"
    assert dict(highwire_tags(paper, BASE))["citation_pdf_url"] == "https://example.org/p.pdf"


def test_scholarly_article_json_ld(paper):
    data = scholarly_article(paper, BASE)
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == "Layers that conserve"
    assert data["datePublished"] == "2024-08-08"
    assert data["author"] == [
        {"@type": "Person", "name": "Mei Lin", "familyName": "Lin", "givenName": "Mei",
         "url": f"{BASE}/people/mei-lin/", "sameAs": "https://orcid.org/0000-0002-1825-0097"},
        {"@type": "Person", "name": "Anna Müller", "familyName": "Müller", "givenName": "Anna"},
    ]  # fmt: skip
    assert data["isPartOf"] == {"@type": "Periodical", "name": "Geoscientific Model Development"}
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI",
                                  "value": "10.5555/demo.gmd"}  # fmt: skip
    assert data["sameAs"] == [
        "https://doi.org/10.5555/demo.gmd",
        "https://arxiv.org/abs/2450.01234",
    ]
    assert data["pagination"] == "5901–5923"
    assert data["keywords"] == ["conservation", "emulators"]


def test_coins_is_an_openurl_context_object_zotero_reads(paper):
    values = parse_qsl(coins_title(paper))
    assert ("ctx_ver", "Z39.88-2004") in values
    assert ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal") in values
    assert ("rft.atitle", "Layers that conserve") in values
    assert ("rft.jtitle", "Geoscientific Model Development") in values
    assert ("rft.date", "2024-08-08") in values
    assert ("rft.aulast", "Lin") in values and ("rft.aufirst", "Mei") in values
    assert [v for k, v in values if k == "rft.au"] == ["Lin, Mei", "Müller, Anna"]
    assert ("rft_id", "info:doi/10.5555/demo.gmd") in values


def test_csl_json(paper):
    data = csl_json(paper, BASE)
    assert data["id"] == "lin2024"
    assert data["type"] == "article-journal"
    assert data["author"] == [{"family": "Lin", "given": "Mei"},
                              {"family": "Müller", "given": "Anna"}]  # fmt: skip
    assert data["issued"] == {"date-parts": [[2024, 8, 8]]}
    assert (data["container-title"], data["page"], data["DOI"]) == (
        "Geoscientific Model Development", "5901–5923", "10.5555/demo.gmd",
    )  # fmt: skip


def test_formatted_citation_is_apa_and_escapes_markup(paper):
    assert formatted_citation(paper) == (
        "Lin, M., &amp; Müller, A. (2024). Layers that conserve. <i>Geoscientific Model "
        "Development</i>, <i>17</i>(15), 5901–5923. https://doi.org/10.5555/demo.gmd"
    )
    paper.title = "A <script>alert(1)</script> & <b>bold</b> claim"
    citation = formatted_citation(paper)
    assert "<script>" not in citation and "<b>bold" not in citation
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; claim" in citation
