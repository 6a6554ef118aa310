"""CSL-JSON, the formatted citation (citeproc-py, bundled APA style), Highwire Press meta
tags for Google Scholar and COinS for Zotero: pure functions of a publication."""

import html
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import nh3
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from groupsite.content.seo import absolute_url
from publications.models import PublicationType

STYLE_FILE = Path(__file__).resolve().parent / "csl" / "apa.csl"
CSL_TYPES = {
    PublicationType.ARTICLE: "article-journal",
    PublicationType.CONFERENCE: "paper-conference",
    PublicationType.PREPRINT: "article",
    PublicationType.THESIS: "thesis",
    PublicationType.BOOK: "chapter",
    PublicationType.REPORT: "report",
    PublicationType.SOFTWARE: "software",
    PublicationType.DATASET: "dataset",
}
CITATION_TAGS = {"i", "b", "span", "sup", "sub"}


def csl_json(publication, base_url: str = "") -> dict:
    """One publication as CSL-JSON (what Zotero, Pandoc and citeproc read)."""
    kind = publication.kind
    csl_type = CSL_TYPES[kind]
    if kind == PublicationType.BOOK and not publication.venue:
        csl_type = "book"
    data = {
        "id": publication.bibtex_key or f"publication-{publication.pk}",
        "type": csl_type,
        "title": publication.title,
        "author": [_csl_name(a) for a in publication.authorships.all()],
        "issued": {"date-parts": [_date_parts(publication)]},
        "container-title": publication.venue,
        "volume": publication.volume,
        "issue": publication.issue,
        "page": publication.pages,
        "publisher": publication.publisher,
        "DOI": publication.doi,
        "URL": publication.url or publication.arxiv_url or absolute_url(base_url, publication),
        "abstract": publication.abstract,
        "keyword": publication.keywords,
    }
    if kind == PublicationType.PREPRINT and publication.arxiv_id:
        data["number"] = f"arXiv:{publication.arxiv_id}"
        data.setdefault("publisher", "arXiv")
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def _csl_name(authorship) -> dict:
    if not authorship.given_names:
        return {"literal": authorship.family_name or authorship.name}
    return {"family": authorship.family_name, "given": authorship.given_names}


def _date_parts(publication) -> list[int]:
    if publication.date:
        return [publication.date.year, publication.date.month, publication.date.day]
    return [publication.year, publication.month] if publication.month else [publication.year]


@cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(str(STYLE_FILE), validate=False)


def formatted_citation(publication) -> str:
    """The reference in APA style as HTML; safe to print (citeproc does not escape)."""
    data = _escaped(csl_json(publication))
    data.pop("abstract", None)
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([data]), formatter.html)
    bibliography.register(Citation([CitationItem(data["id"])]))
    rendered = "".join(str(item) for item in bibliography.bibliography())
    return nh3.clean(rendered, tags=CITATION_TAGS, attributes={})


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: value if key == "id" else _escaped(value) for key, value in value.items()}
    return value


def highwire_tags(publication, base_url: str) -> list[tuple[str, str]]:
    """(name, content) of the citation_* meta tags Google Scholar's guidelines ask for."""
    tags = [("citation_title", publication.title)]
    tags += [("citation_author", _last_name_first(a)) for a in publication.authorships.all()]
    tags.append(("citation_publication_date", publication.publication_date.replace("-", "/")))
    venue_tag = {
        PublicationType.ARTICLE: "citation_journal_title",
        PublicationType.CONFERENCE: "citation_conference_title",
        PublicationType.THESIS: "citation_dissertation_institution",
        PublicationType.REPORT: "citation_technical_report_institution",
        PublicationType.BOOK: "citation_inbook_title",
    }.get(publication.kind)
    if venue_tag and publication.venue:
        tags.append((venue_tag, publication.venue))
    pages = publication.pages.replace("–", "-").split("-")
    optional = [
        ("citation_volume", publication.volume),
        ("citation_issue", publication.issue),
        ("citation_firstpage", pages[0].strip() if publication.pages else ""),
        ("citation_lastpage", pages[-1].strip() if len(pages) > 1 else ""),
        ("citation_publisher", publication.publisher),
        ("citation_doi", publication.doi),
        ("citation_arxiv_id", publication.arxiv_id),
        ("citation_pdf_url", _absolute(publication.pdf_link, base_url)),
        ("citation_abstract_html_url", absolute_url(base_url, publication)),
    ]
    tags += [(name, value) for name, value in optional if value]
    tags += [("citation_keywords", word) for word in publication.keyword_list]
    return tags


def _last_name_first(authorship) -> str:
    if authorship.family_name and authorship.given_names:
        return f"{authorship.family_name}, {authorship.given_names}"
    return authorship.name


def _absolute(link: str, base_url: str) -> str:
    return absolute_url(base_url, link) if link.startswith("/") else link


COINS_GENRES = {
    PublicationType.ARTICLE: ("journal", "article"),
    PublicationType.CONFERENCE: ("book", "proceeding"),
    PublicationType.BOOK: ("book", "bookitem"),
    PublicationType.REPORT: ("book", "report"),
}


def coins_title(publication) -> str:
    """The title attribute of a COinS <span class="Z3988">: an OpenURL ContextObject."""
    fmt, genre = COINS_GENRES.get(publication.kind, ("journal", "preprint"))
    values = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"),
              ("rft.genre", genre)]  # fmt: skip
    values.append(("rft.atitle" if fmt == "journal" or genre == "bookitem" else "rft.btitle",
                   publication.title))  # fmt: skip
    if publication.venue:
        values.append(("rft.jtitle" if fmt == "journal" else "rft.btitle", publication.venue))
    values.append(("rft.date", publication.publication_date))
    authorships = list(publication.authorships.all())
    if authorships and authorships[0].given_names:
        values += [("rft.aulast", authorships[0].family_name),
                   ("rft.aufirst", authorships[0].given_names)]  # fmt: skip
    values += [("rft.au", _last_name_first(authorship)) for authorship in authorships]
    for key, value in (
        ("rft.volume", publication.volume),
        ("rft.issue", publication.issue),
        ("rft.pages", publication.pages),
        ("rft.pub", publication.publisher),
    ):
        if value:
            values.append((key, value))
    if publication.doi:
        values.append(("rft_id", f"info:doi/{publication.doi}"))
    if publication.arxiv_id:
        values.append(("rft_id", f"https://arxiv.org/abs/{publication.arxiv_id}"))
    return urlencode(values)
