"""Writing BibTeX: publications as entries a reference manager reads back exactly (the
reading half is publications/bibtex.py; tests check the round trip)."""

import re

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from publications.bibtex import LINK_FIELDS
from publications.models import PublicationType

LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
                  "$": r"\$", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}  # fmt: skip
# TeX joins -- into a dash, `` '' into quotes and !` ?` into ¡ ¿; an empty group between
# keeps the characters apart.
LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=[`!?])(?=`)|(?<=')(?=')")
# Inline math as the import keeps it ($k^{-3}$): written back as it is, not escaped.
MATH = re.compile(r"\$((?:\\.|[^$\\])+)\$")
# A name part with a comma or " and " would be split by BibTeX: kept whole in braces.
SPLITS_NAMES = re.compile(r",|\sand\s", re.IGNORECASE)
ENTRY_TYPES = {
    PublicationType.ARTICLE: "article",
    PublicationType.CONFERENCE: "inproceedings",
    PublicationType.THESIS: "phdthesis",
    PublicationType.REPORT: "techreport",
    PublicationType.SOFTWARE: "software",
    PublicationType.DATASET: "dataset",
}
VENUE_FIELDS = {
    PublicationType.ARTICLE: "journal",
    PublicationType.CONFERENCE: "booktitle",
    PublicationType.THESIS: "school",
    PublicationType.REPORT: "institution",
    PublicationType.BOOK: "booktitle",
    PublicationType.SOFTWARE: "howpublished",
    PublicationType.DATASET: "howpublished",
    PublicationType.PREPRINT: "howpublished",
}


def escape_latex(text: str) -> str:
    """Text for a BibTeX field that reads back (``decode_latex``) to ``text``: specials
    escaped, ligatures broken, inline math such as $k^{-3}$ left as LaTeX."""
    parts, position = [], 0
    for math in MATH.finditer(text):
        if _is_math(math.group(1)):
            parts += [_escape_text(text[position : math.start()]), math.group(0)]
            position = math.end()
    parts.append(_escape_text(text[position:]))
    return "".join(parts)


def _escape_text(text: str) -> str:
    escaped = "".join(LATEX_SPECIALS.get(character, character) for character in text)
    return LIGATURE.sub("{}", escaped)


def _is_math(content: str) -> bool:
    """Math, not two prices ($5 and $6): no space inside the dollars, balanced braces,
    no % (a comment in LaTeX)."""
    if content != content.strip() or "%" in content:
        return False
    depth = 0
    for character in re.sub(r"\\.", "", content):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _name_part(text: str) -> str:
    escaped = escape_latex(text)
    return "{" + escaped + "}" if SPLITS_NAMES.search(text) else escaped


def _person(authorship) -> str:
    """ "von Last, Jr, First": the suffix (Jr., III), which the import keeps only in the
    printed name, is written back as BibTeX's third part."""
    family, given, name = authorship.family_name, authorship.given_names, authorship.name
    if not family:
        return "{" + escape_latex(name) + "}"
    without_suffix = " ".join(part for part in (given, family) if part)
    suffix = name[len(without_suffix) :].strip() if name.startswith(without_suffix + " ") else ""
    if suffix:  # with no given names, an empty group: a trailing comma is an error
        return f"{_name_part(family)}, {_name_part(suffix)}, {_name_part(given) or '{}'}"
    if not given:
        return "{" + escape_latex(family) + "}"
    return f"{_name_part(family)}, {_name_part(given)}"


def _author_list(publication) -> str:
    people = [_person(authorship) for authorship in publication.authorships.all()]
    return " and ".join(people + (["others"] if publication.more_authors else []))


def citation_key(publication) -> str:
    if publication.bibtex_key:
        return publication.bibtex_key
    first = publication.authorships.all()[:1]
    family = first[0].family_name if first else "anon"
    return (
        re.sub(r"[^A-Za-z0-9]", "", family).lower() + str(publication.year) + f"-{publication.pk}"
    )


def publication_entry(publication, base_url: str = "") -> Entry:
    """One Publication as a bibtexparser Entry; values are already LaTeX-escaped."""
    kind = publication.kind
    if kind == PublicationType.PREPRINT:
        entry_type = "misc" if publication.arxiv_id else "unpublished"
    elif kind == PublicationType.BOOK:
        entry_type = "incollection" if publication.venue else "book"
    else:
        entry_type = ENTRY_TYPES[kind]
    values = [
        ("author", _author_list(publication)),
        ("title", "{" + escape_latex(publication.title) + "}"),
        (VENUE_FIELDS[kind], escape_latex(publication.venue)),
        ("year", str(publication.year)),
        ("month", str(publication.month or "")),
        ("day", str(publication.date.day) if publication.date else ""),
        ("volume", escape_latex(publication.volume)),
        ("number", escape_latex(publication.issue)),
        ("pages", "--".join(escape_latex(part) for part in publication.pages.split("–"))),
        ("publisher", escape_latex(publication.publisher)),
        ("doi", publication.doi),
        ("eprint", publication.arxiv_id),
        ("archiveprefix", "arXiv" if publication.arxiv_id else ""),
        ("url", publication.url),
        ("pdf", _absolute(publication.pdf_link, base_url)),
        *(
            (name, getattr(publication, attribute))
            for name, attribute in LINK_FIELDS.items()
            if name != "pdf"
        ),
        ("keywords", escape_latex(publication.keywords)),
        ("abstract", escape_latex(publication.abstract)),
        ("selected", "true" if publication.selected else ""),
    ]
    fields = [Field(key, value) for key, value in values if value]
    return Entry(entry_type, citation_key(publication), fields)


def _absolute(link: str, base_url: str) -> str:
    return f"{base_url}{link}" if link.startswith("/") else link


def to_bibtex(publications, base_url: str = "") -> str:
    """A .bib file of ``publications`` (prefetch their authorships)."""
    library = Library([publication_entry(p, base_url) for p in publications])
    return bibtexparser.write_string(library)
