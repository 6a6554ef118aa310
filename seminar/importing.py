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
from seminar.services import (
    create_session,
    next_free_number,
    renumber_by_start,
    set_speakers,
    update_session,
)
from seminar.text import split_speaker_line
from seminar.youtube import NotAYouTubeVideo, parse_video_id


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


def import_calendar(data: bytes, series, *, fresh: bool = False) -> ImportReport:
    """New sessions are numbered by start time, oldest first, after the series' numbers.

    ``fresh``: the file holds the whole series, so every session of the series is numbered
    by start time (1 = oldest); refused if the series has sessions the file does not list.
    """
    rows = parse_calendar(data, series)
    report = ImportReport()
    uids = [row["uid"] for row in rows]
    with transaction.atomic():
        _refuse_other_series_uids(uids, series)
        existing = {s.uid: s for s in series.sessions.filter(uid__in=uids)}
        if fresh:
            _refuse_unlisted_sessions(series, uids)
        number = next_free_number(series)
        problems = []
        # Oldest first, so new sessions are numbered in time order whatever the file's order.
        in_time_order = sorted(enumerate(rows, start=1), key=lambda item: item[1]["start"])
        for position, row in in_time_order:
            speakers = row.pop("speakers")
            session = existing.get(row["uid"])
            try:
                if session is None:
                    session = create_session(series=series, number=number, **row)
                    number += 1
                    report.created.append(row["uid"])
                    is_new = changed = True
                else:
                    is_new = False
                    changes = {k: v for k, v in row.items() if getattr(session, k) != v}
                    if changes:
                        update_session(session, **changes)
                    changed = bool(changes)
            except ValidationError as error:
                problems.append((position, f"Event {position} ({row['uid']}): {_describe(error)}"))
                continue
            # Without a speaker line the file says nothing about speakers: keep them.
            if speakers and _speakers_differ(session, speakers):
                set_speakers(session, speakers)
                changed = True
            if not is_new:
                (report.updated if changed else report.unchanged).append(row["uid"])
        if problems:
            # In file order; raising rolls back what the other events wrote.
            raise CalendarImportError([message for _, message in sorted(problems)])
        if fresh:
            renumber_by_start(series)
    return report


def _refuse_unlisted_sessions(series, uids: list[str]) -> None:
    """Renumbering a whole series is only safe when the file holds all of it."""
    others = series.sessions.exclude(uid__in=uids)
    if others.exists():
        raise CalendarImportError(
            [
                f"“{series}” already has {others.count()} session(s) this file does not list; "
                "renumbering would change their addresses. Import without the fresh option."
            ]
        )


def _speakers_differ(session, speakers: list[dict]) -> bool:
    """Compare names and affiliations only, so ORCID iDs or links added later stay."""
    current = [(s.name, s.affiliation) for s in session.speakers.all()]
    return current != [(s["name"], s["affiliation"]) for s in speakers]


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
    speakers, abstract = split_speaker_line(str(event.get("DESCRIPTION", "")))
    row = {
        "uid": uid[:255],
        "title": title[:300],
        "start": start,
        "duration_minutes": minutes,
        "abstract": abstract,
        "speakers": speakers,
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
