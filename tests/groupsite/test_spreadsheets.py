"""The shared spreadsheet machinery (groupsite/sheets/spreadsheets.py): formula-safe formats,
encodings, limits, date and time rules, and the admin's preview → confirm step."""

import io
from datetime import UTC, datetime, time, timedelta

import openpyxl
import pytest
import tablib
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from seminar.models import Session
from seminar.resources import SessionResource
from tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db
IMPORT = "/admin/seminar/session/import/"
CONFIRM = "/admin/seminar/session/process_import/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
RISKY = ["=x", "==1+1", "+49 40 123456", "-1 °C", "@home", "'=x", "''+y"]
HARMLESS = ["plain", "'plain", "a=b", "", "x -1"]
GOOD = "series,title,start\nml,First,2024-03-05 15:00\nml,Second,2024-03-12 15:00\n"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def upload(client, content, name="programme.csv", format=CSV_FORMAT):
    data = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, data)
    return client.post(IMPORT, {"import_file": file, "format": format, "resource": "0"})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def waiting(previews) -> list[str]:
    return sorted(p.name for p in previews.iterdir()) if previews.exists() else []


def admin_format(index: str):
    from django.contrib.admin.sites import site

    return site._registry[Session].formats[int(index)]()


# Formula injection ----------------------------------------------------------------------
@pytest.mark.parametrize("index", [CSV_FORMAT, XLSX_FORMAT])
def test_export_is_formula_safe_and_reads_back_exactly(index):
    file_format = admin_format(index)
    dataset = tablib.Dataset(*[[value, 7] for value in RISKY + HARMLESS], headers=["t", "n"])
    exported = file_format.export_data(dataset)
    if index == XLSX_FORMAT:
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert {cell.data_type for cell in cells if cell.value} == {"s"}  # no formula
        written = [cell.value or "" for cell in cells]
        assert sheet["B2"].value == 7  # numbers stay numbers
    else:
        written = [line.split(",")[0] for line in exported.splitlines()[1:]]
    assert written[: len(RISKY)] == ["'" + value for value in RISKY]
    assert written[len(RISKY) :] == HARMLESS
    back = file_format.create_dataset(exported)
    assert [text or "" for text in back["t"]] == RISKY + HARMLESS


@pytest.mark.parametrize("index", [CSV_FORMAT, XLSX_FORMAT])
def test_sessions_with_formula_like_titles_round_trip_unchanged(index):
    series = SeriesFactory(slug="ml")
    titles = ["=x", "+49 40 42838", "-1 °C on the ice"]
    for day, title in enumerate(titles, start=1):
        SessionFactory(series=series, title=title, start=datetime(2024, 3, day, 14, tzinfo=UTC))
    file_format = admin_format(index)
    exported = file_format.export_data(SessionResource().export(Session.objects.all()))
    result = SessionResource().import_data(file_format.create_dataset(exported))
    assert not result.has_validation_errors()
    assert result.totals["skip"] == 3
    assert sorted(Session.objects.values_list("title", flat=True)) == sorted(titles)


# Encodings ------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_csv_in_common_encodings_keeps_accented_names(admin_client, previews, encoding):
    SeriesFactory(slug="ml")
    sheet = (
        "series;title;start;speakers\nml;Über Wellen;05.03.2024 15:00;Jörg Müller (Universität)\n"
    )
    preview = upload(admin_client, sheet.encode(encoding))
    assert "1 new, 0 changed, 0 unchanged." in preview.content.decode()
    admin_client.post(CONFIRM, preview.context["confirm_form"].initial)
    session = Session.objects.get()
    assert session.title == "Über Wellen"
    assert [(s.name, s.affiliation) for s in session.speakers.all()] == [
        ("Jörg Müller", "Universität")
    ]


def test_csv_in_no_known_encoding_is_refused_naming_utf8(admin_client, previews):
    response = upload(admin_client, b"series,title\nml,\x81\x8d\x8f\n")
    html = response.content.decode()
    assert "neither UTF-8 nor Windows-1252" in html
    assert "Unicode (UTF-8)" in html
    assert "Confirm import" not in html
    assert waiting(previews) == []


# Limits -------------------------------------------------------------------------------
def test_file_over_the_size_limit_is_refused_naming_the_limit(admin_client, previews, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 50
    SeriesFactory(slug="ml")
    html = upload(admin_client, GOOD).content.decode()
    assert "The file is 0.0 MB; an import takes at most " in html
    assert "(setting SPREADSHEET_IMPORT_MAX_MB)" in html
    assert "Confirm import" not in html
    assert waiting(previews) == [] and Session.objects.count() == 0


def test_file_over_the_row_limit_is_refused_naming_the_limit(admin_client, previews, settings):
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 1
    SeriesFactory(slug="ml")
    html = upload(admin_client, GOOD).content.decode()
    assert "The file has more than 1 rows; an import takes at most 1 (setting " in html
    assert "SPREADSHEET_IMPORT_MAX_ROWS" in html
    assert waiting(previews) == []


def sheet_of(rows: int) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=["series", "title", "start", "speakers", "speaker_members"])
    for day in range(rows):
        start = datetime(2024, 1, 1, 15) + timedelta(days=7 * day)
        dataset.append(["ml", f"Talk {day}", f"{start:%Y-%m-%d %H:%M}", "A (B); C", "; ada"])
    return dataset


def test_preview_reads_the_database_once_per_file_not_per_row():
    """Matching, members and numbers are read once for the whole file; what is left per
    row is the model's own clean() (is the session number free?) and the library's
    savepoint around the row (SAVEPOINT, RELEASE)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MemberFactory

    series = SeriesFactory(slug="ml")
    MemberFactory(slug="ada")
    SessionFactory(series=series, start=datetime(2024, 1, 1, 14, tzinfo=UTC), title="Talk 0")
    counted = []
    for rows in (5, 40):
        with CaptureQueriesContext(connection) as queries:
            result = SessionResource().import_data(sheet_of(rows), dry_run=True)
        assert not result.has_validation_errors() and not result.has_errors()
        counted.append(len(queries))
    assert result.totals["update"] == 1 and result.totals["new"] == 39
    assert counted[1] - counted[0] == 35 * 3
    assert counted[0] <= 5 * 3 + 15
    assert Session.objects.count() == 1


# Dates and times --------------------------------------------------------------------------
def xlsx_with_start(value) -> tablib.Dataset:
    book = openpyxl.Workbook()
    book.active.append(["series", "title", "start"])
    book.active.append(["ml", "Dated", value])
    data = io.BytesIO()
    book.save(data)
    return admin_format(XLSX_FORMAT).create_dataset(data.getvalue())


@pytest.mark.parametrize("start", [datetime(2024, 3, 5), "2024-03-05", "05.03.2024"])
def test_a_start_without_time_is_refused(start):
    SeriesFactory(slug="ml")
    result = SessionResource().import_data(xlsx_with_start(start), dry_run=True)
    [row] = result.invalid_rows
    assert row.error_dict["start"] == [
        "2024-03-05 is a date without a time: start needs a time, like 2024-03-05 15:00."
    ]


def test_a_start_without_time_takes_the_series_regular_start_time():
    SeriesFactory(slug="ml", default_start_time=time(16, 15))
    SessionResource().import_data(xlsx_with_start(datetime(2024, 3, 5)))
    start = timezone.localtime(Session.objects.get().start, Session.objects.get().series.zone)
    assert start.strftime("%Y-%m-%d %H:%M") == "2024-03-05 16:15"


def import_start(start: str):
    dataset = tablib.Dataset(["ml", "Night talk", start], headers=["series", "title", "start"])
    return SessionResource().import_data(dataset)


def test_a_time_the_clocks_skip_is_refused_naming_time_and_zone():
    SeriesFactory(slug="ml", time_zone="Europe/Berlin")
    [row] = import_start("2024-03-31 02:30").invalid_rows
    assert row.error_dict["start"][0].startswith("2024-03-31 02:30 does not exist in Europe/Berlin")
    assert Session.objects.count() == 0


def test_a_time_the_clocks_repeat_needs_its_offset_and_round_trips():
    SeriesFactory(slug="ml", time_zone="Europe/Berlin")
    [row] = import_start("2024-10-27 02:30").invalid_rows
    assert row.error_dict["start"] == [
        "2024-10-27 02:30 happens twice in Europe/Berlin: the clocks go back that night. Add "
        "the offset to say which: 2024-10-27 02:30+02:00 for the first, "
        "2024-10-27 02:30+01:00 for the second."
    ]
    assert not import_start("2024-10-27 02:30+01:00").has_validation_errors()
    session = Session.objects.get()
    assert session.start == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    exported = SessionResource().export(Session.objects.all())
    assert exported["start"] == ["2024-10-27 02:30+01:00"]
    assert SessionResource().import_data(exported).totals["skip"] == 1


# Preview → confirm -----------------------------------------------------------------------
def test_confirm_removes_the_preview_and_a_second_confirm_writes_nothing(admin_client, previews):
    SeriesFactory(slug="ml")
    preview = upload(admin_client, GOOD)
    assert len(waiting(previews)) == 1
    confirm = preview.context["confirm_form"].initial
    assert admin_client.post(CONFIRM, confirm).status_code == 302
    assert Session.objects.count() == 2 and waiting(previews) == []
    again = admin_client.post(CONFIRM, confirm)
    assert again.status_code == 302 and again["Location"] == IMPORT
    assert messages_of(again)[-1:] == [
        "This preview was imported already, or it has expired (a preview waits 24 hours), "
        "so nothing more was imported. To import the file, upload it again."
    ]
    assert Session.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        {"format": "7"},
        {"format": "x"},
        {"resource": "5"},
        {"import_file_name": "../../etc/passwd"},
        {"signature": "forged"},
        {"signature": None},
    ],
)
def test_a_tampered_confirm_is_refused_and_writes_nothing(admin_client, previews, change):
    SeriesFactory(slug="ml")
    confirm = upload(admin_client, GOOD).context["confirm_form"].initial
    tampered = {k: v for k, v in {**confirm, **change}.items() if v is not None}
    response = admin_client.post(CONFIRM, tampered)
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert "does not belong to a preview shown to you" in messages_of(response)[0]
    assert Session.objects.count() == 0
    # The honest confirm still works afterwards.
    assert admin_client.post(CONFIRM, confirm).status_code == 302
    assert Session.objects.count() == 2


def test_a_missing_or_expired_preview_gets_a_message(admin_client, previews, time_machine):
    SeriesFactory(slug="ml")
    confirm = upload(admin_client, GOOD).context["confirm_form"].initial
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    response = admin_client.post(CONFIRM, confirm)
    assert "it has expired" in messages_of(response)[0]
    assert Session.objects.count() == 0 and waiting(previews) == []


def test_an_abandoned_preview_is_removed_by_a_later_upload(admin_client, previews, time_machine):
    SeriesFactory(slug="ml")
    upload(admin_client, GOOD)
    [abandoned] = waiting(previews)
    time_machine.move_to(timezone.now() + timedelta(hours=23))
    upload(admin_client, GOOD)
    assert abandoned in waiting(previews) and len(waiting(previews)) == 2
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    upload(admin_client, GOOD)
    assert abandoned not in waiting(previews) and len(waiting(previews)) == 2


def test_a_refused_preview_keeps_no_file(admin_client, previews):
    SeriesFactory(slug="ml")
    html = upload(admin_client, GOOD.replace("2024-03-12 15:00", "soon")).content.decode()
    assert "Some rows are invalid" in html
    assert waiting(previews) == []


def test_data_changed_since_the_preview_gets_a_message_not_a_500(admin_client, previews):
    series = SeriesFactory(slug="ml")
    confirm = upload(admin_client, GOOD).context["confirm_form"].initial
    series.delete()
    response = admin_client.post(CONFIRM, confirm)
    assert response.status_code == 302
    assert "changed since the preview" in messages_of(response)[0]
    assert Session.objects.count() == 0


def test_a_confirm_never_reads_outside_the_preview_folder(previews):
    from groupsite.sheets.spreadsheets import PreviewStorage

    previews.mkdir()
    (previews.parent / "secret").write_text("x")
    assert PreviewStorage(name="../secret").claim() is None
    assert (previews.parent / "secret").exists()
