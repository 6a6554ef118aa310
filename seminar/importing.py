"""Create or update a series' sessions from an iCalendar file, all or nothing.

UIDs are scoped to the series imported into: a file naming the UID of another series'
session is refused whole, so an import can never move or change someone else's session.
"""

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import icalendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from seminar.models import Session, Status
from seminar.services import create_session, update_session
from seminar.youtube import NotAYouTubeVideo, parse_video_id

IMPORTED_FIELDS = ("title", "start", "duration_minutes", "abstract", "location", "status")


class CalendarImportError(Exception):
    """The file cannot be imported; nothing was changed. ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def import_calendar(data: bytes, series) -> ImportReport:
    rows = parse_calendar(data, series)
    report = ImportReport()
    uids = [row["uid"] for row in rows]
    with transaction.atomic():
        _refuse_other_series_uids(uids, series)
        existing = {s.uid: s for s in series.sessions.filter(uid__in=uids)}
        problems = []
        for position, row in enumerate(rows, start=1):
            session = existing.get(row["uid"])
            try:
                if session is None:
                    create_session(series=series, **row)
                    report.created.append(row["uid"])
                elif all(getattr(session, name) == value for name, value in row.items()):
                    report.unchanged.append(row["uid"])
                else:
                    changes = {name: value for name, value in row.items() if name != "uid"}
                    update_session(session, **changes)
                    report.updated.append(row["uid"])
            except ValidationError as error:
                problems.append(f"Event {position} ({row['uid']}): {_describe(error)}")
        if problems:
            raise CalendarImportError(problems)  # rolls back what the other events wrote
    return report


def _refuse_other_series_uids(uids: list[str], series) -> None:
    """The same UID in another series is another session: refuse rather than take it over."""
    foreign = (
        Session.objects.filter(uid__in=uids)
        .exclude(series=series)
        .select_related("series")
        .order_by("uid")
    )
    problems = [
        f"UID {session.uid} belongs to #{session.number} “{session.title}” in the series "
        f"“{session.series}” ({session.series.slug}), not to “{series}”."
        for session in foreign
    ]
    if problems:
        raise CalendarImportError(problems)


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return " ".join(error.messages)


def parse_calendar(data: bytes, series) -> list[dict]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarImportError([f"The file is not a valid iCalendar file ({error})."]) from None
    if calendar.name != "VCALENDAR":
        raise CalendarImportError(["The file does not start with BEGIN:VCALENDAR."])
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise CalendarImportError(["The file holds no events (VEVENT)."])
    rows, problems, seen = [], [], set()
    for position, event in enumerate(events, start=1):
        try:
            row = _event_row(event, series)
        except ValueError as error:
            problems.append(f"Event {position}: {error}")
            continue
        if row["uid"] in seen:
            problems.append(f"Event {position}: UID {row['uid']} appears twice.")
        seen.add(row["uid"])
        rows.append(row)
    if problems:
        raise CalendarImportError(problems)
    return rows


def _event_row(event, series) -> dict:
    uid = str(event.get("UID", "")).strip()
    title = str(event.get("SUMMARY", "")).strip()
    if not uid:
        raise ValueError("it has no UID, so it could not be matched on a later import.")
    if not title:
        raise ValueError(f"{uid} has no SUMMARY (title).")
    if "DTSTART" not in event:
        raise ValueError(f"“{title}” has no DTSTART.")
    start = _aware(event.decoded("DTSTART"), series, title)
    try:
        if "DTEND" in event:
            end = _aware(event.decoded("DTEND"), series, title)
        elif "DURATION" in event:
            end = start + event.decoded("DURATION")
        else:
            end = start + timedelta(minutes=series.default_duration_minutes)
    except OverflowError:
        raise ValueError(f"“{title}” would end after the year 9999.") from None
    minutes = round((end - start).total_seconds() / 60)
    if not 0 < minutes < 24 * 60:
        raise ValueError(f"“{title}” must last between one minute and a day.")
    row = {
        "uid": uid[:255],
        "title": title[:300],
        "start": start,
        "duration_minutes": minutes,
        "abstract": str(event.get("DESCRIPTION", "")).strip(),
        "location": str(event.get("LOCATION", "")).strip()[:200] or series.default_location,
        "status": Status.CANCELLED
        if str(event.get("STATUS", "")).upper() == "CANCELLED"
        else Status.SCHEDULED,
    }
    url = str(event.get("URL", "")).strip()
    if url:
        # Other links (a page about the talk) have no field to go to.
        with contextlib.suppress(NotAYouTubeVideo):
            row["youtube_video"] = parse_video_id(url)
    return row


def _aware(value, series, title: str) -> datetime:
    if not isinstance(value, datetime) and isinstance(value, date):
        raise ValueError(f"“{title}” is an all-day event; sessions need a start time.")
    if timezone.is_naive(value):
        # A floating time means wall-clock time where the seminar takes place.
        value = value.replace(tzinfo=series.zone)
    return value
