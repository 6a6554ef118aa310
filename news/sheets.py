"""News items as spreadsheet rows, matched by slug (images stay in the admin).

The links are the other side's keys, separated by ``;`` (a ``,`` works too):

- ``members``: member slugs, like ``ada-lovelace; jorg-muller``;
- ``sessions``: a series' slug and the session's number, like ``ml-seminar/12`` (the
  slug in any case, the number with or without leading zeros);
- ``publications``: publication slugs, as in their addresses /publications/<slug>/.

The plan writes nothing and reads the link targets once for the whole file; applying
saves the item, then sets its links, in the item's one history entry.
"""

import re
from dataclasses import dataclass, replace

import reversion
from django.db.models import prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from groupsite.content.seo import absolute_url
from groupsite.sheets import cells
from groupsite.sheets.models import ModelSheet
from groupsite.sheets.plan import CHANGED, UNCHANGED, Column
from news.models import NewsItem
from people.models import Member
from publications.models import Publication
from seminar.models import Session

SEPARATORS = re.compile(r"[;,]")
SESSION_KEY = re.compile(r"^(?P<series>[-a-zA-Z0-9_]+)/(?P<number>\d+)$", re.ASCII)
#: A message lists at most this many unknown keys, then says how many more there are.
MAX_LISTED_KEYS = 10
NUL = _(
    "Contains a NUL character (\\0), which a database cannot store. Remove it (it often "
    "comes from copying out of a PDF) and upload again."
)


def keys(value) -> list[str]:
    """The keys of a cell in order, each once."""
    return list(dict.fromkeys(p.strip() for p in SEPARATORS.split(cells.text(value)) if p.strip()))


def listed(names: list[str]) -> str:
    shown = ", ".join(f"“{key}”" for key in names[:MAX_LISTED_KEYS])
    more = len(names) - MAX_LISTED_KEYS
    if more <= 0:
        return shown
    return gettext("%(shown)s and %(more)s more") % {"shown": shown, "more": more}


@dataclass
class Links:
    """One kind of link: how its keys are written, normalised and looked up per file."""

    name: str
    model: type
    noun: str
    hint: str

    def normalise(self, key: str):
        return key

    def lookup(self, wanted: set) -> dict:
        return {obj.slug: obj for obj in self.model.objects.filter(slug__in=wanted)}

    def key(self, obj) -> str:
        return obj.slug


class SessionLinks(Links):
    def normalise(self, key: str):
        match = SESSION_KEY.match(key)
        return (match["series"].lower(), int(match["number"])) if match else None

    def lookup(self, wanted: set) -> dict:
        if not wanted:
            return {}
        sessions = (
            Session.objects.annotate(series_key=Lower("series__slug"))
            .filter(series_key__in={series for series, _ in wanted},
                    number__in={number for _, number in wanted})
            .select_related("series")
        )  # fmt: skip
        return {(s.series_key, s.number): s for s in sessions}

    def key(self, session) -> str:
        return f"{session.series.slug}/{session.number}"


LINKS = {
    "members": Links("members", Member, _("member"), _("use members' slugs.")),
    "sessions": SessionLinks(
        "sessions", Session, _("session"), _("write a series' slug and a number: ml-seminar/12.")
    ),
    "publications": Links(
        "publications", Publication, _("publication"), _("use publications' slugs.")
    ),
}


def _zone():
    return timezone.get_default_timezone()


def _publish_at(value):
    return cells.parse_local_datetime(value, _zone(), column="publish_at")


def _format_publish_at(item) -> str:
    return cells.format_local_datetime(item.publish_at, _zone())


class NewsSheet(ModelSheet):
    """News items, matched by slug (unique: a news address is /news/<year>/<slug>/)."""

    model = NewsItem
    key = "slug"
    export_related = ("members", "sessions__series", "publications")
    columns = (
        Column("slug", _("Address (slug)"), _("The item's address: /news/<year>/slug/.")),
        Column("title"),
        Column("date", help=_("Like 2025-01-23.")),
        Column("teaser"),
        Column("body", help=_("Markdown.")),
        Column("image_alt", help=_("Needed while the item has an image (added in the admin).")),
        Column("members", help=_("Member slugs, separated by ;")),
        Column("sessions", help=_("Series slug and number, like ml-seminar/12; separated by ;")),
        Column("publications", help=_("Publication slugs, separated by ;")),
        Column("published", help=_("yes or no; a blank cell keeps what the site has.")),
        Column("publish_at", _("Publish at"), _("Like 2025-01-24 09:00; blank publishes at once."),
               read=_publish_at, write=_format_publish_at),
        Column("url", _("Address on the site"), export_only=True),
    )  # fmt: skip
    sample = {
        "slug": "paper-accepted-at-iclr",
        "title": "Our paper on neural operators was accepted at ICLR",
        "title_de": "Unser Artikel über neuronale Operatoren wurde für die ICLR angenommen",
        "date": "2025-01-23",
        "teaser": "Mei Lin's work on conservation laws in neural operators will be at ICLR.",
        "body": "The paper shows how **mass and energy** can be kept by construction.",
        "published": "yes",
        "publish_at": "2025-01-24 09:00",
    }

    def bind(self, column):
        if column.name in LINKS:
            links = LINKS[column.name]
            column = replace(
                column,
                read=lambda value, links=links: self.read_links(links, value),
                write=lambda item, links=links: self.write_links(links, item),
            )
        elif column.name == "url":
            column = replace(column, write=lambda item: absolute_url(self.base_url, item))
        return super().bind(column)

    # Reading the file once ---------------------------------------------------------------
    def prepare(self, rows):
        """The items the file names with their links, and every link target the file
        names, in a few queries for the whole file (not per row)."""
        super().prepare(rows)
        prefetch_related_objects(list(self.stored.values()), *self.export_related)
        self.found = {}
        for name, links in LINKS.items():
            wanted = {links.normalise(key) for row in rows for key in keys(row.get(name))}
            self.found[name] = links.lookup(wanted - {None})

    def read_links(self, links: Links, value) -> list:
        names = keys(value)
        found = [self.found[links.name].get(links.normalise(key)) for key in names]
        missing = [key for key, obj in zip(names, found, strict=True) if obj is None]
        if missing:
            raise ValueError(
                gettext("No %(noun)s %(keys)s; %(hint)s")
                % {"noun": links.noun, "keys": listed(missing), "hint": links.hint}
            )
        return list({obj.pk: obj for obj in found}.values())

    def write_links(self, links: Links, item) -> str:
        return "; ".join(links.key(obj) for obj in self.links_of(item, links.name))

    @staticmethod
    def links_of(item, name: str) -> list:
        """The links a row gives (while planning), else those stored."""
        pending = getattr(item, "pending_links", {})
        if name in pending:
            return pending[name]
        return list(getattr(item, name).all()) if item.pk else []

    # Planning ------------------------------------------------------------------------------
    def set_value(self, obj, column, value):
        if column.name in LINKS:
            obj.pending_links = {**getattr(obj, "pending_links", {}), column.name: value}
        elif column.name == "publish_at" and cells.format_local_datetime(
            value, _zone()
        ) == cells.format_local_datetime(obj.publish_at, _zone()):
            # Read back as the sheet writes it (to the second): a time set in the admin
            # with microseconds stays as it is.
            return
        else:
            super().set_value(obj, column, value)

    def plan_row(self, number, row):
        planned = super().plan_row(number, row)
        for name, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                planned.errors[name] = [str(NUL)]
        return planned

    def decide(self, planned, stored, present):
        super().decide(planned, stored, present)
        if planned.status != UNCHANGED:
            return
        pending = getattr(planned.target, "pending_links", {})
        for name, links in pending.items():
            if {o.pk for o in links} != {o.pk for o in self.links_of(stored, name)}:
                planned.status = CHANGED

    # Writing -------------------------------------------------------------------------------
    def save(self, obj):
        obj.save()
        for name, links in getattr(obj, "pending_links", {}).items():
            getattr(obj, name).set(links)
        if reversion.is_active():
            # The item's history entry holds its links (they were set after the save).
            reversion.add_to_revision(obj)
