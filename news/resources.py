"""News items as spreadsheet rows, matched by slug (images stay in the admin).

The links are the other side's keys, separated by ``;`` (a ``,`` works too):

- ``members``: member slugs, like ``ada-lovelace; jorg-muller``;
- ``sessions``: a series' slug and the session's number, like ``ml-seminar/12`` (the
  slug in any case, the number with or without leading zeros);
- ``publications``: publication slugs, as in their addresses /publications/<slug>/.

The preview writes nothing and reads the link targets once for the whole file.
"""

import re
from copy import deepcopy

from django.db.models.functions import Lower
from django.utils import timezone
from import_export import fields, widgets
from import_export.resources import Diff

from groupsite.content.seo import absolute_url
from groupsite.sheets.spreadsheets import (
    ContentResource,
    format_local_datetime,
    parse_local_datetime,
    text,
    yes_no_field,
)
from news.models import NewsItem
from people.models import Member
from publications.models import Publication
from seminar.models import Session

DATE = widgets.DateWidget(format="%Y-%m-%d")
SEPARATORS = re.compile(r"[;,]")
COLUMNS = (
    "slug", "title", "date", "teaser", "body", "image_alt", "members", "sessions",
    "publications", "published", "publish_at", "url",
)  # fmt: skip
SESSION_KEY = re.compile(r"^(?P<series>[-a-zA-Z0-9_]+)/(?P<number>\d+)$", re.ASCII)


def _keys(value) -> list[str]:
    """The keys of a cell in order, each once."""
    return list(dict.fromkeys(p.strip() for p in SEPARATORS.split(text(value)) if p.strip()))


#: A message lists at most this many unknown keys, then says how many more there are.
MAX_LISTED_KEYS = 10


def _listed(keys: list[str]) -> str:
    names = ", ".join(f"“{key}”" for key in keys[:MAX_LISTED_KEYS])
    more = len(keys) - MAX_LISTED_KEYS
    return f"{names} and {more} more" if more > 0 else names


class LinksWidget(widgets.ManyToManyWidget):
    """A list of keys; a key that matches nothing is refused by name, never dropped.

    The targets are read once per file (:meth:`load`, from the resource's prepare_import);
    :meth:`clean` then only looks keys up in what was read.
    """

    def __init__(self, model, noun: str, hint: str):
        super().__init__(model, separator="; ")
        self.noun, self.hint = noun, hint
        self.found: dict = {}

    def load(self, cells) -> None:
        """Read every object the cells of one file name, in one query."""
        keys = {self.normalise(key) for cell in cells for key in _keys(cell)}
        self.found = self.lookup({key for key in keys if key is not None})

    def clean(self, value, row=None, **kwargs) -> list:
        keys = _keys(value)
        found = [self.found.get(self.normalise(key)) for key in keys]
        missing = [key for key, obj in zip(keys, found, strict=True) if obj is None]
        if missing:
            raise ValueError(f"No {self.noun} {_listed(missing)}; {self.hint}")
        return list({obj.pk: obj for obj in found}.values())

    def normalise(self, key: str):
        return key

    def lookup(self, keys: set) -> dict:
        return {obj.slug: obj for obj in self.model.objects.filter(slug__in=keys)}

    def key(self, obj) -> str:
        return obj.slug

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(
            self.key(o) for o in (value if isinstance(value, list) else value.all())
        )


class SessionsWidget(LinksWidget):
    """``ml-seminar/12``: the series' slug in any case, the number with or without zeros."""

    def __init__(self):
        super().__init__(Session, "session", "write a series' slug and a number: ml-seminar/12.")

    def normalise(self, key: str):
        match = SESSION_KEY.match(key)
        return (match["series"].lower(), int(match["number"])) if match else None

    def lookup(self, keys: set) -> dict:
        if not keys:
            return {}
        sessions = (
            Session.objects.annotate(series_key=Lower("series__slug"))
            .filter(series_key__in={series for series, _ in keys},
                    number__in={number for _, number in keys})
            .select_related("series")
        )  # fmt: skip
        return {(s.series_key, s.number): s for s in sessions}

    def key(self, session) -> str:
        return f"{session.series.slug}/{session.number}"


def _links(name: str, widget: LinksWidget) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget)


LINKS = ("members", "sessions", "publications")


class NewsDiff(Diff):
    """The preview's before and after: links from what prepare_import read and from the
    row (the preview writes nothing), so showing them costs no query."""

    def __init__(self, resource, instance, new):
        self.resource, self.new = resource, new
        self.left, self.right = self._values(instance), []

    def compare_with(self, resource, instance):
        self.right = self._values(instance)

    def _values(self, instance) -> list:
        values = []
        for field in self.resource.get_import_fields():
            if instance is None:
                values.append("")
            elif field.attribute in LINKS:
                values.append(
                    field.widget.render(self.resource.links_of(instance, field.attribute))
                )
            else:
                values.append(field.export(instance))
        return values


class NewsItemResource(ContentResource):
    """News items, matched by slug (unique: a news address is /news/<year>/<slug>/)."""

    export_related = ("members", "sessions__series", "publications")

    date = fields.Field(attribute="date", column_name="date", widget=DATE)
    members = _links("members", LinksWidget(Member, "member", "use members' slugs."))
    sessions = _links("sessions", SessionsWidget())
    publications = _links(
        "publications", LinksWidget(Publication, "publication", "use publications' slugs.")
    )
    published = yes_no_field("published")
    publish_at = fields.Field(column_name="publish_at")
    url = fields.Field(column_name="url", readonly=True)

    export_only_columns = ("url",)
    sample = {
        "slug": "paper-accepted-at-iclr",
        "title": "Our paper on neural operators was accepted at ICLR",
        "date": "2025-01-23",
        "teaser": "Mei Lin's work on conservation laws in neural operators will be at ICLR.",
        "body": "The paper shows how **mass and energy** can be kept by construction.",
        "members": "",
        "sessions": "",
        "publications": "",
        "published": "yes",
        "publish_at": "2025-01-24 09:00",
    }

    class Meta:
        model = NewsItem
        import_id_fields = ["slug"]
        fields = COLUMNS
        export_order = COLUMNS

    def get_import_fields(self):
        return [field for field in super().get_import_fields() if not field.readonly]

    def get_diff_class(self):
        return NewsDiff

    # Reading the file once ---------------------------------------------------------------
    def prepare_import(self, dataset, **kwargs):
        """The items the file names and every link target, read in a few queries for the
        whole file (not per row)."""
        rows = dataset.dict
        slugs = {text(row.get("slug")) for row in rows} - {""}
        stored = NewsItem.objects.filter(slug__in=slugs).prefetch_related(
            "members", "sessions__series", "publications"
        )
        self.items_by_slug = {item.slug: item for item in stored}
        self.stored_links = {
            item.pk: {name: list(getattr(item, name).all()) for name in LINKS}
            for item in self.items_by_slug.values()
        }
        for name in LINKS:
            self.fields[name].widget.load(row.get(name) for row in rows)

    def get_instance(self, instance_loader, row):
        stored = self.items_by_slug.get(text(row.get("slug")))
        return deepcopy(stored) if stored is not None else None

    def links_of(self, item, name: str) -> list:
        """The links the row gives (after import_extra), else those stored."""
        pending = getattr(item, "pending_links", {})
        if name in pending:
            return pending[name]
        return self.stored_links.get(item.pk, {}).get(name, [])

    # Reading a row -------------------------------------------------------------------------
    def import_extra(self, instance, row, errors: dict) -> None:
        for column, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                errors[column] = [
                    "Contains a NUL character (\\0), which a database cannot store. Remove "
                    "it (it often comes from copying out of a PDF) and upload again."
                ]
        # Links are set after the item is saved; their keys are checked now, once.
        instance.pending_links = {}
        for name in LINKS:
            if name in row and name not in errors:
                try:
                    instance.pending_links[name] = self.fields[name].clean(row)
                except ValueError as error:
                    errors[name] = [str(error)]
        if "publish_at" in row and "publish_at" not in errors:
            try:
                instance.publish_at = parse_local_datetime(
                    row.get("publish_at"), timezone.get_default_timezone()
                )
            except ValueError as error:
                errors["publish_at"] = [str(error)]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or not original.pk:
            return super().skip_row(instance, original, row, import_validation_errors)
        # Compared as the sheet writes it: a time with microseconds (set in the admin) is
        # written to the minute or second, and reads back as the same time.
        zone = timezone.get_default_timezone()
        if format_local_datetime(instance.publish_at, zone) != format_local_datetime(
            original.publish_at, zone
        ):
            return False
        for name in LINKS:
            if name in instance.pending_links and {o.pk for o in instance.pending_links[name]} != {
                o.pk for o in self.links_of(original, name)
            }:
                return False
        for field in self.get_import_fields():
            if field.attribute not in LINKS and field.get_value(instance) != field.get_value(
                original
            ):
                return False
        return True

    # Writing -------------------------------------------------------------------------------
    def save_instance(self, instance, is_create, row, **kwargs):
        """The preview writes nothing: the rows were checked as saving would check them."""
        if kwargs.get("dry_run"):
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        for name, links in instance.pending_links.items():
            getattr(instance, name).set(links)

    def dehydrate_publish_at(self, item):
        return format_local_datetime(item.publish_at, timezone.get_default_timezone())

    def dehydrate_url(self, item):
        return absolute_url(self.base_url, item)
