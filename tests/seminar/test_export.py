import csv
import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from groupsite.sheets.files import read_sheet
from seminar.models import Session, Speaker
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import MemberFactory, SeriesFactory, SessionFactory, SpeakerFactory

BERLIN = ZoneInfo("Europe/Berlin")
SESSION_COLUMNS = SessionSheet().export_names()
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


def test_session_rows_are_plain_data_in_the_series_zone():
    series = SeriesFactory(slug="ml")
    session = SessionFactory(
        series=series, number=7, slug="flows", title="Flows", format="hybrid", location="Room 1",
        start=datetime(2023, 7, 11, 15, tzinfo=BERLIN), duration_minutes=90, abstract="*Flows*.",
    )  # fmt: skip
    SpeakerFactory(session=session, name="Ada", affiliation="Uni")
    SpeakerFactory(session=session, name="Grace", affiliation="")
    headers, rows = export_sessions([session], base_url="https://site.example")
    record = dict(zip(headers, rows[0], strict=True))
    assert record == {
        "series": "ml", "number": 7, "title": "Flows", "title_de": "", "slug": "flows",
        "start": "2023-07-11 15:00", "duration_minutes": 90, "status": "scheduled",
        "status_note": "", "status_note_de": "", "format": "hybrid", "language": "en",
        "location": "Room 1", "livestream_url": "",
        "recording": "", "speakers": "Ada (Uni); Grace", "speaker_orcids": "",
        "speaker_homepages": "", "speaker_members": "", "references": "",
        "abstract": "*Flows*.", "abstract_de": "", "published": "yes", "publish_at": "",
        "uid": session.uid,
        "end": "2023-07-11 16:30", "url": "https://site.example/seminar/ml/7-flows/",
    }  # fmt: skip
    assert list(record) == list(SESSION_COLUMNS)


def test_csv_keeps_tricky_text():
    tricky = 'Ünïcode, "quoted"; semi'
    SessionFactory(series=SeriesFactory(slug="ml"), title=tricky, abstract="Two\nlines, “quoted”")
    out = StringIO()
    call_command("export_sessions", format="csv", stdout=out)
    (row,) = csv.DictReader(StringIO(out.getvalue()))
    assert (row["title"], row["abstract"]) == (tricky, "Two\nlines, “quoted”")


def test_export_csv_has_header_and_one_row_per_session(tmp_path):
    SessionFactory.create_batch(3, series=SeriesFactory(slug="ml"))
    target = tmp_path / "sessions.csv"
    call_command("export_sessions", format="csv", output=str(target), stderr=StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 3
    assert list(rows[0]) == list(SESSION_COLUMNS)


def test_export_of_unknown_series_is_an_error():
    with pytest.raises(CommandError, match=r"No series “nope”\."):
        call_command("export_sessions", series="nope")


def test_export_xlsx_reads_back_through_the_spreadsheet_import_unchanged(tmp_path):
    series = SeriesFactory(slug="ml")
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    SpeakerFactory(session=SessionFactory(series=series, title="Ünïcode talk", start=start),
                   name="Jörg")  # fmt: skip
    target = tmp_path / "sessions.xlsx"
    call_command("export_sessions", format="xlsx", output=str(target), stderr=StringIO())
    (row,) = read_sheet(target.read_bytes(), "xlsx").dicts()
    assert (row["title"], row["speakers"]) == ("Ünïcode talk", "Jörg (Somewhere)")
    plan = SessionSheet().plan(read_sheet(target.read_bytes(), "xlsx"))
    assert plan.counts["unchanged"] == 1 and not plan.refused


def test_export_xlsx_of_text_a_workbook_cannot_hold_replaces_it(tmp_path):
    """Stored before the one-line rule: the export replaces it with U+FFFD, never fails."""
    talk = SessionFactory(series=SeriesFactory(slug="ml"), title="Bell",
                          start=timezone.now().replace(microsecond=0))  # fmt: skip
    Speaker.objects.create(session=talk, name="Bell\x07 Ringer", affiliation="Esc\x1b")
    target = tmp_path / "sessions.xlsx"
    call_command("export_sessions", format="xlsx", output=str(target), stderr=StringIO())
    (row,) = read_sheet(target.read_bytes(), "xlsx").dicts()
    assert row["speakers"] == "Bell\ufffd Ringer (Esc\ufffd)"


def test_export_xlsx_needs_an_output_file():
    with pytest.raises(CommandError, match="XLSX is a binary format"):
        call_command("export_sessions", format="xlsx")


def test_export_sessions_reads_the_database_a_fixed_number_of_times(django_assert_num_queries):
    series = SeriesFactory(slug="ml")
    for _ in range(3):
        SpeakerFactory(session=SessionFactory(series=series), member=MemberFactory())
    # Sessions with their series, speakers, their members, references.
    with django_assert_num_queries(4):
        _headers, rows = export_sessions(Session.objects.all())
    assert len(rows) == 3
