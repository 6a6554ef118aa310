"""Sheet files: CSV, XLSX and JSON read into a header row and data rows, and written back.

Reading enforces every limit an upload has (size, rows, columns, unpacked XLSX size, text
in a workbook, the time budget) and refuses with a sentence (``SheetError``) what it cannot
read exactly; formula-escaped cells read back as they were written (groupsite.sheets.cells).
Row numbers count the header as row 1, as spreadsheet programs do.
"""

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.deadline import check_time
from groupsite.sheets.cells import escape_formula, text, unescape_formula

HEADER_ROW = 1
#: The most columns an XLSX import reads (the widest sheet, sessions, has about 20).
MAX_COLUMNS = 100
#: An XLSX's XML may be this many times the upload limit (text compresses about 5-10x).
XLSX_UNPACK_FACTOR = 20
#: Tried in this order for a CSV file without a byte order mark.
CSV_ENCODINGS = (("utf-8", "UTF-8"), ("cp1252", gettext_lazy("Windows-1252 (Western European)")))
JSON_CELLS = (str, int, float, bool, type(None))
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMAT_LABELS = {"csv": "CSV", "xlsx": gettext_lazy("Excel workbook (XLSX)"), "json": "JSON"}
EXTENSIONS = {"csv": "csv", "tsv": "csv", "txt": "csv", "xlsx": "xlsx", "json": "json"}


class SheetError(Exception):
    """The file as a whole cannot be read as a sheet; the message says why."""


@dataclass
class Table:
    """A sheet as read: the header row and the data rows (each as wide as the header)."""

    headers: list
    rows: list[list] = field(default_factory=list)
    #: Each row's number in the file (the header is row 1), once empty rows are skipped.
    numbers: list[int] = field(default_factory=list)

    def row_numbers(self) -> list[int]:
        return self.numbers or list(range(HEADER_ROW + 1, HEADER_ROW + 1 + len(self.rows)))

    def dicts(self) -> list[dict]:
        return [dict(zip(self.headers, row, strict=False)) for row in self.rows]


def limits() -> tuple[int, int]:
    """The largest file (bytes) and the most data rows the admin's import takes."""
    return settings.SPREADSHEET_IMPORT_MAX_BYTES, settings.SPREADSHEET_IMPORT_MAX_ROWS


def too_many_rows(count: int, more: bool = False) -> str:
    """The refusal of a file with ``count`` rows (``more``: more than ``count``)."""
    values = {"count": f"{count:,}", "most": f"{limits()[1]:,}"}
    if more:
        return (
            _(
                "The file has more than %(count)s rows; an import takes at most %(most)s "
                "(setting SPREADSHEET_IMPORT_MAX_ROWS). Split it into several files."
            )
            % values
        )
    return (
        _(
            "The file has %(count)s rows; an import takes at most %(most)s "
            "(setting SPREADSHEET_IMPORT_MAX_ROWS). Split it into several files."
        )
        % values
    )


def too_large(size: int) -> str | None:
    """The refusal of an upload of ``size`` bytes, or None if it is within the limit."""
    max_bytes = limits()[0]
    if size <= max_bytes:
        return None
    return _(
        "The file is %(size)s MB; an import takes at most %(most)s MB (setting "
        "SPREADSHEET_IMPORT_MAX_MB). Split it into several files."
    ) % {"size": f"{size / 2**20:.1f}", "most": f"{max_bytes / 2**20:g}"}


def detect_format(name: str, data: bytes) -> str:
    """``csv``, ``xlsx`` or ``json``: from the file name's extension, else from the content
    (a zip is a workbook, ``[`` starts JSON, anything else is CSV)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.lstrip(codecs.BOM_UTF8).lstrip()[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_sheet(data: bytes, file_format: str) -> Table:
    """The file's first sheet; refused with ``SheetError`` saying why if it cannot be read."""
    readers = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}
    table = readers[file_format](data)
    if not table.headers or not any(text(header) for header in table.headers):
        raise SheetError(
            _(
                "The file has no header row: its first row must name the columns, like "
                "“series, title, start”. Download the sample sheet to see them."
            )
        )
    if len(table.rows) > limits()[1]:
        raise SheetError(too_many_rows(len(table.rows)))
    # Rows of empty cells (separators only, or a formatted empty row) are skipped.
    kept = [(number, row) for number, row in zip(table.row_numbers(), table.rows, strict=True)
            if any(isinstance(c, FormulaWithoutValue) or text(c) for c in row)]  # fmt: skip
    table.numbers, table.rows = [n for n, _row in kept], [row for _n, row in kept]
    if not table.rows:
        raise SheetError(_("The file has a header row but no rows to import."))
    if file_format != "json":  # JSON is never opened as a spreadsheet: no apostrophes
        table.rows = [[unescape_formula(cell) for cell in row] for row in table.rows]
    return table


# Writing ----------------------------------------------------------------------------------
def write_sheet(headers: list[str], rows: list[list], file_format: str) -> bytes:
    """The file: formula-safe for CSV and XLSX (see cells.escape_formula)."""
    if file_format == "json":
        content = [dict(zip(headers, row, strict=True)) for row in rows]
        return json.dumps(content, ensure_ascii=False, indent=1).encode()
    rows = [[escape_formula(cell) for cell in row] for row in rows]
    if file_format == "xlsx":
        return _write_xlsx(headers, rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def _write_xlsx(headers, rows) -> bytes:
    """A workbook cannot hold most control characters (openpyxl refuses them). The site
    refuses them in what it stores, but text stored before that rule is written with
    U+FFFD (�) in their place, so an export never fails."""
    import openpyxl

    # Not write_only: that leaves out the sheet's <dimension>, which the reader requires.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([replace_illegal_characters(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_illegal_characters(value):
    """A text cell with each character an XLSX file cannot hold replaced by U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


# CSV ----------------------------------------------------------------------------------------
def decode_text(data: bytes) -> tuple[str, str]:
    """Text of an uploaded file and the name of its encoding.

    A byte order mark decides (UTF-8 or UTF-16, as Excel's "Unicode text" writes it);
    without one, UTF-8, then Windows-1252 (what Excel on Windows saves as plain "CSV",
    a superset of Latin-1 for printable text). Anything else is refused with a message.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data:
        raise SheetError(
            _(
                "The file holds NUL bytes, as UTF-16 (“Unicode text”) without a byte order "
                "mark does. Save it as “CSV UTF-8 (comma delimited)” (Excel) or choose the "
                "character set “Unicode (UTF-8)” when saving (LibreOffice), then upload it "
                "again."
            )
        )
    for encoding, label in CSV_ENCODINGS:
        try:
            return data.decode(encoding), str(label)
        except UnicodeDecodeError:
            continue
    raise SheetError(
        _(
            "The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8 (comma "
            "delimited)” (Excel) or choose the character set “Unicode (UTF-8)” when saving "
            "(LibreOffice), then upload it again."
        )
    )


def read_csv(data: bytes | str) -> Table:
    """CSV as any spreadsheet program saves it: UTF-8 (with or without BOM), UTF-16 or
    Windows-1252; comma-, semicolon- (German Excel) or tab-separated. Blank lines are
    skipped; a short row is padded with empty cells."""
    content = decode_text(data)[0] if isinstance(data, bytes) else data
    content = content.removeprefix("\ufeff")
    header = content.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    if delimiter == "," or counts[delimiter] <= counts[","]:
        delimiter = ","
    # One cell may be as large as the whole file (a long abstract).
    csv.field_size_limit(max(csv.field_size_limit(), limits()[0]))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    max_rows = limits()[1]
    table = None
    try:
        for number, cells in enumerate(reader, start=1):
            check_time()
            if number > max_rows + HEADER_ROW:
                raise SheetError(too_many_rows(max_rows, more=True))
            if table is None:
                table = Table(headers=cells)
                continue
            width = len(table.headers)
            if len(cells) > width:
                raise SheetError(
                    _(
                        "Row %(row)s has %(cells)s cells, but the header row names %(width)s "
                        "columns. Give the extra cells a column name in row 1, or delete them."
                    )
                    % {"row": number, "cells": len(cells), "width": width}
                )
            # A blank line is kept as an empty row (skipped by read_sheet), so rows keep
            # their numbers.
            table.rows.append(cells + [""] * (width - len(cells)))
    except csv.Error as error:
        raise SheetError(
            _(
                'A quotation mark (") in the file is not closed, or stands in the middle of a '
                "cell, so the rows cannot be told apart. Open the file in your spreadsheet "
                "program and save it again as CSV (the reader said: %(error)s)."
            )
            % {"error": error}
        ) from None
    return table or Table(headers=[])


# JSON ---------------------------------------------------------------------------------------
def read_json(data: bytes | str) -> Table:
    content = decode_text(data)[0] if isinstance(data, bytes) else data
    try:
        rows = json.loads(content)
    except ValueError:
        raise SheetError(_("The file is not JSON; check it was saved as JSON text.")) from None
    if (
        not isinstance(rows, list)
        or not all(isinstance(row, dict) for row in rows)
        or not all(isinstance(value, JSON_CELLS) for row in rows for value in row.values())
    ):
        raise SheetError(
            _(
                "A JSON file must be a list of rows, each an object from column name to a "
                'text, number, true/false or null, like [{"series": "ml-seminar", "title": '
                '"…", "start": "2024-03-05 15:00"}]. Export a sheet to see the shape.'
            )
        )
    if len(rows) > limits()[1]:
        raise SheetError(too_many_rows(len(rows)))
    headers = list(dict.fromkeys(name for row in rows for name in row))
    if len(headers) > MAX_COLUMNS:
        # Each row becomes as wide as all rows' names together.
        raise SheetError(
            _(
                "The rows name %(count)s different columns; an import reads at most "
                "%(most)s. Export a sheet to see the columns it takes."
            )
            % {"count": f"{len(headers):,}", "most": MAX_COLUMNS}
        )
    return Table(headers=headers, rows=[[row.get(name) for name in headers] for row in rows])


# XLSX ---------------------------------------------------------------------------------------
class FormulaWithoutValue:
    """An XLSX cell holding a formula but no saved result (written by a program that does
    not calculate, like a script): its row is refused, never imported empty."""

    def __init__(self, cell: str):
        self.cell = cell

    def __str__(self):
        return ""

    def message(self) -> str:
        return _(
            "Cell %(cell)s holds a formula without a value; save the file in Excel or "
            "LibreOffice first (they calculate it), then upload it again."
        ) % {"cell": self.cell}


def xlsx_text_limit() -> int:
    """The most characters of text a workbook may hold (its shared strings, or its cells):
    a CSV of the largest upload holds at most that many; a workbook is zipped, so four
    times as many."""
    return 4 * limits()[0]


def read_xlsx(data: bytes) -> Table:
    """The workbook's first sheet (whichever tab was open when it was saved); a formula
    cell without a saved result becomes a :class:`FormulaWithoutValue`.

    Rows are streamed and counted as they are read: a sheet with more rows than an import
    takes, a cell right of ``MAX_COLUMNS`` or more text than ``xlsx_text_limit()`` is
    refused as soon as it is met, not after the whole sheet sits in memory."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    check_unpacked_size(data)

    def first_sheet(data_only: bool):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
        sheet = book.worksheets[0]
        # As wide as the sheet says it is (every row is padded to that), but one column
        # past the limit at most, to see a cell there.
        width = min(sheet.max_column or MAX_COLUMNS + 1, MAX_COLUMNS + 1)
        return sheet.iter_rows(max_col=width, values_only=True)

    max_rows, text_limit = limits()[1], xlsx_text_limit()
    table, text_read = Table(headers=[]), 0
    for number, (values, formulae) in enumerate(
        zip(first_sheet(True), first_sheet(False), strict=False), start=1
    ):
        check_time()
        if number > max_rows + HEADER_ROW:
            raise SheetError(too_many_rows(max_rows, more=True))
        if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
            raise SheetError(
                _(
                    "Row %(row)s has a cell right of column %(letter)s; an import reads at "
                    "most %(most)s columns. Delete the cells beyond them."
                )
                % {"row": number, "letter": get_column_letter(MAX_COLUMNS), "most": MAX_COLUMNS}
            )
        text_read += sum(len(value) for value in values if isinstance(value, str))
        if text_read > text_limit:
            raise SheetError(
                _(
                    "The sheet holds more than %(limit)s characters of text by row %(row)s; "
                    "split it into several files."
                )
                % {"limit": f"{text_limit:,}", "row": number}
            )
        cells = [
            FormulaWithoutValue(f"{get_column_letter(column)}{number}")
            if value is None and isinstance(formula, str) and formula.startswith("=")
            else value
            for column, (value, formula) in enumerate(
                zip(values[:MAX_COLUMNS], formulae, strict=False), 1
            )
        ]
        if number == 1:
            width = len(cells)
            table.headers = cells
            continue
        while len(cells) > width and cells[-1] is None:
            cells.pop()  # an empty cell right of the last column
        table.rows.append(cells + [None] * (width - len(cells)))
    return _without_unnamed_empty_columns(table)


def _without_unnamed_empty_columns(table: Table) -> Table:
    """The sheet without the columns right of its last named one, which a stray format or
    an emptied cell leaves in the sheet's size; a value in one of them is refused, naming
    its cell. Data rows are sheet rows 2, 3, … here (none is skipped yet)."""
    from openpyxl.utils import get_column_letter

    named = len(table.headers)
    while named and not text(table.headers[named - 1]):
        named -= 1
    if not named or named == len(table.headers):
        return table  # no header at all (refused by read_sheet), or none to drop
    for number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for column in range(named, len(row)):
            if text(row[column]):
                raise SheetError(
                    _(
                        "%(cell)s has a value but its column has no name. Name the column in "
                        "row 1, or delete the value."
                    )
                    % {"cell": f"{get_column_letter(column + 1)}{number}"}
                )
    table.headers = table.headers[:named]
    table.rows = [row[:named] for row in table.rows]
    return table


def check_unpacked_size(data) -> None:
    """An XLSX is a zip: refuse one that unpacks to far more than the upload limit.

    The sizes the zip's directory declares are checked first, without unpacking anything
    (zipfile never unpacks a part past its declared size, so their sum bounds all reading);
    only a workbook within them has its parts scanned, under the time budget."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            # Read whole into memory before any row (twice: values and formulae).
            shared = sum(m.file_size for m in archive.infolist()
                         if m.filename.lower().endswith("sharedstrings.xml"))  # fmt: skip
            within = shared <= xlsx_text_limit() and unpacked <= XLSX_UNPACK_FACTOR * limits()[0]
            undeclared = within and next((member.filename for member in archive.infolist()
                               if not _declares_its_size(archive, member)), None)  # fmt: skip
    except zipfile.BadZipFile:
        raise SheetError(_("The file is not an XLSX workbook.")) from None
    if undeclared:
        raise SheetError(
            _(
                "The workbook part %(part)s does not say how large its sheet is (it has no "
                "<dimension>), so it would have to be read to its end before its rows can be "
                "counted. Open the file in Excel or LibreOffice, save it again and upload that."
            )
            % {"part": undeclared}
        )
    if shared > xlsx_text_limit():
        raise SheetError(
            _(
                "The workbook's text takes more than %(size)s MB unpacked; save only the data "
                "as a new workbook or split it."
            )
            % {"size": xlsx_text_limit() // 2**20}
        )
    if unpacked > XLSX_UNPACK_FACTOR * limits()[0]:
        raise SheetError(
            _(
                "The workbook unpacks to more than %(size)s MB; save only the data as a new "
                "workbook or split it."
            )
            % {"size": XLSX_UNPACK_FACTOR * limits()[0] // 2**20}
        )


def _declares_its_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """False for a sheet without a <dimension> before its rows: openpyxl would parse all of
    it (keeping every row element) just to learn its size, before the first row is read.
    Parts that are not sheets (no <sheetData>) pass; every part is scanned, since the
    workbook may name any part as its sheet."""
    window = b""
    with archive.open(member) as part:
        while chunk := part.read(1 << 16):
            check_time()
            window = window[-64:] + chunk
            rows = SHEET_DATA.search(window)
            dimension = DIMENSION.search(window)
            if dimension and (rows is None or dimension.start() < rows.start()):
                return True
            if rows:
                return False
    return True


SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b")
