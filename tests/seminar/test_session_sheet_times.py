"""Session sheet rows across a clock change: the end is start + duration in real time."""

from datetime import UTC, datetime

import pytest

from seminar import services
from seminar.models import Session
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import SeriesFactory
from tests.sheets import dataset, import_table

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
