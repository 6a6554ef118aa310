import csv
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from import_export.formats.base_formats import XLSX

from seminar.resources import SessionResource
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

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


def test_export_csv_has_header_and_one_row_per_session(tmp_path):
    SessionFactory.create_batch(3, series=SeriesFactory(slug="ml"))
    target = tmp_path / "sessions.csv"
    call_command("export_sessions", format="csv", output=str(target), stderr=StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 3
    assert list(rows[0])[:3] == ["series", "number", "title"]


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
    dataset = XLSX().create_dataset(target.read_bytes())
    assert dataset["title"] == ["Ünïcode talk"]
    assert dataset["speakers"] == ["Jörg (Somewhere)"]
    result = SessionResource().import_data(dataset)
    assert result.totals["skip"] == 1 and not result.has_validation_errors()


def test_export_xlsx_needs_an_output_file():
    with pytest.raises(CommandError, match="XLSX is a binary format"):
        call_command("export_sessions", format="xlsx")
