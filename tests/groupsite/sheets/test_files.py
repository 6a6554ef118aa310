"""Reading and writing sheet files (groupsite/sheets/files.py) and the preview store."""

import io

import openpyxl
import pytest

from groupsite.sheets import preview
from groupsite.sheets.files import SheetError, detect_format, read_sheet, write_sheet

RISKY = ["=x", "==1+1", "+49 40 123456", "-1 °C", "@home", "'=x", "''+y", "\tx", "\rx"]
HARMLESS = ["plain", "'plain", "a=b", "", "x -1"]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("people.csv", b"PK\x03\x04", "csv"),  # the name decides
        ("people.XLSX", b"", "xlsx"),
        ("people.tsv", b"", "csv"),
        ("people.json", b"", "json"),
        ("download", b"PK\x03\x04rest", "xlsx"),
        ("download", b'\xef\xbb\xbf [{"a": 1}]', "json"),
        ("download", b"slug,name\n", "csv"),
    ],
)
def test_the_format_is_detected_from_the_name_else_the_content(name, data, expected):
    assert detect_format(name, data) == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_written_files_are_formula_safe_and_read_back_exactly(file_format):
    values = RISKY + HARMLESS
    data = write_sheet(["t", "n"], [[value, 7] for value in values], file_format)
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert {cell.data_type for cell in cells if cell.value} == {"s"}  # no formula
        assert sheet["B2"].value == 7  # numbers stay numbers
    table = read_sheet(data, file_format)
    assert [row[0] or "" for row in table.rows] == values


def test_json_is_written_without_apostrophes():
    data = write_sheet(["t"], [["=x"]], "json")
    assert read_sheet(data, "json").rows == [["=x"]]


def workbook_of(*rows, formatted: str = "") -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if formatted:
        book.active[formatted].font = openpyxl.styles.Font(bold=True)  # no value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_empty_columns_right_of_the_header_are_dropped():
    data = workbook_of(["slug", "name"], ["ada", "Ada", None, ""], formatted="F1")
    table = read_sheet(data, "xlsx")
    assert table.headers == ["slug", "name"]
    assert table.rows == [["ada", "Ada"]]


def test_a_value_in_a_column_without_a_name_is_refused_naming_its_cell():
    data = workbook_of(["slug", "name"], ["ada", "Ada"], ["zoe", "Zoë", None, None, " ", "x"])
    with pytest.raises(SheetError) as refused:
        read_sheet(data, "xlsx")
    assert str(refused.value) == (
        "F3 has a value but its column has no name. Name the column in row 1, or delete the value."
    )


@pytest.mark.parametrize(
    ("data", "file_format"),
    [(b"slug,name\n", "csv"), (b"slug;name\n;\n\n;\n", "csv"), (b'[{"slug": null}]', "json"),
     (workbook_of(["slug", "name"], [None, ""], [" "]), "xlsx")],
)  # fmt: skip
def test_a_file_with_a_header_but_no_rows_is_refused(data, file_format):
    with pytest.raises(SheetError) as refused:
        read_sheet(data, file_format)
    assert str(refused.value) == "The file has a header row but no rows to import."


@pytest.mark.parametrize(
    ("data", "file_format"),
    [(b"slug;name\n;\nada;Ada\n\n;\nzoe;Zo\n", "csv"),
     (workbook_of(["slug", "name"], [None, ""], ["ada", "Ada"], [], [" "], ["zoe", "Zo"]), "xlsx")],
)  # fmt: skip
def test_empty_rows_are_skipped_and_the_others_keep_their_numbers(data, file_format):
    table = read_sheet(data, file_format)
    assert table.rows == [["ada", "Ada"], ["zoe", "Zo"]]
    assert table.row_numbers() == [3, 6]


@pytest.mark.django_db
def test_a_refusal_after_an_empty_row_names_the_row_as_the_file_numbers_it():
    from people.sheets import MemberSheet

    table = read_sheet(b"slug,name,role\n,,\nada,Ada,astronaut\n", "csv")
    assert [number for number, _label, _reason in MemberSheet().plan(table).refusals()] == [3]


@pytest.mark.django_db
def test_a_preview_is_claimed_once_and_never_outside_its_folder(previews):
    name = preview.save(b"slug\nada\n")
    assert preview.claim(name) == b"slug\nada\n"
    assert preview.claim(name) is None
    (previews.parent / "secret").write_text("x")
    assert preview.claim("../secret") is None
    assert (previews.parent / "secret").exists()
