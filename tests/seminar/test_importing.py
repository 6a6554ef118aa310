from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from seminar import importing
from seminar.importing import CalendarImportError, import_calendar
from seminar.models import Session
from tests.factories import SeriesFactory

SAMPLE = Path(__file__).parent / "data" / "sample.ics"
BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def snapshot():
    return list(Session.objects.order_by("uid").values())


def test_import_maps_every_supported_property():
    series = SeriesFactory(default_duration_minutes=60, default_location="Main hall")
    report = import_calendar(SAMPLE.read_bytes(), series)
    assert sorted(report.created) == ["talk-1@old.example", "talk-2@old.example",
                                      "talk-3@old.example"]  # fmt: skip
    first, second, third = Session.objects.order_by("start")
    assert first.title == "Neural operators for ocean models"
    assert first.start == datetime(2023, 3, 14, 15, tzinfo=BERLIN)
    assert first.duration_minutes == 90
    assert first.abstract == "Learning solution operators of PDEs.\nWith examples."
    assert (first.location, first.youtube_video) == ("Room 1", "dQw4w9WgXcQ")
    assert second.start == datetime(2023, 7, 11, 15, tzinfo=BERLIN)  # 13:00 UTC
    assert (second.duration_minutes, second.youtube_video) == (45, "")
    assert second.location == "Main hall"
    assert third.status == "cancelled"
    assert third.start == datetime(2023, 7, 18, 15, tzinfo=BERLIN)  # floating: series zone
    assert third.duration_minutes == 60
    assert [s.number for s in (first, second, third)] == [1, 2, 3]


def test_import_twice_is_idempotent(capsys):
    series = SeriesFactory(slug="ml")
    call_command("import_ics", str(SAMPLE), series="ml")
    before = snapshot()
    call_command("import_ics", str(SAMPLE), series="ml")
    assert snapshot() == before
    assert capsys.readouterr().out.splitlines() == [
        "3 created, 0 updated, 0 unchanged.",
        "0 created, 0 updated, 3 unchanged.",
    ]
    assert series.sessions.count() == 3


def test_import_updates_changed_session_and_bumps_sequence(tmp_path):
    series = SeriesFactory()
    import_calendar(SAMPLE.read_bytes(), series)
    moved = SAMPLE.read_bytes().replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
    report = import_calendar(moved, series)
    assert (report.updated, len(report.unchanged)) == (["talk-1@old.example"], 2)
    session = Session.objects.get(uid="talk-1@old.example")
    assert (session.location, session.sequence) == ("Room 9", 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a calendar", "not a valid iCalendar file"),
        (SAMPLE.read_bytes()[:400], "not a valid iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
        (SAMPLE.read_bytes().replace(b"UID:talk-2@old.example\r\n", b""), "Event 2: it has no UID"),
        (SAMPLE.read_bytes().replace(b"DTSTART:20230718T150000", b"DTSTART;VALUE=DATE:20230718"),
         "Event 3: “Cancelled talk” is an all-day event"),
        (SAMPLE.read_bytes().replace(b"talk-3@", b"talk-1@"), "UID talk-1@old.example appears"),
    ],
)  # fmt: skip
def test_broken_file_is_refused_and_changes_nothing(tmp_path, content, message):
    series = SeriesFactory(slug="ml")
    call_command("import_ics", str(SAMPLE), series="ml", stdout=StringIO())
    before = snapshot()
    broken = tmp_path / "broken.ics"
    broken.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        call_command("import_ics", str(broken), series="ml")
    assert message in str(error.value)
    assert snapshot() == before
    assert series.sessions.count() == 3


def test_import_into_unknown_series_names_the_known_ones():
    SeriesFactory(slug="ml")
    with pytest.raises(CommandError, match=r"No series “nope”\. Known series: ml\."):
        call_command("import_ics", str(SAMPLE), series="nope")


def test_import_of_missing_file_says_so():
    SeriesFactory(slug="ml")
    with pytest.raises(CommandError, match=r"Cannot read /no/such\.ics"):
        call_command("import_ics", "/no/such.ics", series="ml")


def test_import_error_lists_every_problem():
    broken = SAMPLE.read_bytes().replace(b"SUMMARY:", b"X-SUMMARY:")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(broken, SeriesFactory())
    assert len(error.value.problems) == 3


def fail_on_save_number(monkeypatch, failing_call: int):
    """Make the n-th session save of the import fail, as a full disk or a lost database would."""
    original = Session.save
    calls = []

    def save(self, *args, **kwargs):
        calls.append(self.uid)
        if len(calls) == failing_call:
            raise DatabaseError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "save", save)
    return calls


def test_a_failure_while_writing_leaves_no_session_behind(monkeypatch):
    series = SeriesFactory()
    calls = fail_on_save_number(monkeypatch, 3)
    with pytest.raises(DatabaseError):
        import_calendar(SAMPLE.read_bytes(), series)
    assert len(calls) == 3  # two sessions were written before the third failed
    assert not Session.objects.exists()


def test_a_failure_while_writing_undoes_earlier_updates(monkeypatch):
    series = SeriesFactory()
    import_calendar(SAMPLE.read_bytes(), series)
    before = snapshot()
    moved = (
        SAMPLE.read_bytes()
        .replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
        .replace(b"SUMMARY:Cancelled talk", b"SUMMARY:Renamed talk")
    )
    fail_on_save_number(monkeypatch, 2)
    with pytest.raises(DatabaseError):
        import_calendar(moved, series)
    assert snapshot() == before


def test_uid_of_another_series_refuses_the_file_and_changes_nothing(tmp_path):
    theirs = SeriesFactory(slug="a", name="Series A")
    SeriesFactory(slug="b", name="Series B")
    import_calendar(SAMPLE.read_bytes(), theirs)
    before = snapshot()
    moved = tmp_path / "moved.ics"
    moved.write_bytes(
        SAMPLE.read_bytes()
        .replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
        .replace(b"talk-2@old.example", b"new-talk@b.example")
    )
    with pytest.raises(CommandError) as error:
        call_command("import_ics", str(moved), series="b")
    message = str(error.value)
    first, _, third = Session.objects.order_by("start")
    assert message.splitlines() == [
        f"Nothing was imported from {moved}:",
        f"  - UID talk-1@old.example belongs to #{first.number} “{first.title}” in the series "
        "“Series A” (a), not to “Series B”.",
        f"  - UID talk-3@old.example belongs to #{third.number} “{third.title}” in the series "
        "“Series A” (a), not to “Series B”.",
    ]
    assert snapshot() == before  # the new UID in the file was not created either


def test_same_uid_in_the_series_itself_is_updated_not_refused():
    series = SeriesFactory(slug="b")
    SeriesFactory(slug="a")
    import_calendar(SAMPLE.read_bytes(), series)
    report = import_calendar(SAMPLE.read_bytes().replace(b"Room 1", b"Room 2"), series)
    assert (report.updated, report.created) == (["talk-1@old.example"], [])


def test_a_session_refused_by_validation_rolls_back_the_whole_file(monkeypatch):
    series = SeriesFactory()
    real_create = importing.create_session

    def refuse_the_third(*, series, **fields):
        if fields["uid"] == "talk-3@old.example":
            raise ValidationError({"title": ["Too loud."]})
        return real_create(series=series, **fields)

    monkeypatch.setattr(importing, "create_session", refuse_the_third)
    with pytest.raises(CalendarImportError) as error:
        import_calendar(SAMPLE.read_bytes(), series)
    assert error.value.problems == ["Event 3 (talk-3@old.example): title: Too loud."]
    assert not Session.objects.exists()  # the two created before it are gone too


def test_an_event_ending_after_the_year_9999_is_refused():
    huge = SAMPLE.read_bytes().replace(b"DTSTART:20230718T150000", b"DTSTART:99991231T233000")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(huge, SeriesFactory())
    assert error.value.problems == ["Event 3: “Cancelled talk” would end after the year 9999."]
    assert not Session.objects.exists()
