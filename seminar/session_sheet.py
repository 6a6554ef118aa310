"""Sessions as spreadsheet rows: the columns, reading cells into SessionRow values for
seminar.session_import, and writing sessions back as cells (the export).

A session row flattens its speakers and references into a few columns:

- ``speakers``: ``Name (Affiliation); Name (Affiliation)``, as calendars write them;
- ``speaker_orcids``, ``speaker_homepages``, ``speaker_members``: the same speakers' ORCID
  iDs, pages and member slugs, separated by ``;`` in the same order (blanks allowed);
- ``references``: one per line, ``title | authors | venue | year | url | doi | arxiv``.

A backslash makes a separator plain text (``\\;`` ``\\(`` ``\\)`` in speakers, ``\\;`` in the
aligned columns, ``\\|`` in references, ``\\\\`` everywhere; seminar.text). Exports escape
what needs it, so any text reads back exactly.
"""

import logging
import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from groupsite.content.seo import absolute_url
from groupsite.sheets.cells import (
    ascii_number,
    choice_value,
    format_local_datetime,
    https_url,
    parse_local_datetime,
    parse_yes_no,
    text,
    yes_no,
)
from groupsite.sheets.files import FormulaWithoutValue, Table
from groupsite.sheets.plan import (
    GERMAN,
    REFUSED,
    ROW,
    UNREADABLE_ROW,
    Column,
    Plan,
    PlannedRow,
    Sheet,
    repeated_row,
)
from people.models import Member
from seminar.models import Format, Language, Series, Session, Status
from seminar.session_import import SessionRow, apply_sessions, changes, plan_sessions
from seminar.text import format_speakers, join_escaped, parse_speakers, split_escaped
from seminar.youtube import NotAYouTubeVideo, parse_video_id, watch_url

logger = logging.getLogger(__name__)
#: The largest values the database's columns hold (PositiveInteger, PositiveSmallInteger).
LARGEST_NUMBER, LARGEST_MINUTES, LARGEST_YEAR = 2_147_483_647, 32_767, 32_767
#: Where a cell's text breaks into lines (references): what spreadsheets and CSV write.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
REFERENCE_PARTS = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
ALIGNED_SPECIALS = frozenset("\\;")
#: The texts with a German version (seminar/translation.py), each in the column ``<name>_de``.
GERMAN_TEXTS = ("title", "abstract", "status_note")
#: Session fields whose column has another name.
COLUMN_OF_FIELD = {"youtube_video": "recording", "series_id": "series"}


# Writing cells (the export, and the preview's before/after) --------------------------------
def _joined(values) -> str:
    """``a; b`` with ``;`` escaped, without the separators of trailing blanks."""
    values = list(values)
    while values and not values[-1]:
        values.pop()
    return join_escaped(values, "; ", "\\;")


def reference_lines(references) -> str:
    lines = []
    for reference in references:
        parts = ["" if reference.get(name) is None else str(reference.get(name))
                 for name in REFERENCE_PARTS]  # fmt: skip
        while parts and not parts[-1]:
            parts.pop()
        lines.append(join_escaped(parts, " | ", "\\|"))
    return "\n".join(lines)


def session_cells(session: Session, speakers=None, references=None, base_url="") -> dict:
    """Column → cell for one session; ``speakers``/``references`` (dicts) instead of the
    stored ones, for a session not saved yet."""
    zone = session.series.zone
    if speakers is None:
        speakers = list(session.speakers.all()) if session.pk else []
        members = [speaker.member.slug if speaker.member else "" for speaker in speakers]
        speakers = [{"name": s.name, "affiliation": s.affiliation, "orcid": s.orcid,
                     "homepage": s.homepage} for s in speakers]  # fmt: skip
    else:
        members = [s.get("member_slug", "") for s in speakers]
    if references is None:
        references = [{name: getattr(r, name) for name in REFERENCE_PARTS}
                      for r in (session.references.all() if session.pk else [])]  # fmt: skip
    return {
        "series": session.series.slug,
        "number": session.number,
        # The English text whichever language is active; the German one (blank where there
        # is none, not the English text German pages fall back to) in its own column.
        "title": session.title_en or "",
        "title_de": session.title_de or "",
        "slug": session.slug,
        "start": format_local_datetime(session.start, zone),
        "duration_minutes": session.duration_minutes,
        "status": session.status,
        "status_note": session.status_note_en or "",
        "status_note_de": session.status_note_de or "",
        "format": session.format,
        "language": str(session.language),
        "location": session.location,
        "livestream_url": session.livestream_url,
        "recording": watch_url(session.youtube_video) if session.youtube_video else "",
        "speakers": format_speakers(speakers),
        "speaker_orcids": _joined(s.get("orcid", "") for s in speakers),
        "speaker_homepages": _joined(s.get("homepage", "") for s in speakers),
        "speaker_members": _joined(members),
        "references": reference_lines(references),
        "abstract": session.abstract_en or "",
        "abstract_de": session.abstract_de or "",
        "published": yes_no(session.published),
        "publish_at": format_local_datetime(session.publish_at, zone),
        "uid": session.uid,
        "end": format_local_datetime(session.end, zone),
        "url": absolute_url(base_url, session) if session.pk else "",
    }


def export_sessions(sessions, base_url: str = "", names=None) -> tuple[list[str], list[list]]:
    """Headers and rows for ``sessions`` (a queryset or list), in ``names``' columns."""
    names = names or SessionSheet().export_names()
    if hasattr(sessions, "prefetch_related"):
        sessions = sessions.select_related("series").prefetch_related(
            "speakers__member", "references"
        )
    rows = []
    for session in sessions:
        cells = session_cells(session, base_url=base_url)
        rows.append([cells[name] for name in names])
    return list(names), rows


# Reading cells ------------------------------------------------------------------------------
def _number(value):
    number = ascii_number(value, gettext("a session number (1, 2, 3 …)"), LARGEST_NUMBER)
    if number == 0:
        raise ValueError(
            gettext("“%(value)s” is not a session number (1, 2, 3 …).") % {"value": text(value)}
        )
    return number


def _minutes(value):
    return ascii_number(value, gettext("a number of minutes"), LARGEST_MINUTES)


def _video_id(value) -> str:
    value = text(value)
    if not value:
        return ""
    try:
        return parse_video_id(value)
    except NotAYouTubeVideo as error:
        raise ValueError(
            gettext(
                "%(error)s Paste a YouTube video link (watch, youtu.be, embed, live or shorts) "
                "or the 11-character video id."
            )
            % {"error": error}
        ) from None


def _choice(choices, column: str, default: str):
    return lambda v: choice_value(choices.choices, v, column) if text(v) else default


def _aligned(row, column: str) -> list[str]:
    value = text(row.get(column))
    return split_escaped(value, ";", ALIGNED_SPECIALS) if value else []


def _at(values: list[str], position: int) -> str:
    return values[position] if position < len(values) else ""


class SessionSheet(Sheet):
    """Sessions, matched by calendar UID, or (without one) by series and start time."""

    noun, plural = _("session"), _("sessions")
    columns = (
        Column("series", _("Series"), _("The series' slug.")),
        Column("number", _("Number"), _("Left blank, new sessions are numbered by start time.")),
        Column("title", _("Title"), translated=True),
        Column("slug", _("Address (slug)"), _("Left blank, made from the title (or kept).")),
        Column("start", _("Start"), _("Like 2024-03-05 15:00, in the series' time zone.")),
        Column("duration_minutes", _("Duration (minutes)"), _("Blank: the series' default.")),
        Column("status", _("Status")),
        Column("status_note", _("Status note"), translated=True),
        Column("format", _("Format")),
        Column("language", _("Language"), _("en or de; blank: the series' language.")),
        Column("location", _("Location"), _("Blank: the series' default location.")),
        Column("livestream_url", _("Live stream link")),
        Column("recording", _("Recording (YouTube)")),
        Column("speakers", _("Speakers"), _("Name (Affiliation); Name (Affiliation)")),
        Column("speaker_orcids", _("Speakers' ORCID iDs"), _("In the speakers' order, ; between.")),
        Column("speaker_homepages", _("Speakers' homepages"), _("In the speakers' order.")),
        Column("speaker_members", _("Speakers' member slugs"), _("In the speakers' order.")),
        Column(
            "references", _("References"), _("One a line: title | authors | venue | year | url")
        ),
        Column("abstract", _("Abstract"), translated=True),
        Column("published", _("Published"), _("yes or no; a blank cell keeps a draft a draft.")),
        Column("publish_at", _("Publish at")),
        Column("uid", _("Calendar UID"), _("Blank for a new session.")),
        Column("end", _("End"), export_only=True),
        Column("url", _("Page"), export_only=True),
    )
    sample = {
        "series": "example-seminar",
        "title": "Neural operators for ocean models",
        "title_de": "Neuronale Operatoren für Ozeanmodelle",
        "start": "2024-03-05 15:00",
        "duration_minutes": 60,
        "status": "scheduled",
        "format": "hybrid",
        "language": "en",
        "location": "Seminar room 2",
        "recording": "",  # needs the speakers' consent, recorded in the admin first
        "speakers": "Jörg Müller (Universität Hamburg); Zoë Ångström (KTH)",
        "speaker_orcids": "0000-0002-1825-0097; ",
        "references": "Fourier neural operator for parametric PDEs | Z. Li et al. | ICLR | 2021"
        " | | | 2010.08895",
        "abstract": "How learned solution operators speed up ocean simulations.",
        "abstract_de": "Wie gelernte Lösungsoperatoren Ozeansimulationen beschleunigen.",
        "published": "yes",
    }

    def sample_rows(self) -> tuple[list[str], list[list]]:
        """The sample names the site's first series (at request time), so it imports as it
        is; the placeholder only on a site without any series yet."""
        slug = Series.objects.values_list("slug", flat=True).first()
        names, rows = super().sample_rows()
        if slug:
            column = names.index("series")
            rows = [[*row[:column], slug, *row[column + 1 :]] for row in rows]
        return names, rows

    # Planning --------------------------------------------------------------------------
    def plan(self, table: Table, file_name: str = "") -> Plan:
        cells = self.normalise(table)
        self.prepare(cells)
        rows = [self._read(n, row) for n, row in zip(table.row_numbers(), cells, strict=True)]
        plan = plan_sessions(rows)
        present = set(cells[0]) if cells else set()
        keys_seen = {}
        for planned, row in zip(plan.rows, cells, strict=True):
            self._refuse_repeated_key(planned, row, keys_seen)
            for column, value in row.items():
                if isinstance(value, FormulaWithoutValue):
                    planned.errors[column] = [value.message()]
            planned.errors = {COLUMN_OF_FIELD.get(k, k): v for k, v in planned.errors.items()}
            if planned.errors:
                planned.status = REFUSED
            elif planned.status != "unchanged":
                self._show_changes(planned, present)
        plan.columns = [c for c in self.import_columns() if c.name in present]
        plan.file_name, plan.labels = file_name, self.labels()
        return plan

    def prepare(self, rows: list[dict]) -> None:
        """What the cells are read against, in a few queries for the whole file."""
        self.series_by_slug = {series.slug: series for series in Series.objects.all()}
        uids = {text(row.get("uid")) for row in rows} - {""}
        self.series_by_uid = dict(
            Session.objects.filter(uid__in=uids).values_list("uid", "series__slug")
        )
        slugs = {slug for row in rows for slug in _aligned(row, "speaker_members") if slug}
        self.members_by_slug = {
            member.slug: member for member in Member.objects.filter(slug__in=slugs).only("slug")
        }

    def _series(self, row):
        slug = text(row.get("series")) or self.series_by_uid.get(text(row.get("uid")), "")
        return self.series_by_slug.get(slug)

    def row_key(self, row):
        uid = text(row.get("uid"))
        if uid:
            return ("UID", uid)
        series = self._series(row)
        try:
            start = self._start(row.get("start"), series) if series else None
        except ValueError:
            return None
        return (series.slug, format_local_datetime(start, series.zone)) if start else None

    def _refuse_repeated_key(self, planned: PlannedRow, row: dict, keys_seen: dict) -> None:
        key = self.row_key(row)
        if key is None:
            return
        if key in keys_seen:
            planned.refuse(ROW, repeated_row(planned.number, key, keys_seen[key]))
            return
        keys_seen[key] = planned.number

    @staticmethod
    def _start(value, series):
        """A start in the series' zone; a date alone takes the series' regular start time."""
        return parse_local_datetime(
            value, series.zone, default_time=series.default_start_time, column="start"
        )

    def _read(self, number: int, row: dict) -> SessionRow:
        try:
            return self.read_row(number, row)
        except Exception:
            # A fault of ours in reading one row: that row is refused with a sentence, and
            # the other rows still show their own reasons.
            logger.exception("Sheet row %s could not be read", number)
            return SessionRow(number=number, errors={ROW: [str(UNREADABLE_ROW)]}, unreadable=True)

    def read_row(self, number: int, row: dict) -> SessionRow:
        """The cells as a SessionRow; each cell that cannot be read is refused by column."""
        session_row = SessionRow(number=number, series=self._series(row))
        # A sheet never grants consent: a recording needs the speakers' consent recorded.
        session_row.consent_refusal = gettext(
            "The speakers have not agreed to publishing the recording; record their consent "
            "in the admin first, or leave the recording empty."
        )
        if "series" in row and session_row.series is None:
            session_row.errors["series"] = [
                gettext("No series “%(series)s”; use a series slug.")
                % {"series": text(row.get("series"))}
            ]
        zone_series = session_row.series or Series()
        readers = {
            "uid": text,
            "number": _number,
            "title": text,
            "slug": text,
            "start": lambda v: self._start(v, zone_series),
            "duration_minutes": _minutes,
            "status": _choice(Status, "status", Status.SCHEDULED),
            "status_note": text,
            "format": _choice(Format, "format", Format.HYBRID),
            "language": _choice(Language, "language", ""),
            "location": text,
            "livestream_url": https_url,
            "recording": _video_id,
            "abstract": text,
            **{f"{name}_{GERMAN}": text for name in GERMAN_TEXTS},
            "published": lambda v: parse_yes_no(v) if text(v) else None,
            "publish_at": lambda v: parse_local_datetime(v, zone_series.zone, column="publish_at"),
        }
        for column, read in readers.items():
            if column not in row:
                continue
            try:
                value = read(row[column])
            except ValueError as error:
                session_row.errors[column] = [str(error)]
                continue
            if column in {"uid", "published"} and value in ("", None):
                continue  # a blank never takes a UID away, nor publishes a draft
            if column.endswith(f"_{GERMAN}") and not value:
                continue  # a blank German cell keeps the German text the site has
            if column == "number" and value is None:
                continue  # kept, or planned by start time
            field = "youtube_video" if column == "recording" else column
            session_row.values[field] = value
        read_speakers(session_row, row, self.members_by_slug)
        read_references(session_row, row)
        return session_row

    def _show_changes(self, planned: PlannedRow, present: set) -> None:
        """Before → after, in the file's columns, for the preview."""
        session, stored, row = planned.target, planned.data["stored"], planned.data["row"]
        speakers = None
        if row.speakers is not None:
            by_pk = {m.pk: m.slug for m in self.members_by_slug.values()}
            speakers = [{**s, "member_slug": by_pk.get(s.get("member_id"), "")}
                        for s in row.speakers]  # fmt: skip
        after = session_cells(session, speakers, row.references)
        before = session_cells(stored) if stored is not None else {}
        shown = [c.name for c in self.import_columns() if c.name in present]
        changes(planned, before, {name: after[name] for name in shown}, self.labels())

    # Writing --------------------------------------------------------------------------
    def apply(self, plan: Plan, user=None, file_name: str = "") -> Plan:
        name = file_name or plan.file_name
        return apply_sessions(
            plan, user=user, comment=f"Imported from the {self.source} {name}".strip() + "."
        )

    def export(self, objects, names=None):
        return export_sessions(objects, self.base_url, names)


def read_speakers(session_row: SessionRow, row: dict, members_by_slug: dict) -> None:
    """A ``speaker_…`` column the sheet leaves out leaves that field of each stored
    speaker as it is."""
    if "speakers" not in row:
        return
    try:
        speakers = parse_speakers(text(row.get("speakers")))
    except ValueError as error:
        session_row.errors["speakers"] = [str(error)]
        return
    columns = {"orcid": "speaker_orcids", "homepage": "speaker_homepages",
               "member": "speaker_members"}  # fmt: skip
    extras = {key: _aligned(row, column) for key, column in columns.items() if column in row}
    problems = [
        gettext("%(column)s lists %(entries)s entries for %(speakers)s speakers.")
        % {"column": columns[key], "entries": len(values), "speakers": len(speakers)}
        for key, values in extras.items()
        if len(values) > len(speakers)
    ]
    for position, speaker in enumerate(speakers):
        if "orcid" in extras:
            speaker["orcid"] = _at(extras["orcid"], position)
        if "homepage" in extras:
            speaker["homepage"] = https_url(_at(extras["homepage"], position))
        if "member" in extras:
            slug = _at(extras["member"], position)
            member = members_by_slug.get(slug) if slug else None
            if slug and member is None:
                problems.append(
                    gettext("Speaker %(position)s: no member “%(slug)s”.")
                    % {"position": position + 1, "slug": slug}
                )
            speaker["member_id"] = member.pk if member else None
    if problems:
        session_row.errors["speakers"] = problems
    session_row.speakers = speakers


def read_references(session_row: SessionRow, row: dict) -> None:
    """The ``references`` cell: one reference a line, its parts separated by |."""
    if "references" not in row:
        return
    references, problems = [], []
    # Only line breaks a spreadsheet cell holds (not U+2028, \x85 … as splitlines()).
    lines = [line for line in LINE_BREAK.split(text(row.get("references"))) if line.strip()]
    for position, line in enumerate(lines, start=1):
        parts = split_escaped(line, "|")
        if len(parts) > len(REFERENCE_PARTS):
            problems.append(
                gettext("Reference %(position)s has more than %(parts)s parts.")
                % {"position": position, "parts": len(REFERENCE_PARTS)}
            )
            continue
        values = dict(zip(REFERENCE_PARTS, parts + [""] * len(REFERENCE_PARTS), strict=False))
        try:
            values["year"] = ascii_number(values["year"], gettext("a year"), LARGEST_YEAR)
        except ValueError as error:
            problems.append(
                gettext("Reference %(position)s: %(problem)s")
                % {"position": position, "problem": error}
            )
            continue
        values["url"] = https_url(values["url"])
        references.append(values)
    if problems:
        session_row.errors["references"] = problems
    session_row.references = references
