"""News items as spreadsheet rows, matched by slug (images stay in the admin).

The links are the other side's keys, separated by ``;`` (a ``,`` works too):

- ``members``: member slugs, like ``ada-lovelace; jorg-muller``;
- ``sessions``: a series' slug and the session's number, like ``ml-seminar/12``;
- ``publications``: publication slugs, as in their addresses /publications/<slug>/.
"""

import re

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from import_export import fields, widgets

from groupsite.seo import absolute_url
from groupsite.spreadsheets import (
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
SESSION_KEY = re.compile(r"^(?P<series>[-a-zA-Z0-9_]+)/(?P<number>\d+)$")


def _keys(value) -> list[str]:
    """The keys of a cell in order, each once."""
    return list(dict.fromkeys(p.strip() for p in SEPARATORS.split(text(value)) if p.strip()))


class LinksWidget(widgets.ManyToManyWidget):
    """A list of keys; a key that matches nothing is refused by name, never dropped."""

    def __init__(self, model, noun: str, hint: str):
        super().__init__(model, separator="; ", field="slug")
        self.noun, self.hint = noun, hint

    def clean(self, value, row=None, **kwargs):
        keys = _keys(value)
        if not keys:
            return self.model.objects.none()
        found = self.lookup(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            names = ", ".join(f"“{key}”" for key in missing)
            raise ValueError(f"No {self.noun} {names}; {self.hint}")
        return self.model.objects.filter(pk__in=[obj.pk for obj in found.values()])

    def lookup(self, keys: list[str]) -> dict:
        return {obj.slug: obj for obj in self.model.objects.filter(slug__in=keys)}

    def key(self, obj) -> str:
        return obj.slug

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.separator.join(self.key(o) for o in value.all())


class SessionsWidget(LinksWidget):
    def __init__(self):
        super().__init__(Session, "session", "write a series' slug and a number: ml-seminar/12.")

    def lookup(self, keys: list[str]) -> dict:
        wanted = Q(pk__in=[])
        for key in keys:
            match = SESSION_KEY.match(key)
            if match:
                wanted |= Q(series__slug=match["series"], number=int(match["number"]))
        return {self.key(s): s for s in Session.objects.filter(wanted).select_related("series")}

    def key(self, session) -> str:
        return f"{session.series.slug}/{session.number}"


def _links(name: str, widget: LinksWidget) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget)


class NewsItemResource(ContentResource):
    """News items, matched by slug (unique: a news address is /news/<year>/<slug>/)."""

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

    def import_extra(self, instance, row, errors: dict) -> None:
        # Links are set after the item is saved; their keys are checked now, with the rest.
        for name in ("members", "sessions", "publications"):
            if name in row:
                try:
                    self.fields[name].clean(row)
                except ValueError as error:
                    errors[name] = [str(error)]
        if "publish_at" in row:
            try:
                instance.publish_at = parse_local_datetime(
                    row.get("publish_at"), timezone.get_default_timezone()
                )
            except ValueError as error:
                errors["publish_at"] = [str(error)]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is not None and original.pk and instance.publish_at != original.publish_at:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        related = ("members", "sessions__series", "publications")
        if isinstance(queryset, QuerySet):
            queryset = queryset.prefetch_related(*related)
        else:
            prefetch_related_objects(queryset, *related)
        return super().export(queryset, **kwargs)

    def dehydrate_publish_at(self, item):
        return format_local_datetime(item.publish_at, timezone.get_default_timezone())

    def dehydrate_url(self, item):
        return absolute_url(self.base_url, item)
