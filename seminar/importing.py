"""Create or update a series' sessions from an iCalendar file, all or nothing: the
calendar's reader for seminar.session_import (plan, then apply), as the spreadsheet's is.

A leading speaker line of a description becomes the speakers (seminar.text.split_speaker_line);
one that cannot be read stays in the abstract and the report carries a warning.

UIDs are scoped to the series imported into: a file naming the UID of another series'
session is refused whole, so an import can never move or change someone else's session.

An event the importer cannot take exactly as written is refused, naming it: a date-time
it cannot read, a PERIOD, a year outside ``SUPPORTED_YEARS``, a TZID it does not know,
or a repeating event (RRULE/RDATE, or one occurrence of one: RECURRENCE-ID). A repeating
event describes a time slot, not talks: expanding it would invent sessions with the same
title and made-up UIDs, so the organiser exports single events instead.
"""

import codecs
import contextlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.deadline import check_time
from groupsite.localtime import SKIPPED, clock_change
from groupsite.sheets.plan import (
    CHANGED,
    NEW,
    REFUSED,
    ROW,
    UNCHANGED,
    Plan,
    PlannedRow,
    PlanRefused,
)
from seminar import services
from seminar.models import Session, Status
from seminar.services import renumber_by_start
from seminar.session_import import SessionRow, apply_sessions, changes, plan_sessions
from seminar.text import split_speaker_line
from seminar.youtube import NotAYouTubeVideo, parse_video_id

# Wide enough for any seminar's archive and future; narrow enough that no conversion
# between time zones (Python, Django or the database) can overflow.
SUPPORTED_YEARS = range(1900, 2200)
# A vCalendar 1.0 / Outlook style parameter, e.g. SUMMARY;CHARSET=ISO-8859-1:…
CHARSET_PARAMETER = re.compile(rb";CHARSET=\"?([A-Za-z0-9_.-]+)", re.IGNORECASE)
#: The preview's names for what an event sets.
PREVIEW_LABELS = {
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Title"),
    "start": gettext_lazy("Start"),
    "duration_minutes": gettext_lazy("Duration (minutes)"),
    "location": gettext_lazy("Location"),
    "status": gettext_lazy("Status"),
    "youtube_video": gettext_lazy("Recording (YouTube video)"),
    "abstract": gettext_lazy("Abstract"),
    "speakers": gettext_lazy("Speakers"),
    "uid": "UID",
}


class CalendarImportError(Exception):
    """The file cannot be imported; nothing was changed. ``problems`` lists every reason;
    ``plan`` is the plan with its refused events, if the file was read that far."""

    def __init__(self, problems: list[str], plan: Plan | None = None):
        self.problems, self.plan = problems, plan
        super().__init__("; ".join(problems))


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    #: Imported anyway, but worth a look: e.g. a speaker line that could not be read.
    warnings: list[str] = field(default_factory=list)


def import_calendar(
    data: bytes, series, *, fresh: bool = False, file_name: str = "", user=None
) -> ImportReport:
    """``plan_calendar``, then ``apply_calendar``: the file's events as sessions of ``series``.

    New sessions are numbered by start time, oldest first, after the series' numbers.
    ``fresh``: the file holds the whole series, so every session of the series is numbered
    by start time (1 = oldest); refused if the series has sessions the file does not list.
    Every session created or changed gets a history entry (django-reversion), "Imported
    from the calendar FILE_NAME.", by ``user`` if given.
    """
    plan, report = plan_calendar(data, series, fresh=fresh)
    return apply_calendar(plan, report, series, fresh=fresh, file_name=file_name, user=user)


def plan_calendar(data: bytes, series, *, fresh: bool = False) -> tuple[Plan, ImportReport]:
    """The file read and compared with the series' sessions; nothing is written. Raises
    ``CalendarImportError`` listing every reason if any event is refused."""
    text, encoding = decode_calendar(data)
    rows = parse_calendar(text, series)
    report = ImportReport(encoding=encoding)
    session_rows = []
    for position, row in enumerate(rows, start=1):
        problem = row.pop("speaker_problem")
        if problem:
            report.warnings.append(
                _("Event %(position)s (%(uid)s): %(problem)s")
                % {"position": position, "uid": row["uid"], "problem": problem}
            )
        # Without a speaker line the file says nothing about speakers: keep them.
        speakers = row.pop("speakers") or None
        # Consent comes with a new session's published recording (recording_published);
        # a re-import never turns a speaker's "no" into a "yes".
        row.pop("recording_consent", None)
        session_rows.append(SessionRow(number=position, series=series, values=row,
                                       speakers=speakers, recording_published=True))  # fmt: skip
    plan = plan_sessions(session_rows, foreign_message=_other_series)
    plan.labels = {**{name: str(label) for name, label in PREVIEW_LABELS.items()}, ROW: ""}
    for row in plan.rows:
        show_changes(row, series)
    foreign = sorted(
        (row.data["stored"].uid, message)
        for row in plan.rows
        if row.data.get("foreign")
        for _column, message in row.problems()
    )
    if foreign:
        raise CalendarImportError([message for _uid, message in foreign], plan)
    if fresh:
        _refuse_unlisted_sessions(series, [row.uid for row in session_rows])
    if plan.refused:
        raise CalendarImportError(_problems(plan), plan)
    return plan, report


def apply_calendar(plan, report, series, *, fresh=False, file_name="", user=None) -> ImportReport:
    """Write a plan from ``plan_calendar`` (all or nothing); the report of what it did."""
    after = (lambda: renumber_by_start(series)) if fresh else None
    comment = f"Imported from the calendar {file_name}".strip() + "."  # history: English
    try:
        apply_sessions(plan, user=user, comment=comment, after=after)
    except PlanRefused:
        raise CalendarImportError(_problems(plan)) from None
    lists = {NEW: report.created, CHANGED: report.updated, UNCHANGED: report.unchanged}
    for row in sorted(plan.rows, key=lambda row: row.data["row"].values["start"]):
        lists[row.status].append(row.data["row"].uid)
    return report


def show_changes(planned: PlannedRow, series) -> None:
    """The preview's before → after (a new session: what it gets), in the series' zone."""
    if planned.status in (UNCHANGED, REFUSED) or planned.errors:
        return
    session, stored, row = planned.target, planned.data["stored"], planned.data["row"]
    after = _preview_values(session, series, row.speakers)
    if stored is None:
        after = {name: value for name, value in after.items() if value}
        before = {}
    else:
        before = _preview_values(stored, series, services.speaker_values(stored))
    changes(planned, before, after, PREVIEW_LABELS)


def _preview_values(session: Session, series, speakers: list[dict] | None) -> dict:
    values = {
        "number": session.number or "",
        "title": session.title,
        "start": f"{session.start.astimezone(series.zone):%Y-%m-%d %H:%M} ({series.time_zone})",
        "duration_minutes": session.duration_minutes,
        "location": session.location,
        "status": session.get_status_display(),
        "youtube_video": session.youtube_video,
        "abstract": session.abstract,
    }
    if speakers is not None:  # None: the file names no speakers, so they stay
        values["speakers"] = "; ".join(
            f"{s['name']} ({s['affiliation']})" if s.get("affiliation") else s["name"]
            for s in speakers
        )
    return values


def _problems(plan: Plan) -> list[str]:
    """Each refused event as one line, in file order."""
    problems = []
    for row in plan.rows:
        if not row.errors:
            continue
        described = " ".join(
            message if column == ROW else f"{column}: {message}"
            for column, message in row.problems()
        )
        problems.append(
            _("Event %(position)s (%(uid)s): %(problem)s")
            % {"position": row.number, "uid": row.data["row"].uid, "problem": described}
        )
    return problems


def _other_series(row, session) -> str:
    """The same UID in another series is another session: refused rather than taken over."""
    return _(
        "UID %(uid)s belongs to #%(number)s “%(title)s” in the series “%(series)s” "
        "(%(slug)s), not to “%(target)s”."
    ) % {
        "uid": session.uid,
        "number": session.number,
        "title": session.title,
        "series": session.series,
        "slug": session.series.slug,
        "target": row.series,
    }


def _refuse_unlisted_sessions(series, uids: list[str]) -> None:
    """Renumbering a whole series is only safe when the file holds all of it."""
    others = series.sessions.exclude(uid__in=uids)
    if others.exists():
        raise CalendarImportError(
            [
                _(
                    "“%(series)s” already has %(count)s session(s) this file does not list; "
                    "renumbering would change their addresses. Import without the fresh option."
                )
                % {"series": series, "count": others.count()}
            ]
        )


def decode_calendar(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with.

    RFC 5545 says UTF-8, and a file that decodes as UTF-8 is taken as UTF-8. Older
    exporters write their own code page: then a CHARSET parameter in the file is
    honoured, else Windows-1252 (Western European; Latin-1 with typographic quotes) is
    assumed, else Latin-1, which decodes any byte.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    candidates = ["utf-8"]
    declared = CHARSET_PARAMETER.search(data)
    if declared:
        with contextlib.suppress(LookupError):
            candidates.append(codecs.lookup(declared.group(1).decode("ascii")).name)
    candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def parse_calendar(data: str | bytes, series) -> list[dict]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarImportError(
            [_("The file is not a valid iCalendar file (%(error)s).") % {"error": error}]
        ) from None
    if calendar.name != "VCALENDAR":
        raise CalendarImportError([_("The file does not start with BEGIN:VCALENDAR.")])
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise CalendarImportError([_("The file holds no events (VEVENT).")])
    rows, problems, seen = [], [], set()
    for position, event in enumerate(events, start=1):
        check_time()  # in the admin, a file that takes too long stops here
        try:
            row = _event_row(event, series)
        except ValueError as error:
            problems.append(
                _("Event %(position)s: %(problem)s") % {"position": position, "problem": error}
            )
            continue
        if row["uid"] in seen:
            problems.append(
                _("Event %(position)s: UID %(uid)s appears twice.")
                % {"position": position, "uid": row["uid"]}
            )
        seen.add(row["uid"])
        rows.append(row)
    if problems:
        raise CalendarImportError(problems)
    return rows


def _event_row(event, series) -> dict:
    uid = _single_line(event.get("UID", ""))
    title = _single_line(event.get("SUMMARY", ""))
    if not uid:
        raise ValueError(_("it has no UID, so it could not be matched on a later import."))
    if not title:
        raise ValueError(_("%(uid)s has no SUMMARY (title).") % {"uid": uid})
    name = f"“{_shortened(title)}” ({_shortened(uid)})"
    location = _single_line(event.get("LOCATION", ""))
    for text, field_name, what in ((uid, "uid", "UID"), (title, "title", "SUMMARY (title)"),
                                   (location, "location", "LOCATION")):  # fmt: skip
        limit = Session._meta.get_field(field_name).max_length
        if len(text) > limit:
            raise ValueError(
                _("%(event)s: its %(what)s is %(length)s characters long; at most %(limit)s "
                  "fit. Shorten it in the calendar.")
                % {"event": name, "what": what, "length": f"{len(text):,}", "limit": limit}
            )  # fmt: skip
    _refuse_repetition(event, name)
    if "DTSTART" not in event:
        raise ValueError(_("%(event)s has no DTSTART.") % {"event": name})
    local_start = _moment(event, "DTSTART", series, name)
    # In UTC, so durations are absolute time whatever clock change lies between start
    # and end, and a re-import compares equal to what was stored.
    start = local_start.astimezone(UTC)
    if "DTEND" in event:
        end = _moment(event, "DTEND", series, name).astimezone(UTC)
    elif "DURATION" in event:
        duration = _decoded(event, "DURATION", name)
        if not isinstance(duration, timedelta):
            raise ValueError(
                _("%(event)s: DURATION %(value)s is not a duration.")
                % {"event": name, "value": _raw(event, "DURATION")}
            )
        if abs(duration) > timedelta(days=1):
            raise ValueError(
                _("%(event)s must last between one minute and a day.") % {"event": name}
            )
        end = start + duration
    else:
        end = start + timedelta(minutes=series.default_duration_minutes)
    minutes = round((end - start).total_seconds() / 60)
    if not 0 < minutes < 24 * 60:
        raise ValueError(_("%(event)s must last between one minute and a day.") % {"event": name})
    _refuse_unsupported_year(end.astimezone(local_start.tzinfo), name, "ends")
    speaker_line = split_speaker_line(str(event.get("DESCRIPTION", "")))
    row = {
        "uid": uid,
        "title": title,
        "start": start,
        "duration_minutes": minutes,
        "abstract": speaker_line.abstract,
        "speakers": speaker_line.speakers,
        "speaker_problem": speaker_line.problem,
        "location": location or series.default_location,
        "status": Status.CANCELLED
        if str(event.get("STATUS", "")).upper() == "CANCELLED"
        else Status.SCHEDULED,
    }
    url = str(event.get("URL", "")).strip()
    if url:
        # Other links (a page about the talk) have no field to go to.
        with contextlib.suppress(NotAYouTubeVideo):
            row["youtube_video"] = parse_video_id(url)
            # The calendar being imported already publishes this recording: consent was
            # settled where it came from (docs/organising.md, "Consent is enforced").
            row["recording_consent"] = True
    return row


def _single_line(value) -> str:
    """Titles and places are one line: a folded or escaped line break becomes a space."""
    return " ".join(str(value).split())


def _shortened(text: str) -> str:
    """Enough of a long title or UID to recognise the event by in a message."""
    return text if len(text) <= 80 else f"{text[:80]}…"


def _refuse_repetition(event, name: str) -> None:
    if "RECURRENCE-ID" in event:
        raise ValueError(
            _(
                "%(event)s is one changed occurrence of a repeating event (RECURRENCE-ID); "
                "Export the occurrences as single events."
            )
            % {"event": name}
        )
    for repeating in ("RRULE", "RDATE"):
        if repeating in event:
            raise ValueError(
                _(
                    "%(event)s repeats (%(property)s); a session is one talk, so it is not "
                    "imported as several. Export the occurrences as single events (each with "
                    "its own UID), or create the sessions in the admin."
                )
                % {"event": name, "property": repeating}
            )


def _decoded(event, key: str, name: str):
    if isinstance(event[key], list):
        raise ValueError(_("%(event)s has more than one %(key)s.") % {"event": name, "key": key})
    try:
        return event.decoded(key)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(
            _("%(event)s: %(key)s %(value)s cannot be read.")
            % {"event": name, "key": key, "value": _raw(event, key)}
        ) from None


def _raw(event, key: str) -> str:
    try:
        text = event[key].to_ical()
    except Exception:  # only for the message: any value icalendar cannot write back
        text = str(event[key])
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"“{text[:80]}”"


def _moment(event, key: str, series, name: str) -> datetime:
    """An aware date-time from DTSTART or DTEND, or ValueError naming the event and why.

    A local time the zone skips (clocks go forward) or has twice (clocks go back) is
    refused: only a UTC time says which moment a doubled local time means.
    """
    value = _decoded(event, key, name)
    if event[key].params.get("VALUE", "").upper() == "PERIOD" or isinstance(value, tuple):
        raise ValueError(
            _(
                "%(event)s: %(key)s is a period (VALUE=PERIOD); give a start time with DTEND "
                "or DURATION."
            )
            % {"event": name, "key": key}
        )
    if not isinstance(value, datetime) and isinstance(value, date):
        raise ValueError(
            _("%(event)s is an all-day event; sessions need a start time.") % {"event": name}
        )
    if not isinstance(value, datetime):
        raise ValueError(
            _("%(event)s: %(key)s %(value)s is not a date and time.")
            % {"event": name, "key": key, "value": _raw(event, key)}
        )
    _refuse_unsupported_year(value, name, "starts" if key == "DTSTART" else "ends")
    if "TZID" in event[key].params and not str(event[key].params["TZID"]).strip():
        raise ValueError(
            _(
                '%(event)s: %(key)s has an empty time zone (TZID=""); give a zone name like '
                "Europe/Berlin, or the time in UTC (ending in Z)."
            )
            % {"event": name, "key": key}
        )
    if timezone.is_naive(value):
        zone_name = event[key].params.get("TZID")
        if zone_name:
            # icalendar knows IANA and Windows zone names and the file's own VTIMEZONEs.
            raise ValueError(
                _(
                    "%(event)s: %(key)s is in the time zone “%(zone)s”, which is not known; "
                    "use a zone name like Europe/Berlin or include its VTIMEZONE."
                )
                % {"event": name, "key": key, "zone": zone_name}
            )
        # A floating time means wall-clock time where the seminar takes place.
        value = value.replace(tzinfo=series.zone)
    _refuse_clock_change(value, key, name)
    return value


def _refuse_clock_change(value: datetime, key: str, name: str) -> None:
    """A local time that does not exist, or exists twice, in its zone is refused."""
    change = clock_change(value)
    if not change:
        return
    shown, zone = value.strftime("%Y-%m-%d %H:%M"), str(value.tzinfo)
    if change == SKIPPED:
        raise ValueError(
            _(
                "%(event)s: %(key)s %(time)s does not exist in %(zone)s: the clocks skip that "
                "time when they change for daylight saving. Correct the time in the calendar."
            )
            % {"event": name, "key": key, "time": shown, "zone": zone}
        )
    first, second = value.replace(fold=0), value.replace(fold=1)
    raise ValueError(
        _(
            "%(event)s: %(key)s %(time)s happens twice in %(zone)s: the clocks go back that "
            "night. Give the time in UTC in the calendar to say which (%(first)s for the "
            "first, %(second)s for the second)."
        )
        % {
            "event": name,
            "key": key,
            "time": shown,
            "zone": zone,
            "first": f"{first.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "second": f"{second.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        }
    )


def _refuse_unsupported_year(value: datetime, name: str, verb: str) -> None:
    if value.year not in SUPPORTED_YEARS:
        values = {
            "event": name,
            "year": value.year,
            "first": SUPPORTED_YEARS.start,
            "last": SUPPORTED_YEARS.stop - 1,
        }
        if verb == "starts":
            message = _(
                "%(event)s starts in the year %(year)s; sessions must lie between %(first)s "
                "and %(last)s."
            )
        else:
            message = _(
                "%(event)s ends in the year %(year)s; sessions must lie between %(first)s "
                "and %(last)s."
            )
        raise ValueError(message % values)
