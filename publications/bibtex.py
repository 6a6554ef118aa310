"""BibTeX in and out: pure functions between .bib text and plain field dictionaries.

Reading turns every entry into the fields of a Publication (LaTeX decoded to Unicode,
@string macros and crossref resolved) and lists every reason a file cannot be imported;
writing (publications/bibtex_export.py) produces a .bib that reads back to the same fields.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import bibtexparser
from bibtexparser.entrypoint import default_parse_stack
from bibtexparser.library import Library
from bibtexparser.middlewares import MonthIntMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError
from pylatexenc.latexwalker import get_default_latex_context_db as get_walker_context_db

from groupsite.deadline import check_time
from publications.models import (
    ARXIV_PATTERN,
    DOI_PATTERN,
    PublicationType,
    normalise_arxiv_id,
    normalise_doi,
)

# Fields decoded from LaTeX to Unicode; addresses and identifiers are taken as written.
TEXT_FIELDS = ("title", "journal", "booktitle", "school", "institution", "publisher",
               "howpublished", "series", "organization", "abstract", "keywords",
               "note")  # fmt: skip
LINK_FIELDS = {"pdf": "pdf_url", "code": "code_url", "data": "data_url",
               "slides": "slides_url", "video": "video_url"}  # fmt: skip
# Entry types that are containers for others, not papers of the group.
CONTAINER_TYPES = {"proceedings", "collection", "periodical"}
# Al-folio and similar sites write selected = {true}.
TRUE_WORDS = {"true", "yes", "1"}
ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s/]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE | re.ASCII
)
# Real titles nest braces a few levels; thousands overflow pylatexenc's recursion.
MAX_BRACE_DEPTH = 50
CONCATENATION = re.compile(r"\s*#\s*")
# @string macros (alone or joined by #) and crossref let a small file stand for a huge
# one; together they may add at most this many characters to what the file holds.
MAX_MACRO_CHARACTERS = 500_000
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#].\S*$", re.IGNORECASE)


@dataclass
class AuthorName:
    name: str
    family_name: str
    given_names: str


@dataclass
class BibEntry:
    """One publication from a file. A BibTeX entry gives every field (empty keeps what the
    site has); a sheet's row (publications.sheets) names the fields its columns set
    (``given``), may leave the authors alone (None) and give ``slug`` and ``published``."""

    key: str
    line: int
    fields: dict
    authors: list[AuthorName] | None
    slug: str = ""
    given: frozenset | None = None
    published: bool | None = None


@dataclass
class ParsedFile:
    entries: list[BibEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _latex_decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # \url{…} stays the bare address instead of <…>.
    # \textasciicircum is the ASCII ^ (what export writes for it), not pylatexenc's ˆ.
    context.add_context_category(
        "groupsite-bibtex", prepend=True,
        macros=[MacroTextSpec("url", simplify_repl="%s"),
                MacroTextSpec("textasciicircum", simplify_repl="^")],
    )  # fmt: skip
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


DECODER = _latex_decoder()
# Built once: pylatexenc would otherwise rebuild its macro tables for every string.
WALKER_CONTEXT = get_walker_context_db()
# Only strings with one of these need the (slow) LaTeX parser.
LATEX_MARKUP = re.compile(r"[\\{}$~]|--|``|''")


@lru_cache(maxsize=8192)
def decode_latex(text: str) -> str:
    """{\\"u} → ü, \\& → &, -- → –, braces gone, runs of white space made one space."""
    if LATEX_MARKUP.search(text):
        walker = LatexWalker(text, latex_context=WALKER_CONTEXT, tolerant_parsing=True)
        nodes, _position, _length = walker.get_latex_nodes()
        text = DECODER.nodelist_to_text(nodes)
    return " ".join(text.split())


def _raw(text: str) -> str:
    """Addresses and identifiers: only braces, \\url and escaped underscores are undone."""
    text = re.sub(r"\\url\{([^}]*)\}", r"\1", text)
    return text.replace("\\_", "_").replace("\\%", "%").replace("{", "").replace("}", "").strip()


def parse_bibtex(text: str) -> ParsedFile:
    """Read a .bib file; ``errors`` lists every reason it cannot be imported as it is."""
    nul_lines = [number for number, line in enumerate(text.splitlines(), 1) if "\x00" in line]
    if nul_lines:
        # Not text (a binary file, or a broken export); the database would refuse it too.
        return ParsedFile(errors=[_("Line %(line)s: contains a NUL character (\\0), which is "
                                    "not text; export the file again.") % {"line": number}
                                  for number in nul_lines])  # fmt: skip
    # Split only, so macros and crossref can be measured before anything is expanded.
    library = bibtexparser.parse_string(text, parse_stack=[])
    too_large = _expansion_refusal(library, len(text))
    if too_large:
        return ParsedFile(errors=[too_large])
    for middleware in (*default_parse_stack(), SeparateCoAuthors(), SplitNameParts(),
                       MonthIntMiddleware()):  # fmt: skip
        library = middleware.transform(library)
    parsed = ParsedFile()
    for block in library.failed_blocks:
        parsed.errors.append(_failure_reason(block))
    macros = {}
    for string in library.strings:  # in file order: a macro may join the ones before it
        value = str(string.value)
        macros[string.key.lower()] = _joined(value, macros) if "#" in value else value
    entries = {entry.key: entry for entry in library.entries}
    referenced = {_value(e, "crossref") for e in library.entries if _value(e, "crossref")}
    for entry in library.entries:
        check_time()  # LaTeX decoding is the slow part; an admin import stops in time
        if entry.entry_type.lower() in CONTAINER_TYPES:
            if entry.key not in referenced:
                parsed.skipped.append(_("%(key)s: @%(type)s entries are not papers.")
                                      % {"key": entry.key, "type": entry.entry_type})  # fmt: skip
            continue
        if not entry.key.strip():
            # Without a key a second import could not recognise the entry and would add it again.
            parsed.errors.append(_("Line %(line)s: this @%(type)s entry has no key (the name "
                                   "after the opening brace); give it one.")
                                 % {"line": _line(entry), "type": entry.entry_type})  # fmt: skip
            continue
        if _brace_depth(entry.raw or "") > MAX_BRACE_DEPTH:
            parsed.errors.append(_too_nested(entry))
            continue
        errors_before = len(parsed.errors)
        raw = _raw_fields(entry, macros, entries, parsed.errors)
        if len(parsed.errors) == errors_before:
            try:
                bib_entry = _bib_entry(entry, raw, parsed.errors, parsed.skipped)
            except (RecursionError, LatexWalkerError):
                # Braces the depth check cannot see (a crossref'd parent's) or LaTeX
                # pylatexenc cannot read even tolerantly.
                parsed.errors.append(_too_nested(entry))
                continue
            if bib_entry:
                parsed.entries.append(bib_entry)
    _check_duplicate_identifiers(parsed)
    return parsed


def _expansion_refusal(library: Library, written: int) -> str:
    """Why the fields would be too long once @string macros, their # joins and crossref
    parents are filled in, or "": counted from lengths, without building any value."""
    macro_lengths = {}
    for string in library.strings:
        macro_lengths[string.key.lower()] = _resolved_length(string.value, macro_lengths)
    budget = written + MAX_MACRO_CHARACTERS
    limit = number_format(MAX_MACRO_CHARACTERS, force_grouping=True)
    if sum(macro_lengths.values()) > budget:
        return _("The @string macros, built from one another, would hold more than %(limit)s "
                 "characters beyond what is written in the file, so it cannot be imported. "
                 "Write the repeated values out, or split the file.") % {
            "limit": limit}  # fmt: skip
    entry_lengths = {
        entry.key: sum(_resolved_length(f.value, macro_lengths) for f in entry.fields)
        for entry in library.entries
    }
    total = 0
    for entry in library.entries:
        parent_key = str(_value(entry, "crossref") or "").strip('{}" ')
        total += entry_lengths[entry.key] + entry_lengths.get(parent_key, 0)
        if total > budget:
            return _("Line %(line)s, entry “%(key)s”: with its @string macros and crossref "
                     "filled in, the file would hold more than %(limit)s characters beyond what "
                     "is written in it, so it cannot be imported. Write the repeated values "
                     "out, or split the file.") % {"line": _line(entry), "key": entry.key,
                                                   "limit": limit}  # fmt: skip
    return ""


def _resolved_length(value, macro_lengths: dict) -> int:
    """An upper bound on the length of a field as written (before its enclosing braces or
    quotes are removed) once its macros are resolved."""
    value = str(value).strip()
    if value[:1] in ('"', "{"):
        return len(value)
    return sum(macro_lengths.get(part.lower(), len(part)) for part in CONCATENATION.split(value))


def _brace_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        if character == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif character == "}":
            depth -= 1
    return deepest


def _too_nested(entry: Entry) -> str:
    return _("Line %(line)s, entry “%(key)s”: its LaTeX cannot be read (braces or commands "
             "nested more than %(depth)s deep).") % {
        "line": _line(entry), "key": entry.key, "depth": MAX_BRACE_DEPTH}  # fmt: skip


def _line(block) -> int:
    return (block.start_line or 0) + 1


def _failure_reason(block) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        return _("Line %(line)s: the key “%(key)s” is used by two entries.") % {
            "line": _line(block), "key": block.key}  # fmt: skip
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    snippet = " ".join((block.raw or "").split())[:60]
    return _("Line %(line)s: cannot read “%(snippet)s…”: %(reason)s") % {
        "line": _line(block), "snippet": snippet, "reason": reason.strip()}  # fmt: skip


def _value(entry: Entry, key: str):
    found = entry.get(key)
    return found.value if found is not None else None


def _field_value(bib_field: Field, macros: dict):
    """The value, with @string macros joined by # (jmlr # " (special issue)") resolved;
    bibtexparser resolves a lone macro itself and leaves such joins as written."""
    value = bib_field.value
    if not isinstance(value, str) or "#" not in value or bib_field.enclosing != "no-enclosing":
        return value
    return _joined(value, macros)


def _joined(value: str, macros: dict) -> str:
    """Parts joined by #: quoted or braced text as written, names as their macros."""
    parts = []
    for part in CONCATENATION.split(value.strip()):
        if part[:1] in ('"', "{") and part[-1:] in ('"', "}"):
            parts.append(part[1:-1])
        else:
            parts.append(macros.get(part.lower(), part))
    return "".join(parts)


def _raw_fields(entry: Entry, macros, entries, errors) -> dict:
    """The entry's fields (lower-case keys), with crossref'd parents' fields filled in."""
    raw = {f.key.lower(): _field_value(f, macros) for f in entry.fields}
    parent_key = raw.pop("crossref", None)
    if parent_key:
        parent = entries.get(parent_key)
        if parent is None:
            errors.append(_("Line %(line)s: entry “%(key)s” refers to “%(parent)s” "
                            "(crossref), which is not in the file.") % {
                "line": _line(entry), "key": entry.key, "parent": parent_key})  # fmt: skip
            return raw
        for parent_field in parent.fields:
            name = parent_field.key.lower()
            value = _field_value(parent_field, macros)
            if name == "title":
                raw.setdefault("booktitle", value)
            elif name != "crossref":
                raw.setdefault(name, value)
    return raw


def _bib_entry(entry: Entry, raw: dict, errors: list[str], notes: list[str]) -> BibEntry | None:
    where = _("Line %(line)s, entry “%(key)s”") % {"line": _line(entry), "key": entry.key}
    reasons = []
    title = decode_latex(raw.get("title", "")) if isinstance(raw.get("title"), str) else ""
    if not title:
        reasons.append(_("%(where)s: has no title.") % {"where": where})
    year, month, exact_date = _dates(raw, where, reasons)
    doi = normalise_doi(_raw(raw.get("doi", "")))
    if doi and not DOI_PATTERN.match(doi):
        reasons.append(_("%(where)s: “%(doi)s” is not a DOI (they start with 10.).")
                       % {"where": where, "doi": doi})  # fmt: skip
    arxiv_id = _arxiv_id(raw)
    if arxiv_id and not ARXIV_PATTERN.match(arxiv_id):
        reasons.append(_("%(where)s: “%(arxiv_id)s” is not an arXiv id (like 2101.01234).")
                       % {"where": where, "arxiv_id": arxiv_id})  # fmt: skip
    if reasons:
        errors.extend(reasons)
        return None
    text = {name: decode_latex(raw[name]) for name in TEXT_FIELDS if isinstance(raw.get(name), str)}
    kind = publication_kind(entry.entry_type.lower(), raw, text)
    fields = {
        "kind": kind,
        "title": title,
        "year": year,
        "month": month,
        "date": exact_date,
        "venue": _venue(kind, entry.entry_type.lower(), text, arxiv_id),
        "volume": _raw(raw.get("volume", "")),
        "issue": _raw(raw.get("number", raw.get("issue", ""))),
        "pages": decode_latex(raw.get("pages", "")).replace("-", "–").replace("––", "–"),
        "publisher": text.get("publisher", ""),
        "doi": doi,
        "arxiv_id": arxiv_id,
        "url": _raw(raw.get("url", "")),
        "abstract": text.get("abstract", ""),
        "keywords": ", ".join(
            w.strip() for w in re.split(r"[,;]", text.get("keywords", "")) if w.strip()
        ),
        "selected": _raw(str(raw.get("selected", ""))).lower() in TRUE_WORDS,
        **{model_field: _raw(raw.get(name, "")) for name, model_field in LINK_FIELDS.items()},
    }
    for name in ("url", *LINK_FIELDS.values()):
        if fields[name] and not WEB_ADDRESS.match(fields[name]):
            notes.append(_("%(where)s: “%(value)s” is not a web address (http:// or https://), "
                           "so it was left out; upload files in the admin.")
                         % {"where": where, "value": fields[name]})  # fmt: skip
            fields[name] = ""
    names = raw.get("author") if isinstance(raw.get("author"), list) else []
    # "and others" is BibTeX's et al., not an author called others.
    fields["more_authors"] = any(_is_others(parts) for parts in names)
    authors = [_author(parts) for parts in names if not _is_others(parts)]
    return BibEntry(key=entry.key, line=_line(entry), fields=fields, authors=authors)


def _dates(raw: dict, where: str, reasons: list[str]):
    """(year, month, exact date) from year/month/day or a biblatex date = {2021-06-14}."""
    iso = _raw(str(raw.get("date", "")))
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$", iso, re.ASCII) if iso else None
    year_text = _raw(str(raw.get("year", ""))) or (match[1] if match else "")
    month = raw.get("month") if isinstance(raw.get("month"), int) else None
    day_text = _raw(str(raw.get("day", "")))
    if match:
        month = int(match[2]) if match[2] else month
        day_text = match[3] or day_text
    if not year_text:
        reasons.append(_("%(where)s: has no year.") % {"where": where})
        return None, None, None
    if not (year_text.isascii() and year_text.isdigit() and 1000 <= int(year_text) <= 2999):
        reasons.append(_("%(where)s: the year “%(year)s” is not a year.")
                       % {"where": where, "year": year_text})  # fmt: skip
        return None, None, None
    if raw.get("month") not in (None, "") and month is None:
        reasons.append(_("%(where)s: the month “%(month)s” is not a month.")
                       % {"where": where, "month": raw["month"]})  # fmt: skip
        return None, None, None
    year, exact = int(year_text), None
    if day_text:
        try:
            exact = date(year, month or 0, int(day_text))
        except ValueError:
            reasons.append(_("%(where)s: %(date)s is not a date.")
                           % {"where": where, "date": f"{year}-{month}-{day_text}"})  # fmt: skip
            return None, None, None
    return year, month, exact


def _arxiv_id(raw: dict) -> str:
    eprint = _raw(raw.get("eprint", ""))
    prefix = _raw(raw.get("archiveprefix", raw.get("eprinttype", ""))).lower()
    if eprint and prefix in ("arxiv", ""):
        return normalise_arxiv_id(eprint)
    for name in ("journal", "howpublished", "note", "url"):
        found = ARXIV_IN_TEXT.search(str(raw.get(name, "")))
        if found:
            return found[1]
    return ""


def publication_kind(entry_type: str, raw: dict, text: dict) -> str:
    if entry_type in ("inproceedings", "conference"):
        return PublicationType.CONFERENCE
    if entry_type in ("phdthesis", "mastersthesis", "thesis"):
        return PublicationType.THESIS
    if entry_type in ("book", "inbook", "incollection", "mvbook", "bookinbook"):
        return PublicationType.BOOK
    if entry_type in ("techreport", "report"):
        return PublicationType.REPORT
    if entry_type == "software":
        return PublicationType.SOFTWARE
    if entry_type in ("dataset", "data"):
        return PublicationType.DATASET
    looks_like_preprint = "arxiv" in text.get("journal", "").lower() or bool(
        raw.get("eprint") and not raw.get("doi") and entry_type != "article"
    )
    if entry_type == "unpublished" or looks_like_preprint:
        return PublicationType.PREPRINT
    if entry_type == "article":
        return PublicationType.ARTICLE
    return PublicationType.REPORT


def _venue(kind: str, entry_type: str, text: dict, arxiv_id: str) -> str:
    if kind == PublicationType.PREPRINT:
        return text.get("journal") or text.get("howpublished") or ("arXiv" if arxiv_id else "")
    if kind == PublicationType.ARTICLE:
        return text.get("journal", "")
    if kind == PublicationType.CONFERENCE:
        return text.get("booktitle", "")
    if kind == PublicationType.THESIS:
        return text.get("school", "")
    if kind == PublicationType.BOOK:
        return text.get("booktitle") or text.get("series", "")
    if kind == PublicationType.REPORT:
        return text.get("institution") or text.get("howpublished") or text.get("journal", "")
    return text.get("howpublished") or text.get("organization", "")


def _is_others(parts) -> bool:
    return parts.last == ["others"] and not (parts.first or parts.von or parts.jr)


def _author(parts) -> AuthorName:
    given = " ".join(decode_latex(part) for part in parts.first)
    family = " ".join(decode_latex(part) for part in (*parts.von, *parts.last))
    suffix = " ".join(decode_latex(part) for part in parts.jr)
    name = " ".join(part for part in (given, family, suffix) if part)
    return AuthorName(name=name, family_name=family, given_names=given)


def _check_duplicate_identifiers(parsed: ParsedFile) -> None:
    for attribute, label in (("doi", "DOI"), ("arxiv_id", _("arXiv id"))):
        seen = {}
        for entry in parsed.entries:
            value = entry.fields[attribute].lower()
            if not value:
                continue
            if value in seen and not _preprint_pair(seen[value], entry, attribute):
                parsed.errors.append(_("Line %(line)s: entries “%(first)s” and “%(second)s” have "
                                       "the same %(label)s %(value)s.") % {
                    "line": entry.line, "first": seen[value].key, "second": entry.key,
                    "label": label, "value": entry.fields[attribute]})  # fmt: skip
            seen.setdefault(value, entry)


def _preprint_pair(first: BibEntry, second: BibEntry, attribute: str) -> bool:
    """A preprint and its published version may share an arXiv id."""
    kinds = {first.fields["kind"] == PublicationType.PREPRINT,
             second.fields["kind"] == PublicationType.PREPRINT}  # fmt: skip
    return attribute == "arxiv_id" and kinds == {True, False}
