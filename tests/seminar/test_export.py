import csv
import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from seminar import export
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def test_export_json_lists_published_sessions_oldest_first(settings):
    settings.SITE_URL = "https://site.example"
    series = SeriesFactory(slug="ml")
    first = SessionFactory(series=series, title="First", youtube_video="dQw4w9WgXcQ")
    SpeakerFactory(session=first, name="Ada", affiliation="Uni")
    SessionFactory(series=series, title="Hidden", published=False)
    out = StringIO()
    call_command("export_sessions", format="json", stdout=out)
    (record,) = json.loads(out.getvalue())
    assert record["title"] == "First"
    assert record["speakers"] == "Ada (Uni)"
    assert record["recording"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert record["url"] == f"https://site.example{first.get_absolute_url()}"
    assert record["uid"] == first.uid


def test_export_is_oldest_first_across_series_and_filters_by_series():
    ml, geo = SeriesFactory(slug="ml"), SeriesFactory(slug="geo")
    day = datetime(2024, 1, 9, 15, tzinfo=BERLIN)
    SessionFactory(series=ml, title="Third", start=day + timedelta(days=14))
    SessionFactory(series=geo, title="Second", start=day + timedelta(days=7))
    SessionFactory(series=ml, title="First", start=day)
    SessionFactory(series=ml, title="Fourth", start=day + timedelta(days=21))
    everything = StringIO()
    call_command("export_sessions", format="json", stdout=everything)
    assert [r["title"] for r in json.loads(everything.getvalue())] == [
        "First", "Second", "Third", "Fourth",
    ]  # fmt: skip
    only_ml = StringIO()
    call_command("export_sessions", format="csv", series="ml", stdout=only_ml)
    rows = list(csv.DictReader(StringIO(only_ml.getvalue())))
    assert [(r["series"], r["title"]) for r in rows] == [
        ("ml", "First"), ("ml", "Third"), ("ml", "Fourth"),
    ]  # fmt: skip


def test_session_records_are_plain_data():
    series = SeriesFactory(slug="ml")
    session = SessionFactory(
        series=series, number=7, slug="flows", title="Flows", format="hybrid", location="Room 1",
        start=datetime(2023, 7, 11, 15, tzinfo=BERLIN), duration_minutes=90, abstract="*Flows*.",
    )  # fmt: skip
    SpeakerFactory(session=session, name="Ada", affiliation="Uni")
    SpeakerFactory(session=session, name="Grace", affiliation="")
    (record,) = export.session_records([session], "https://site.example")
    assert record == {
        "series": "ml", "number": 7, "title": "Flows",
        "start": "2023-07-11T15:00:00+02:00", "end": "2023-07-11T16:30:00+02:00",
        "status": "scheduled", "format": "hybrid", "location": "Room 1",
        "speakers": "Ada (Uni); Grace", "abstract": "*Flows*.", "recording": "",
        "url": "https://site.example/seminar/ml/7-flows/", "uid": session.uid,
    }  # fmt: skip
    assert list(record) == export.COLUMNS


def test_writers_round_trip_the_records():
    tricky = {**dict.fromkeys(export.COLUMNS, ""), "title": 'Ünïcode, "quoted"\nline'}
    records = [dict.fromkeys(export.COLUMNS, "x"), tricky]
    as_json, as_csv = StringIO(), StringIO()
    export.write_json(records, as_json)
    export.write_csv(records, as_csv)
    assert json.loads(as_json.getvalue()) == records
    assert "Ünïcode" in as_json.getvalue()  # not \u escapes
    assert list(csv.DictReader(StringIO(as_csv.getvalue()))) == records


def test_export_csv_has_header_and_one_row_per_session(tmp_path):
    SessionFactory.create_batch(3, series=SeriesFactory(slug="ml"))
    target = tmp_path / "sessions.csv"
    call_command("export_sessions", format="csv", output=str(target), stderr=StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 3
    assert list(rows[0]) == export.COLUMNS


def test_export_of_unknown_series_is_an_error():
    with pytest.raises(CommandError, match=r"No series “nope”\."):
        call_command("export_sessions", series="nope")
