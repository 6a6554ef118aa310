"""The calendar reader (seminar/importing.py): which events it refuses, naming them —
times, zones, repeats, encodings, clock changes, lengths."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from seminar.importing import CalendarImportError, import_calendar
from seminar.models import Session
from tests.factories import SeriesFactory
from tests.seminar.calendars import after_sample, calendar_of, one_event, vevent

SAMPLE = Path(__file__).parent / "data" / "sample.ics"
BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def calendar(*events: tuple[str, str, str]) -> bytes:
    """A calendar listing (uid, local start, description) events in the order given."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Archive//EN"]
    for uid, start, description in events:
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240101T000000Z", f"SUMMARY:Talk {uid}",
            f"DTSTART;TZID=Europe/Berlin:{start}", "DURATION:PT1H",
            f"DESCRIPTION:{description}", "END:VEVENT",
        ]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR", ""])).encode()


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["DTSTART:garbage"], "DTSTART “garbage” is not a date and time."),
        (["DTSTART:20230711T130000Z", "DURATION:nonsense"],
         "DURATION “nonsense” is not a duration."),
        (["DTSTART:20230711T130000Z", "DTEND:soon"], "DTEND “soon” is not a date and time."),
        (["DTSTART;VALUE=PERIOD:20230711T130000Z/20230711T140000Z"],
         "DTSTART is a period (VALUE=PERIOD); give a start time with DTEND or DURATION."),
        (["DTSTART:20230711T130000Z/PT1H"],
         "DTSTART is a period (VALUE=PERIOD); give a start time with DTEND or DURATION."),
        (["DTSTART:20230711T130000Z", "DTSTART:20230712T130000Z"], "has more than one DTSTART."),
        (["DTSTART:20230711T130000Z", "DURATION:P99999999D"],
         "must last between one minute and a day."),
    ],
)  # fmt: skip
def test_unreadable_times_are_refused_naming_the_event(lines, problem):
    with pytest.raises(CalendarImportError) as error:
        import_calendar(after_sample(vevent(*lines)), SeriesFactory())
    (message,) = error.value.problems
    assert message.startswith("Event 4: “Odd talk” (odd@old.example)")
    assert message.endswith(problem)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("dtstart", "message"),
    [
        ("DTSTART:00010101T000000", "starts in the year 1;"),
        ("DTSTART;TZID=America/New_York:00010101T000000", "starts in the year 1;"),
        ("DTSTART;TZID=Pacific/Honolulu:99991231T233000", "starts in the year 9999;"),
        ("DTSTART:21991231T233000Z", "ends in the year 2200;"),
        ("DTSTART:18991231T120000Z", "starts in the year 1899;"),
    ],
)
def test_years_outside_the_supported_range_are_refused(dtstart, message, tmp_path):
    SeriesFactory(slug="ml")
    file = tmp_path / "far.ics"
    file.write_bytes(one_event(dtstart, "DURATION:PT1H"))
    with pytest.raises(CommandError) as error:
        call_command("import_ics", str(file), series="ml")
    assert str(error.value).splitlines() == [
        f"Nothing was imported from {file}:",
        f"  - Event 1: “Odd talk” (odd@old.example) {message} sessions must lie between "
        "1900 and 2199.",
    ]
    assert not Session.objects.exists()


def test_the_edges_of_the_supported_range_are_imported():
    edges = calendar_of(
        vevent("DTSTART;TZID=Pacific/Kiritimati:19000101T000000", "DURATION:PT1H"),
        vevent("DTSTART;TZID=Pacific/Honolulu:21991231T220000", "DURATION:PT1H", uid="late@x"),
    )
    import_calendar(edges, SeriesFactory())
    early, late = Session.objects.order_by("start")
    assert early.start == datetime(1900, 1, 1, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    assert late.end == datetime(2199, 12, 31, 23, tzinfo=ZoneInfo("Pacific/Honolulu"))


def test_an_unknown_time_zone_is_refused_naming_it():
    file = one_event("DTSTART;TZID=Mars/Olympus_Mons:20230711T150000")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(file, SeriesFactory(time_zone="Europe/Berlin"))
    assert error.value.problems == [
        "Event 1: “Odd talk” (odd@old.example): DTSTART is in the time zone “Mars/Olympus_Mons”, "
        "which is not known; use a zone name like Europe/Berlin or include its VTIMEZONE."
    ]
    assert not Session.objects.exists()


def test_an_unknown_time_zone_of_the_end_is_refused_too():
    file = one_event("DTSTART:20230711T130000Z", "DTEND;TZID=Nowhere:20230711T150000")
    with pytest.raises(CalendarImportError, match="DTEND is in the time zone “Nowhere”"):
        import_calendar(file, SeriesFactory())


def test_a_windows_time_zone_name_is_understood():
    file = one_event("DTSTART;TZID=Eastern Standard Time:20230711T100000", "DURATION:PT1H")
    import_calendar(file, SeriesFactory(time_zone="Europe/Berlin"))
    session = Session.objects.get()
    assert session.start == datetime(2023, 7, 11, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["DTSTART:20230711T130000Z", "RRULE:FREQ=WEEKLY;COUNT=10"], "repeats (RRULE)"),
        (["DTSTART:20230711T130000Z", "RDATE:20230718T130000Z"], "repeats (RDATE)"),
        (["DTSTART:20230718T140000Z", "RECURRENCE-ID:20230718T130000Z"],
         "is one changed occurrence of a repeating event (RECURRENCE-ID)"),
    ],
)  # fmt: skip
def test_a_repeating_event_is_refused_naming_it(lines, problem):
    with pytest.raises(CalendarImportError) as error:
        import_calendar(after_sample(vevent(*lines)), SeriesFactory())
    (message,) = error.value.problems
    assert message.startswith(f"Event 4: “Odd talk” (odd@old.example) {problem}")
    assert "Export the occurrences as single events" in message
    assert not Session.objects.exists()


LATIN_1 = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:umlaut@old.example\r\n"
    "SUMMARY:Größere Modelle für Ozeanströmungen\r\nDTSTART:20230711T130000Z\r\n"
    "DESCRIPTION:Über Wärmeflüsse – mit Beispielen.\r\nLOCATION:Hörsaal Ä\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LATIN_1.replace("–", "-").encode("latin-1"), "cp1252"),
        (LATIN_1.encode("cp1252"), "cp1252"),
        (LATIN_1.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + LATIN_1.encode("utf-8"), "utf-8"),
        (LATIN_1.encode("utf-16"), "utf-16"),
        (LATIN_1.replace("SUMMARY:", "SUMMARY;CHARSET=ISO-8859-15:").replace("–", "€")
         .encode("iso-8859-15"), "iso8859-15"),
    ],
)  # fmt: skip
def test_text_in_other_encodings_is_stored_as_written(data, encoding, tmp_path):
    SeriesFactory(slug="ml")
    file = tmp_path / "old.ics"
    file.write_bytes(data)
    out = StringIO()
    call_command("import_ics", str(file), series="ml", stdout=out)
    session = Session.objects.get()
    assert session.title == "Größere Modelle für Ozeanströmungen"
    assert session.abstract.startswith("Über Wärmeflüsse ")
    assert session.location == "Hörsaal Ä"
    notice = [] if encoding == "utf-8" else [f"The file is not UTF-8; it was read as {encoding}."]
    assert out.getvalue().splitlines() == [*notice, "1 created, 0 updated, 0 unchanged."]


def test_line_breaks_in_an_imported_title_become_spaces():
    file = one_event("DTSTART:20230711T130000Z", summary="Two\\nlines\\N\t here")
    import_calendar(file, SeriesFactory())
    assert Session.objects.get().title == "Two lines here"


def test_a_reimport_never_turns_a_speakers_no_into_consent():
    series = SeriesFactory()
    import_calendar(SAMPLE.read_bytes(), series)
    recorded = Session.objects.exclude(youtube_video="").get()
    assert recorded.recording_consent  # new, and the calendar already publishes it
    Session.objects.filter(pk=recorded.pk).update(recording_consent=False, youtube_video="")
    with pytest.raises(
        CalendarImportError, match="Not every speaker has agreed to publishing the recording"
    ):
        import_calendar(SAMPLE.read_bytes(), series)
    recorded.refresh_from_db()
    assert (recorded.recording_consent, recorded.youtube_video) == (False, "")


def test_speakers_separated_by_commas_keep_the_commas_of_their_affiliations():
    series = SeriesFactory()
    data = calendar(
        ("one", "20240305T150000",
         r"Speakers: Anna Müller (University of Hamburg\, Germany)\, Bo Li (DKRZ) and "
         r"C. Ødegaard\nThree voices."),
        ("two", "20240312T150000", r"speakers: A (X)\, B (Y)\nTwo."),
    )  # fmt: skip
    report = import_calendar(data, series)
    assert report.warnings == []
    one, two = Session.objects.order_by("start")
    assert [(s.name, s.affiliation) for s in one.speakers.all()] == [
        ("Anna Müller", "University of Hamburg, Germany"),
        ("Bo Li", "DKRZ"),
        ("C. Ødegaard", ""),
    ]
    assert one.abstract == "Three voices."
    assert [(s.name, s.affiliation) for s in two.speakers.all()] == [("A", "X"), ("B", "Y")]


def test_an_unreadable_speaker_line_is_imported_as_abstract_with_a_warning(tmp_path):
    SeriesFactory(slug="ml")
    long_line = "Speakers: " + "Ada Lovelace (Engines), " * 60
    file = tmp_path / "talks.ics"
    file.write_bytes(
        calendar(
            ("open", "20240305T150000", r"Speaker: Anna Müller (University of Hamburg\nOn waves."),
            ("long", "20240312T150000", long_line),
        )
    )
    out = StringIO()
    call_command("import_ics", str(file), series="ml", stdout=out)
    assert out.getvalue().splitlines() == [
        "Warning: Event 1 (open): its speaker line stays in the abstract: a “(” is never closed.",
        "Warning: Event 2 (long): its speaker line stays in the abstract: the line is longer "
        "than 1000 characters.",
        "2 created, 0 updated, 0 unchanged.",
    ]
    opened, long = Session.objects.order_by("start")
    assert opened.abstract == "Speaker: Anna Müller (University of Hamburg\nOn waves."
    assert long.abstract == long_line.strip()
    assert not opened.speakers.exists() and not long.speakers.exists()


# Clock changes ----------------------------------------------------------------------------
DST = Path(__file__).parent / "data" / "dst.ics"


def test_local_times_the_clocks_skip_or_repeat_are_refused_naming_event_time_and_zone():
    with pytest.raises(CalendarImportError) as refused:
        import_calendar(DST.read_bytes(), SeriesFactory(time_zone="Europe/Berlin"))
    assert refused.value.problems == [
        "Event 1: “In the spring-forward gap” (gap-2021@example): DTSTART 2021-03-28 02:30 "
        "does not exist in Europe/Berlin: the clocks skip that time when they change for "
        "daylight saving. Correct the time in the calendar.",
        "Event 2: “In the fall-back overlap” (overlap-2021@example): DTSTART 2021-10-31 02:30 "
        "happens twice in Europe/Berlin: the clocks go back that night. Give the time in UTC "
        "in the calendar to say which (20211031T003000Z for the first, 20211031T013000Z for "
        "the second).",
    ]
    assert not Session.objects.exists()


def test_an_end_in_the_repeated_hour_is_refused_too():
    file = one_event("DTSTART;TZID=Europe/Berlin:20211031T013000",
                     "DTEND;TZID=Europe/Berlin:20211031T023000")  # fmt: skip
    with pytest.raises(CalendarImportError) as refused:
        import_calendar(file, SeriesFactory())
    assert "DTEND 2021-10-31 02:30 happens twice in Europe/Berlin" in refused.value.problems[0]


@pytest.mark.parametrize(
    ("lines", "zone", "start", "end"),
    [
        # The repeated hour, given in UTC: the second 02:30 to the second 03:30 (one hour).
        (["DTSTART:20211031T013000Z", "DTEND:20211031T023000Z"], "Europe/Berlin",
         datetime(2021, 10, 31, 1, 30, tzinfo=UTC), datetime(2021, 10, 31, 2, 30, tzinfo=UTC)),
        # Across the clocks going back: 01:30 CEST + 2 h is 02:30 CET, not 03:30.
        (["DTSTART;TZID=Europe/Berlin:20211031T013000", "DURATION:PT2H"], "UTC",
         datetime(2021, 10, 30, 23, 30, tzinfo=UTC), datetime(2021, 10, 31, 1, 30, tzinfo=UTC)),
        # Floating, across the clocks going forward, the series' default of 90 minutes:
        # 01:30 CET + 90 min is 04:00 CEST.
        (["DTSTART:20210328T013000"], "Europe/Berlin",
         datetime(2021, 3, 28, 0, 30, tzinfo=UTC), datetime(2021, 3, 28, 2, 0, tzinfo=UTC)),
        # DTEND across the clocks going forward: 01:30 CET to 03:30 CEST is one hour.
        (["DTSTART;TZID=Europe/Berlin:20210328T013000",
          "DTEND;TZID=Europe/Berlin:20210328T033000"], "UTC",
         datetime(2021, 3, 28, 0, 30, tzinfo=UTC), datetime(2021, 3, 28, 1, 30, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_sessions_across_a_clock_change_last_their_real_duration_and_reimport_unchanged(
    lines, zone, start, end
):
    series = SeriesFactory(time_zone=zone, default_duration_minutes=90)
    file = one_event(*lines)
    import_calendar(file, series)
    session = Session.objects.get()
    assert (session.start, session.end) == (start, end)
    assert session.duration_minutes == (end - start).total_seconds() / 60
    report = import_calendar(file, series)
    assert (report.updated, report.unchanged) == ([], ["odd@old.example"])
    session.refresh_from_db()
    assert (session.start, session.end, session.sequence) == (start, end, 0)


def test_an_empty_time_zone_is_refused_not_read_as_utc_or_local():
    file = one_event('DTSTART;TZID="":20230711T150000', "DURATION:PT1H")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(file, SeriesFactory(time_zone="Europe/Berlin"))
    assert error.value.problems == [
        'Event 1: “Odd talk” (odd@old.example): DTSTART has an empty time zone (TZID=""); '
        "give a zone name like Europe/Berlin, or the time in UTC (ending in Z)."
    ]
    assert not Session.objects.exists()


def test_a_title_longer_than_a_session_takes_is_refused_naming_the_event():
    title = "Long " * 80  # 400 characters
    file = one_event("DTSTART:20230711T130000Z", summary=title.strip())
    with pytest.raises(CalendarImportError) as error:
        import_calendar(file, SeriesFactory())
    assert error.value.problems == [
        f"Event 1: “{title[:80]}…” (odd@old.example): its SUMMARY (title) is 399 characters "
        "long; at most 300 fit. Shorten it in the calendar."
    ]
    assert not Session.objects.exists()


def test_a_huge_location_is_refused_naming_the_event():
    file = one_event("DTSTART:20230711T130000Z", "LOCATION:" + "x" * 100_000)
    with pytest.raises(CalendarImportError) as error:
        import_calendar(file, SeriesFactory())
    assert error.value.problems == [
        "Event 1: “Odd talk” (odd@old.example): its LOCATION is 100,000 characters long; "
        "at most 200 fit. Shorten it in the calendar."
    ]
    assert not Session.objects.exists()


def test_a_location_that_fits_exactly_is_kept_whole():
    file = one_event("DTSTART:20230711T130000Z", "LOCATION:" + "y" * 200)
    import_calendar(file, SeriesFactory())
    assert Session.objects.get().location == "y" * 200
