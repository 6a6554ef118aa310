"""Publications as spreadsheet rows, for the admin's import and export.

Rows are matched to the site's papers as the BibTeX import matches entries
(services.ExistingPublications): by DOI, then arXiv id (a preprint only matches a
preprint), then BibTeX key, and last by slug, so a paper without identifiers still
round-trips. A row needs at least one of the four.

- ``authors``: ``Family, Given; Family, Given`` in order (``Family, Jr., Given`` with a
  suffix; one name without a comma is ``Given Family`` split at the last space). Names are
  linked to members by publications.names, as the BibTeX import links them; links made in
  the admin stay.
- ``keywords``: separated by commas (or semicolons).
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch
from import_export import fields, widgets

from groupsite.sheets.spreadsheets import (
    ChoiceWidget,
    ContentResource,
    HttpsURLWidget,
    TextCellWidget,
    choice_value,
    text,
    yes_no_field,
)
from people.models import Member
from publications import services
from publications.bibtex import AuthorName, BibEntry
from publications.models import (
    Authorship,
    Publication,
    PublicationType,
    normalise_arxiv_id,
    normalise_doi,
)
from publications.names import MemberIndex

PUBLICATION_COLUMNS = (
    "type", "title", "authors", "more_authors", "year", "month", "date", "venue", "volume",
    "issue", "pages", "publisher", "doi", "arxiv_id", "bibtex_key", "slug", "url", "pdf_url",
    "code_url", "data_url", "slides_url", "video_url", "keywords", "abstract", "selected",
    "published",
)  # fmt: skip
URL_COLUMNS = ("url", "pdf_url", "code_url", "data_url", "slides_url", "video_url")
NO_IDENTIFIER = (
    "Give a DOI, an arXiv id, a BibTeX key or a slug, so that a later import finds this "
    "publication again."
)


class KeptIfBlankWidget(TextCellWidget):
    """An identifier: a blank cell keeps the one the site has."""

    def clean(self, value, row=None, **kwargs):
        return text(value) or None


class KeywordsWidget(TextCellWidget):
    def clean(self, value, row=None, **kwargs):
        return normalise_keywords(text(value))


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if value and not (value.isascii() and value.isdigit()):
            raise ValueError(f"“{value}” is not a whole number.")
        return int(value) if value else None


def normalise_keywords(value: str) -> str:
    """As the BibTeX import writes them: "a, b, c"."""
    return ", ".join(word.strip() for word in re.split(r"[,;]", value) if word.strip())


def _text_field(name: str, widget=None, **options) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=widget or TextCellWidget(), **options
    )


def parse_authors(value: str) -> list[AuthorName]:
    """``"Müller, Anna; Li, Bo"`` → names as printed with their family and given names."""
    authors = []
    for entry in text(value).split(";"):
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
            raise ValueError(f"“{entry.strip()}” has more than two commas; write “Family, Given”.")
        if not family:
            raise ValueError(f"“{entry.strip()}” has no family name; write “Family, Given”.")
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


class PublicationResource(ContentResource):
    # Authorship.Meta.ordering keeps them in order; the admin prefetches them too.
    export_related = ("authorships",)
    type = fields.Field(
        attribute="kind",
        column_name="type",
        widget=ChoiceWidget(PublicationType.choices, "type"),
        saves_null_values=False,
    )
    title = _text_field("title")
    authors = fields.Field(column_name="authors")
    more_authors = yes_no_field("more_authors")
    year = _text_field("year", YearWidget())
    month = _text_field("month", YearWidget())
    date = _text_field("date", widgets.DateWidget(format="%Y-%m-%d"))
    venue = _text_field("venue")
    volume = _text_field("volume")
    issue = _text_field("issue")
    pages = _text_field("pages")
    publisher = _text_field("publisher")
    doi = _text_field("doi")
    arxiv_id = _text_field("arxiv_id")
    bibtex_key = _text_field("bibtex_key", KeptIfBlankWidget(), saves_null_values=False)
    slug = _text_field("slug", KeptIfBlankWidget(), saves_null_values=False)
    url = _text_field("url", HttpsURLWidget())
    pdf_url = _text_field("pdf_url", HttpsURLWidget())
    code_url = _text_field("code_url", HttpsURLWidget())
    data_url = _text_field("data_url", HttpsURLWidget())
    slides_url = _text_field("slides_url", HttpsURLWidget())
    video_url = _text_field("video_url", HttpsURLWidget())
    keywords = _text_field("keywords", KeywordsWidget())
    abstract = _text_field("abstract")
    selected = yes_no_field("selected")
    published = yes_no_field("published")

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

    class Meta:
        model = Publication
        import_id_fields = []
        fields = PUBLICATION_COLUMNS
        export_order = PUBLICATION_COLUMNS

    def get_import_fields(self):
        return [self.fields[name] for name in PUBLICATION_COLUMNS]

    # Matching ------------------------------------------------------------------------------
    def prepare_import(self, dataset, **kwargs):
        entries = [self._entry(row) for row in dataset.dict]
        self.existing = services.ExistingPublications(entries)
        slugs = {text(row.get("slug")) for row in dataset.dict} - {""}
        self.by_slug = {
            p.slug: p
            for p in Publication.objects.filter(slug__in=slugs).prefetch_related(
                Prefetch("authorships", Authorship.objects.select_related("member"))
            )
        }
        self.index = MemberIndex(Member.objects.all())
        self.touched: list = []

    def _entry(self, row) -> BibEntry:
        """The row's identifiers, read as the BibTeX import reads an entry's."""
        try:
            kind = choice_value(PublicationType.choices, row.get("type"), "type")
        except ValueError:  # blank or unknown (refused with the row's other problems)
            kind = PublicationType.ARTICLE
        fields = {
            "kind": kind,
            "title": text(row.get("title")),
            "doi": normalise_doi(text(row.get("doi"))),
            "arxiv_id": normalise_arxiv_id(text(row.get("arxiv_id"))),
        }
        return BibEntry(key=text(row.get("bibtex_key")), line=0, fields=fields, authors=[])

    def get_instance(self, instance_loader, row):
        found = self.existing.match(self._entry(row))
        return found or self.by_slug.get(text(row.get("slug")))

    def row_key(self, row):
        """As rows are matched: a preprint and the paper it became may share an arXiv id."""
        entry = self._entry(row)
        preprint = entry.fields["kind"] == PublicationType.PREPRINT
        for label, value in (
            ("DOI", entry.fields["doi"].lower()),
            ("arXiv preprint" if preprint else "arXiv", entry.fields["arxiv_id"]),
            ("BibTeX key", entry.key),
            ("slug", text(row.get("slug"))),
        ):
            if value:
                return (label, value)
        return None

    # Reading a row -------------------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        self.current_row_number = kwargs.get("row_number")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Messages name the sheet's column: the type is the model's "kind".
            errors = error.update_error_dict({})
            if "kind" in errors:
                errors["type"] = errors.pop("kind")
            raise ValidationError(errors) from None

    def import_extra(self, instance, row, errors):
        if self.row_key(row) is None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(NO_IDENTIFIER)
        if not instance.slug and instance.title:
            instance.slug = self.existing.new_slug(
                BibEntry(key=instance.bibtex_key, line=0, fields={"title": instance.title},
                         authors=[])
            )  # fmt: skip
        instance.pending_authors = None
        if "authors" not in row:
            return
        try:
            authors = parse_authors(row.get("authors"))
        except ValueError as error:
            errors["authors"] = [str(error)]
            return
        problems = []
        for position, author in enumerate(authors, start=1):
            for name in ("name", "family_name", "given_names"):
                limit = Authorship._meta.get_field(name).max_length
                if len(getattr(author, name)) > limit:
                    label = Authorship._meta.get_field(name).verbose_name
                    problems.append(f"Author {position}: the {label} is longer than {limit} "
                                    "characters.")  # fmt: skip
        if problems:
            errors["authors"] = problems
            return
        old = list(instance.authorships.all()) if instance.pk else []
        instance.pending_authors = services.match_authors(authors, old, self.index)

    # Deciding and writing ------------------------------------------------------------------
    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        editable = [f.attname for f in Publication._meta.concrete_fields if f.editable]
        if any(getattr(instance, name) != getattr(original, name) for name in editable):
            return False
        matches = instance.pending_authors
        if matches is None:
            return True
        old = list(original.authorships.all())
        written = [(a.name, a.family_name, a.given_names) for a in old]
        wanted = [(m.author.name, m.author.family_name, m.author.given_names) for m in matches]
        return written == wanted and not services.links_added(old, matches)

    def do_instance_save(self, instance, is_create):
        """Through the publications' services, as the BibTeX import writes."""
        services.save_publication(instance, instance.pending_authors)
        # The authors shown in the preview's "after" column are the ones just written.
        getattr(instance, "_prefetched_objects_cache", {}).pop("authorships", None)
        self.touched.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not result.has_errors() and not result.has_validation_errors():
            services.link_published_versions(self.touched)

    # Writing a row -------------------------------------------------------------------------
    def dehydrate_authors(self, publication):
        if publication.pk is None:
            return ""
        return "; ".join(format_author(a) for a in publication.authorships.all())
