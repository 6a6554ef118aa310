"""Publications as spreadsheet rows: read into the entries a BibTeX file gives
(publications.bibtex.BibEntry) and planned and applied by the same pair,
services.plan_entries / services.apply_entries, so that both previews show one plan.

Rows are matched as BibTeX entries are (services.ExistingPublications): by DOI, then
arXiv id (a preprint only matches a preprint), then BibTeX key, and last by slug, so a
paper without identifiers still round-trips. A row needs at least one of the four.

Unlike a BibTeX entry, a row sets exactly the columns the file has: an empty cell empties
its field, except that a blank identifier (BibTeX key, slug) or yes/no cell keeps what the
site has, and a file without an authors column leaves the authors alone.

- ``authors``: ``Family, Given; Family, Given`` in order (``Family, Jr., Given`` with a
  suffix; one name without a comma is ``Given Family`` split at the last space). Names are
  linked to members by publications.names, as the BibTeX import links them; links made in
  the admin stay.
- ``keywords``: separated by commas (or semicolons).
"""

import copy
import re
from dataclasses import replace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from groupsite.sheets import cells
from groupsite.sheets.files import HEADER_ROW
from groupsite.sheets.plan import (
    CHANGED,
    NEW,
    ROW,
    UNCHANGED,
    Change,
    Column,
    PlannedRow,
    PlanRefused,
    Sheet,
)
from publications import services
from publications.bibtex import AuthorName, BibEntry
from publications.models import (
    Authorship,
    Publication,
    PublicationType,
    normalise_arxiv_id,
    normalise_doi,
)

URL_COLUMNS = ("url", "pdf_url", "code_url", "data_url", "slides_url", "video_url")
#: Yes/no and identifier columns: a blank cell keeps what the site has.
KEPT_IF_BLANK = ("more_authors", "selected", "published", "bibtex_key", "slug", "type")
NO_IDENTIFIER = _(
    "Give a DOI, an arXiv id, a BibTeX key or a slug, so that a later import finds this "
    "publication again."
)
ACTIONS = {"new": NEW, "changed": CHANGED, "unchanged": UNCHANGED}


def normalise_keywords(value: str) -> str:
    """As the BibTeX import writes them: "a, b, c"."""
    return ", ".join(word.strip() for word in re.split(r"[,;]", value) if word.strip())


def parse_authors(value) -> list[AuthorName]:
    """``"Müller, Anna; Li, Bo"`` → names as printed with their family and given names."""
    authors = []
    for entry in cells.text(value).split(";"):
        if not entry.strip():
            continue
        parts = [" ".join(part.split()) for part in entry.split(",")]
        if len(parts) == 1:
            given, _, family = parts[0].rpartition(" ")
            suffix = ""
        elif len(parts) == 2:
            family, given, suffix = parts[0], parts[1], ""
        elif len(parts) == 3:
            family, suffix, given = parts
        else:
            raise ValueError(
                gettext("“%(name)s” has more than two commas; write “Family, Given”.")
                % {"name": entry.strip()}
            )
        if not family:
            raise ValueError(
                gettext("“%(name)s” has no family name; write “Family, Given”.")
                % {"name": entry.strip()}
            )
        name = " ".join(part for part in (given, family, suffix) if part)
        authors.append(AuthorName(name=name, family_name=family, given_names=given))
    return authors


def format_author(authorship) -> str:
    """The inverse of parse_authors for one author."""
    family, given, name = authorship.family_name, authorship.given_names, authorship.name
    if not family:
        return name
    default = " ".join(part for part in (given, family) if part)
    suffix = name[len(default) :].strip() if name.startswith(default + " ") else ""
    if suffix:
        return f"{family}, {suffix}, {given}"
    if given:
        return f"{family}, {given}"
    # A family name with spaces (an institution) keeps its comma: all of it is the family.
    return f"{family}," if " " in family else family


def _whole_number(value) -> int | None:
    value = cells.text(value)
    if value and not (value.isascii() and value.isdigit()):
        raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": value})
    return int(value) if value else None


def _number_cell(name):
    return lambda p: "" if getattr(p, name) is None else getattr(p, name)


def _yes_no_cell(name):
    return lambda p: cells.yes_no(getattr(p, name))


def _kind(value) -> str:
    return cells.choice_value(PublicationType.choices, value, "type")


def _authors_cell(publication) -> str:
    if publication.pk is None:
        return ""
    return "; ".join(format_author(a) for a in publication.authorships.all())


class PublicationSheet(Sheet):
    noun, plural = _("publication"), _("publications")
    #: Labels of the columns that name no label of their own (as Sheet.bind would make them).
    LABELS = {
        "title": _("Title"), "authors": _("Authors"), "more_authors": _("More authors"),
        "year": _("Year"), "month": _("Month"), "date": _("Date"), "venue": _("Venue"),
        "volume": _("Volume"), "issue": _("Issue"), "pages": _("Pages"),
        "publisher": _("Publisher"), "url": _("Url"), "pdf_url": _("Pdf url"),
        "code_url": _("Code url"), "data_url": _("Data url"), "slides_url": _("Slides url"),
        "video_url": _("Video url"), "keywords": _("Keywords"), "abstract": _("Abstract"),
        "selected": _("Selected"), "published": _("Published"),
    }  # fmt: skip

    def bind(self, column):
        if not column.label and column.name in self.LABELS:
            column = replace(column, label=self.LABELS[column.name])
        return super().bind(column)

    columns = (
        Column("type", _("Type"), _("A type's name or value, like “Preprint” or article."),
               read=_kind, write=lambda p: p.kind),
        Column("title"),
        Column("authors", help=_("Family, Given; Family, Given — in order."),
               read=parse_authors, write=_authors_cell),
        Column("more_authors", help=_("yes if the list ends in “et al.”."),
               read=cells.parse_yes_no, write=_yes_no_cell("more_authors")),
        Column("year", read=_whole_number, write=_number_cell("year")),
        Column("month", read=_whole_number, write=_number_cell("month")),
        Column("date", help=_("The exact day, like 2021-06-14, if known."), read=cells.parse_date,
               write=lambda p: cells.format_date(p.date)),
        Column("venue"),
        Column("volume"),
        Column("issue"),
        Column("pages"),
        Column("publisher"),
        Column("doi", _("DOI"), _("Like 10.1038/nature14539 or its doi.org link."),
               read=lambda v: normalise_doi(cells.text(v))),
        Column("arxiv_id", _("arXiv id"), _("Like 2101.01234."),
               read=lambda v: normalise_arxiv_id(cells.text(v))),
        Column("bibtex_key", _("BibTeX key"), _("A blank cell keeps the one the site has.")),
        Column("slug", _("Address (slug)"), _("/publications/slug/; blank keeps the site's (or "
               "makes one from the title).")),
        *(Column(name, help=_("A link; https:// is added if it has no scheme."),
                 read=cells.https_url) for name in URL_COLUMNS),
        Column("keywords", help=_("Separated by commas."),
               read=lambda v: normalise_keywords(cells.text(v))),
        Column("abstract"),
        Column("selected", help=_("yes or no; a blank cell keeps what the site has."),
               read=cells.parse_yes_no, write=_yes_no_cell("selected")),
        Column("published", help=_("yes or no; a blank cell keeps what the site has."),
               read=cells.parse_yes_no, write=_yes_no_cell("published")),
    )  # fmt: skip
    sample = {
        "type": "article",
        "title": "Learning ocean mixing from observations",
        "authors": "Müller, Jörg; Ångström, Zoë; van der Berg, Anna",
        "more_authors": "no",
        "year": 2023,
        "month": 6,
        "venue": "Journal of Advances in Modeling Earth Systems",
        "volume": "15",
        "issue": "6",
        "pages": "e2022MS003412",
        "doi": "10.1029/2022MS003412",
        "bibtex_key": "muller2023mixing",
        "keywords": "ocean mixing, machine learning",
        "abstract": "We learn a parameterisation of vertical mixing from Argo profiles.",
        "selected": "yes",
        "published": "yes",
    }

    # Reading rows into entries ---------------------------------------------------------------
    def prepare(self, rows):
        """Every row read into an entry first: the publications they may match are read
        once for the whole file (services.EntryPlanner)."""
        self.read = [self.read_row(row, HEADER_ROW + n) for n, row in enumerate(rows, 1)]
        self.planner = services.EntryPlanner([entry for entry, _ in self.read])

    def read_row(self, row: dict, number: int) -> tuple[BibEntry, dict[str, list[str]]]:
        """The row as the entry a BibTeX file would give, and the cells that cannot be read."""
        values, errors = {}, {}
        for column in self.import_columns():
            if column.name not in row:
                continue
            if column.name in KEPT_IF_BLANK and not cells.text(row[column.name]):
                continue
            try:
                values[column.name] = column.read(row[column.name])
            except (ValueError, ValidationError) as error:
                errors[column.name] = [" ".join(getattr(error, "messages", [str(error)]))]
        fields = {name: "" for name in services.IMPORTED_FIELDS}
        fields.update(kind=PublicationType.ARTICLE, year=None, month=None, date=None,
                      selected=False, more_authors=False)  # fmt: skip
        given = set()
        for name, value in values.items():
            field = "kind" if name == "type" else name
            if field in fields:
                fields[field] = value
                given.add(field)
        entry = BibEntry(
            key=values.get("bibtex_key", ""),
            line=number,
            fields=fields,
            authors=values.get("authors", []) if "authors" in row else None,
            slug=values.get("slug", ""),
            given=frozenset(given),
            published=values.get("published"),
        )
        return entry, errors

    def row_key(self, row):
        """As rows are matched: a preprint and the paper it became may share an arXiv id."""
        try:
            preprint = _kind(row.get("type")) == PublicationType.PREPRINT
        except ValueError:
            preprint = False
        for label, value in (
            ("DOI", normalise_doi(cells.text(row.get("doi"))).lower()),
            (gettext("arXiv preprint") if preprint else "arXiv",
             normalise_arxiv_id(cells.text(row.get("arxiv_id")))),
            (gettext("BibTeX key"), cells.text(row.get("bibtex_key"))),
            ("slug", cells.text(row.get("slug"))),
        ):  # fmt: skip
            if value:
                return (label, value)
        return None

    def identity(self, planned):
        return planned.data.get("stored_pk")

    # Planning ------------------------------------------------------------------------------
    def plan_row(self, number, row):
        entry, errors = self.read[number - HEADER_ROW - 1]
        planned = PlannedRow(number=number, errors={k: list(v) for k, v in errors.items()})
        planned.data["entry"] = entry
        if self.row_key(row) is None:
            planned.refuse(ROW, str(NO_IDENTIFIER))
        publication = self.planner.existing.match(entry)
        planned.data["stored_pk"] = publication.pk if publication else None
        planned.label = publication.title if publication else entry.fields["title"]
        self.check_authors(entry, planned)
        result = self.planner.plan(entry, publication)
        self.check(publication, result.new_values, planned)
        planned.status = ACTIONS[result.action]
        planned.changes = [Change(capfirst(str(label)), before, after)
                           for label, before, after in result.changes]  # fmt: skip
        if publication is None:  # what the row gives, as the preview of a new row shows it
            given = [c for c in self.import_columns() if cells.text(row.get(c.name))]
            planned.changes = [Change(c.label, "", cells.text(row[c.name])) for c in given]
        return planned

    def check_authors(self, entry: BibEntry, planned: PlannedRow) -> None:
        problems = []
        for position, author in enumerate(entry.authors or [], start=1):
            for name in ("name", "family_name", "given_names"):
                field = Authorship._meta.get_field(name)
                if len(getattr(author, name)) > field.max_length:
                    problems.append(
                        gettext("Author %(position)s: the %(field)s is longer than %(limit)s "
                                "characters.")
                        % {"position": position, "field": field.verbose_name,
                           "limit": field.max_length}
                    )  # fmt: skip
        if problems:
            planned.refuse("authors", *problems)

    def check(self, publication, values: dict, planned: PlannedRow) -> None:
        """The publication as it would be saved, checked as the admin's form checks it."""
        obj = copy.copy(publication) if publication is not None else Publication()
        for name, value in values.items():
            setattr(obj, name, value)
        model_errors = {"kind" if name == "type" else name for name in planned.errors}
        not_editable = {f.name for f in Publication._meta.concrete_fields if not f.editable}
        try:
            obj.full_clean(exclude=model_errors | not_editable, validate_unique=False,
                           validate_constraints=False)  # fmt: skip
            if not planned.errors:
                obj.validate_unique(exclude=not_editable)
                obj.validate_constraints(exclude=not_editable)
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                column = {"kind": "type", NON_FIELD_ERRORS: ROW}.get(name, name)
                planned.refuse(column, *ValidationError(messages).messages)

    # Applying ------------------------------------------------------------------------------
    def apply(self, plan, user=None, file_name=""):
        """Through services.apply_entries, as a BibTeX file is applied: re-planned under
        the import lock, all or nothing, the history entries the importer's."""
        if plan.refused:
            raise PlanRefused(plan)
        name = file_name or plan.file_name
        comment = f"Imported from the {self.source} {name}".strip() + "."
        entries = [row.data["entry"] for row in plan.rows]
        try:
            services.apply_entries(entries, comment=comment, user=user)
        except services.ImportRefused as refused:
            plan.rows[0].refuse(ROW, *refused.reasons)
            plan.rows[0].status = "refused"
            raise PlanRefused(plan) from refused
        return plan

    # Exporting -----------------------------------------------------------------------------
    def export(self, objects=None, names=None):
        if objects is None:
            objects = Publication.objects.all()
        if isinstance(objects, models.QuerySet):
            objects = objects.prefetch_related("authorships")
        else:
            models.prefetch_related_objects(list(objects), "authorships")
        return super().export(objects, names)
