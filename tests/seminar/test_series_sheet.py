from datetime import time

import pytest

from seminar.models import Series
from seminar.series_sheet import SeriesSheet
from tests.factories import SeriesFactory
from tests.sheets import errors, import_rows, plan_rows

pytestmark = pytest.mark.django_db
HEADERS = ["slug", "name", "time_zone", "default_weekday", "default_start_time"]


def test_series_import_checks_the_time_zone_and_reads_weekday_names():
    import_rows(SeriesSheet(), ["ml", "ML seminar", "Europe/Berlin", "Tuesday", "15:00"],
                headers=HEADERS)  # fmt: skip
    series = Series.objects.get()
    assert (series.default_weekday, str(series.default_start_time)) == (1, "15:00:00")
    plan = import_rows(SeriesSheet(), ["ml", "ML seminar", "Europe/Hamburg", "Tuesday", "15:00"],
                       headers=HEADERS)  # fmt: skip
    assert "not a time zone name" in errors(plan)[2]["time_zone"][0]
    assert Series.objects.get().time_zone == "Europe/Berlin"


def test_weekdays_read_by_name_or_number_and_are_written_by_name():
    rows = [["a", "A", "wednesday"], ["b", "B", "6"], ["c", "C", "Caturday"]]
    plan = plan_rows(SeriesSheet(), *rows, headers=["slug", "name", "default_weekday"])
    assert [row.target.default_weekday for row in plan.rows[:2]] == [2, 6]
    assert (
        "“Caturday” is not a weekday; use one of: Monday," in errors(plan)[4]["default_weekday"][0]
    )
    SeriesFactory(slug="ml", default_weekday=1, default_start_time=time(15, 30))
    headers, rows = SeriesSheet().export(Series.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["default_weekday"], row["default_start_time"]) == ("Tuesday", "15:30")


def test_a_blank_weekday_or_published_cell_keeps_what_the_site_has():
    SeriesFactory(slug="ml", name="Old", default_weekday=3, published=False)
    import_rows(SeriesSheet(), ["ml", "New", "", ""],
                headers=["slug", "name", "default_weekday", "published"])  # fmt: skip
    series = Series.objects.get()
    assert (series.name, series.default_weekday, series.published) == ("New", 3, False)


def test_links_without_a_scheme_get_https_and_the_export_reads_back_unchanged():
    plan = import_rows(SeriesSheet(), ["ml", "ML", "youtube.com/@ml"],
                       headers=["slug", "name", "youtube_channel_url"])  # fmt: skip
    assert plan.counts["new"] == 1, plan.refusals()
    assert Series.objects.get().youtube_channel_url == "https://youtube.com/@ml"
    headers, rows = SeriesSheet().export(Series.objects.all())
    assert plan_rows(SeriesSheet(), *rows, headers=headers).counts["unchanged"] == 1


def test_empty_xlsx_text_cells_import_as_empty_text():
    import io

    import openpyxl

    from groupsite.sheets.files import read_sheet

    book = openpyxl.Workbook()
    book.active.append(["slug", "name", "description", "time_zone", "default_location"])
    book.active.append(["xs", "XLSX series", None, "Europe/Berlin", None])
    data = io.BytesIO()
    book.save(data)
    plan = SeriesSheet().plan(read_sheet(data.getvalue(), "xlsx"))
    assert not plan.refused, plan.refusals()
    SeriesSheet().apply(plan)
    assert Series.objects.get().description == ""


def test_series_carry_their_language_and_german_texts_and_a_blank_keeps_them():
    SeriesFactory(slug="ml", description="Talks.", description_de="Vorträge.", language="de")
    headers, rows = SeriesSheet().export(Series.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert headers[headers.index("description") + 1] == "description_de"
    assert headers[headers.index("cadence") + 1] == "cadence_de"
    assert (row["description"], row["description_de"], row["cadence_de"]) == (
        "Talks.", "Vorträge.", ""
    )  # fmt: skip
    assert row["language"] == "de"
    assert plan_rows(SeriesSheet(), list(row.values()), headers=headers).rows[0].status == (
        "unchanged"
    )
    plan = import_rows(SeriesSheet(), ["ml", "", "en", "Wöchentlich"],
                       headers=["slug", "description_de", "language", "cadence_de"])  # fmt: skip
    assert not plan.refused, plan.refusals()
    series = Series.objects.get()
    assert (series.description_de, series.language, series.cadence_de) == (
        "Vorträge.", "en", "Wöchentlich"
    )  # fmt: skip
