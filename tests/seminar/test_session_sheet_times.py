"""Session sheet rows and time: a start needs its time of day, times the clocks skip or
repeat, and the end across a clock change (start + duration in real time)."""

import io
from datetime import UTC, datetime, time

import openpyxl
import pytest
from django.utils import timezone

from groupsite.sheets.files import read_sheet
from seminar import services
from seminar.models import Session
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import SeriesFactory
from tests.sheets import dataset, errors, import_table

pytestmark = pytest.mark.django_db


def test_a_row_across_the_clocks_going_back_ends_right_and_reimports_unchanged():
    SeriesFactory(slug="ml", time_zone="Europe/Berlin")
    table = dataset(
        ["ml", "Night talk", "2021-10-31 01:30", "120"],
        headers=["series", "title", "start", "duration_minutes"],
    )
    import_table(SessionSheet(), table)
    session = Session.objects.get()
    assert session.end == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET
    again = import_table(SessionSheet(), table)
    assert [row.status for row in again.rows] == ["unchanged"]
    headers, rows = export_sessions(Session.objects.all())
    assert dict(zip(headers, rows[0], strict=True))["end"] == "2021-10-31 02:30+01:00"


def test_series_defaults_give_the_end_saving_would():
    series = SeriesFactory(time_zone="Europe/Berlin", default_duration_minutes=120)
    session = Session(series=series, title="Night talk")
    session.start = datetime(2021, 10, 30, 23, 30, tzinfo=UTC).astimezone(series.zone)
    services.complete_session(session)
    assert session.end == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)
    assert session.end.utcoffset() == UTC.utcoffset(None)


# Dates and times --------------------------------------------------------------------------
def xlsx_with_start(value):
    book = openpyxl.Workbook()
    book.active.append(["series", "title", "start"])
    book.active.append(["ml", "Dated", value])
    data = io.BytesIO()
    book.save(data)
    return read_sheet(data.getvalue(), "xlsx")


@pytest.mark.parametrize("start", [datetime(2024, 3, 5), "2024-03-05", "05.03.2024"])
def test_a_start_without_time_is_refused(start):
    SeriesFactory(slug="ml")
    result = SessionSheet().plan(xlsx_with_start(start))
    [row] = errors(result).values()
    assert row["start"] == [
        "2024-03-05 is a date without a time: start needs a time, like 2024-03-05 15:00."
    ]


def test_a_start_without_time_takes_the_series_regular_start_time():
    SeriesFactory(slug="ml", default_start_time=time(16, 15))
    import_table(SessionSheet(), xlsx_with_start(datetime(2024, 3, 5)))
    start = timezone.localtime(Session.objects.get().start, Session.objects.get().series.zone)
    assert start.strftime("%Y-%m-%d %H:%M") == "2024-03-05 16:15"


def import_start(start: str):
    table = dataset(["ml", "Night talk", start], headers=["series", "title", "start"])
    return import_table(SessionSheet(), table)


def test_a_time_the_clocks_skip_is_refused_naming_time_and_zone():
    SeriesFactory(slug="ml", time_zone="Europe/Berlin")
    [row] = errors(import_start("2024-03-31 02:30")).values()
    assert row["start"][0].startswith("2024-03-31 02:30 does not exist in Europe/Berlin")
    assert Session.objects.count() == 0


def test_a_time_the_clocks_repeat_needs_its_offset_and_round_trips():
    SeriesFactory(slug="ml", time_zone="Europe/Berlin")
    [row] = errors(import_start("2024-10-27 02:30")).values()
    assert row["start"] == [
        "2024-10-27 02:30 happens twice in Europe/Berlin: the clocks go back that night. Add "
        "the offset to say which: 2024-10-27 02:30+02:00 for the first, "
        "2024-10-27 02:30+01:00 for the second."
    ]
    assert not import_start("2024-10-27 02:30+01:00").refused
    session = Session.objects.get()
    assert session.start == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    headers, rows = export_sessions(Session.objects.all())
    assert rows[0][headers.index("start")] == "2024-10-27 02:30+01:00"
    assert import_table(SessionSheet(), dataset(*rows, headers=headers)).counts["unchanged"] == 1
