"""Imports bounded by rows, columns, text and seconds while they read, and the guards
an audit could break without the suite noticing (formula starts, who may confirm and
import)."""

import io
import json
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from groupsite.sheets.cells import escape_formula, unescape_formula
from seminar.models import Session
from tests.factories import SeriesFactory

pytestmark = pytest.mark.django_db
IMPORT = "/admin/seminar/session/import/"
CONFIRM = "/admin/seminar/session/process_import/"
CSV_FORMAT, XLSX_FORMAT, JSON_FORMAT = "csv", "xlsx", "json"
GOOD = "series,title,start\nml,First,2024-03-05 15:00\nml,Second,2024-03-12 15:00\n"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheet_data: bytes, dimension: str | None) -> bytes:
    """A minimal XLSX written as XML, so a sheet of millions of rows takes a second."""
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship '
        f'Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        size = f'<dimension ref="{dimension}"/>' if dimension else ""
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}">{size}<sheetData>'.encode()
            + sheet_data
            + b"</sheetData></worksheet>",
        )
    return buffer.getvalue()


def one_cell_rows(rows: int) -> bytes:
    header = b'<row><c t="inlineStr"><is><t>title</t></is></c></row>'
    return header + b"<row><c><v>1</v></c></row>" * rows


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def upload(client, data, format=CSV_FORMAT):
    data = data.encode() if isinstance(data, str) else data
    file = SimpleUploadedFile("sheet", data)
    return client.post(IMPORT, {"import_file": file, "format": format})


def refusal(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Counted while reading -------------------------------------------------------------------
def test_an_xlsx_of_many_rows_is_refused_at_the_first_row_over_the_limit(admin_client, previews):
    # 400,000 one-cell rows: 10 MB of XML in a 40 KB upload.
    data = workbook(one_cell_rows(400_000), dimension="A1:A400001")
    started = time.monotonic()
    response = upload(admin_client, data, XLSX_FORMAT)
    assert time.monotonic() - started < 10
    assert refusal(response) == (
        "The file has more than 1,000 rows; an import takes at most 1,000 (setting "
        "SPREADSHEET_IMPORT_MAX_ROWS). Split it into several files."
    )


def test_an_xlsx_sheet_that_does_not_declare_its_size_is_refused_before_parsing(admin_client):
    # openpyxl would parse the whole sheet to find its size before the first row.
    response = upload(admin_client, workbook(one_cell_rows(3), dimension=None), XLSX_FORMAT)
    assert refusal(response).startswith(
        "The workbook part xl/worksheets/sheet1.xml does not say how large its sheet is"
    )


def test_an_xlsx_cell_right_of_the_column_limit_is_refused(admin_client):
    far = b'<row><c r="CW1" t="inlineStr"><is><t>x</t></is></c></row>'  # column 101
    response = upload(admin_client, workbook(far, dimension="A1:CW1"), XLSX_FORMAT)
    assert refusal(response) == (
        "Row 1 has a cell right of column CV; an import reads at most 100 columns. Delete "
        "the cells beyond them."
    )


def test_an_xlsx_with_more_text_than_the_limit_is_refused(admin_client, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 2000  # 8,000 characters of text
    cell = b'<row><c t="inlineStr"><is><t>' + b"w" * 1500 + b"</t></is></c></row>"
    response = upload(admin_client, workbook(cell * 6, dimension="A1:A6"), XLSX_FORMAT)
    assert refusal(response) == (
        "The sheet holds more than 8,000 characters of text by row 6; split it into several files."
    )


def test_an_xlsx_whose_parts_declare_too_much_is_refused_before_unpacking_them(
    admin_client, settings, monkeypatch
):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 2**16  # unpacks to at most 1,310,720 bytes
    buffer = io.BytesIO(workbook(one_cell_rows(2), dimension="A1:A3"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):  # padding no reader needs, 500,000 bytes each
            archive.writestr(f"customXml/padding{number}.xml", b" " * 500_000)
    unpacked = []
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        unpacked.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    response = upload(admin_client, buffer.getvalue(), XLSX_FORMAT)
    assert refusal(response) == (
        "The workbook unpacks to more than 1 MB; save only the data as a new workbook or split it."
    )
    assert sum(unpacked) <= 20 * 2**16 + 2**16


def test_a_json_file_naming_more_columns_than_an_import_reads_is_refused(admin_client):
    rows = [{f"column{number}": 1} for number in range(101)]
    response = upload(admin_client, json.dumps(rows), JSON_FORMAT)
    assert refusal(response) == (
        "The rows name 101 different columns; an import reads at most 100. Export a sheet "
        "to see the columns it takes."
    )


def test_a_csv_is_refused_at_the_first_row_over_the_limit(admin_client, settings):
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 2
    response = upload(admin_client, GOOD + "ml,Third,2024-03-19 15:00\n" * 5)
    assert refusal(response).startswith("The file has more than 2 rows;")


# Seconds --------------------------------------------------------------------------------
SLOW = (
    "Reading and checking this file took longer than 0 seconds (setting IMPORT_MAX_SECONDS), "
    "so it was stopped and nothing was imported. Split it into smaller files."
)


def test_reading_a_file_stops_when_the_time_budget_is_spent(admin_client, previews, settings):
    settings.IMPORT_MAX_SECONDS = 0
    response = upload(admin_client, GOOD)
    assert refusal(response) == SLOW
    assert not any(previews.iterdir()) if previews.exists() else True


def test_checking_rows_stops_when_the_time_budget_is_spent(admin_client, previews, settings):
    SeriesFactory(slug="ml")
    settings.IMPORT_MAX_SECONDS = 0
    rows = [{"series": "ml", "title": "First", "start": "2024-03-05 15:00"}]
    response = upload(admin_client, json.dumps(rows), JSON_FORMAT)  # JSON: read at once
    assert refusal(response) == SLOW
    assert "Confirm import" not in response.content.decode()


def test_a_confirmation_over_the_time_budget_saves_nothing_and_says_why(
    admin_client, previews, settings
):
    SeriesFactory(slug="ml")
    confirm = upload(admin_client, GOOD).context["confirm_form"].initial
    settings.IMPORT_MAX_SECONDS = 0
    response = admin_client.post(CONFIRM, confirm)
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert messages_of(response) == [SLOW]
    assert not Session.objects.exists()


def test_without_a_budget_the_command_line_is_not_timed(settings):
    from groupsite.deadline import check_time

    settings.IMPORT_MAX_SECONDS = 0
    check_time()  # outside time_budget(): the operator's own commands run to the end


# Guards an audit broke without a red test ----------------------------------------------
@pytest.mark.parametrize("start", ["\t", "\r"])
def test_tab_and_carriage_return_start_a_formula_on_export(start):
    risky = f'{start}=HYPERLINK("http://evil.example")'
    assert escape_formula(risky) == "'" + risky
    assert unescape_formula("'" + risky) == risky


def test_a_confirmation_is_refused_for_another_staff_member(admin_client, previews, client,
                                                              django_user_model):  # fmt: skip
    SeriesFactory(slug="ml")
    confirm = upload(admin_client, GOOD).context["confirm_form"].initial
    other = django_user_model.objects.create_superuser("other", "o@x.example", "pw")
    client.force_login(other)
    response = client.post(CONFIRM, confirm)
    assert "does not belong to a preview shown to you" in messages_of(response)[0]
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("codenames", "status"),
    [(["add_session"], 403), (["change_session"], 403), (["add_session", "change_session"], 200)],
)
def test_importing_needs_both_add_and_change(client, django_user_model, codenames, status):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(IMPORT).status_code == status
