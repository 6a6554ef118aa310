"""The session sheet's references column, and text the site refuses in speakers and
references (control characters, line separators, digits other than 0-9)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from groupsite.sheets.files import read_sheet, write_sheet
from seminar import session_sheet
from seminar.models import Reference, Session, Speaker
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import SeriesFactory, SessionFactory
from tests.sheets import dataset, errors, import_table

BERLIN = ZoneInfo("Europe/Berlin")
ONE_LINE = "Use one line: no line breaks, tabs or other control characters."
pytestmark = pytest.mark.django_db


def import_rows(*rows, dry_run=True):
    headers = list(rows[0])
    table = dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)
    return import_table(SessionSheet(), table, dry_run=dry_run)


def row(**cells):
    return {"series": "ml", "title": "Talk", "start": "2030-02-05 16:00", **cells}


def reasons(result) -> dict:
    return errors(result)


def test_control_characters_in_speakers_and_references_are_refused_naming_the_part():
    SeriesFactory(slug="ml")
    result = import_rows(
        row(speakers="Bell\x07 Ringer (Aff\x1b)", references="Ref\u2028split | Doe"),
        dry_run=False,
    )
    problems = reasons(result)[2]
    assert problems["speakers"] == [
        f"Speaker 1 (Bell\x07 Ringer): {ONE_LINE}",
        f"Speaker 1 (Bell\x07 Ringer): {ONE_LINE}",
    ]
    # One reference (U+2028 is not a line break of the cell), refused as a whole.
    assert problems["references"] == [f"Reference 1, title: {ONE_LINE}"]
    assert Session.objects.count() == 0


def test_references_are_split_only_at_real_line_breaks():
    SeriesFactory(slug="ml")
    import_rows(row(references="A | X\r\nB | Y\rC | Z\nD | W"), dry_run=False)
    titles = [(r.title, r.authors) for r in Reference.objects.all()]
    assert titles == [("A", "X"), ("B", "Y"), ("C", "Z"), ("D", "W")]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_stored_text_from_before_the_one_line_rule_reads_back_unchanged(file_format):
    """Speakers and references stored before the rule (it was not checked then) export
    and import back as "unchanged", not split in two nor refused."""
    talk = SessionFactory(series=SeriesFactory(slug="ml"),
                          start=datetime(2030, 1, 8, 15, tzinfo=BERLIN))  # fmt: skip
    Reference.objects.create(session=talk, title="Part A\u2028Part B", authors="Doe")
    Reference.objects.create(session=talk, title="Ellipsis\x85 here", venue="V\x0cW", order=1)
    exported = write_sheet(*export_sessions(Session.objects.all()), file_format)

    again = import_table(SessionSheet(), read_sheet(exported, file_format))

    assert not again.refused, reasons(again)
    assert [r.status for r in again.rows] == ["unchanged"]
    assert [(r.title, r.venue) for r in talk.references.all()] == [
        ("Part A\u2028Part B", ""),
        ("Ellipsis\x85 here", "V\x0cW"),
    ]
    # A changed reference is checked: the old text in it is refused then.
    table = read_sheet(exported, file_format)
    table.rows[0] = [
        cell.replace("Ellipsis", "Elision") if isinstance(cell, str) else cell
        for cell in table.rows[0]
    ]
    changed = SessionSheet().plan(table)
    assert [m for e in errors(changed).values() for m in e["references"]] == [
        f"Reference 2, title: {ONE_LINE}",
        f"Reference 2, venue: {ONE_LINE}",
    ]


@pytest.mark.parametrize("year", ["²", "\u0662\u0660\u0662\u0660", "20 20", "-5"])
def test_a_year_not_written_with_0_to_9_is_refused_and_other_rows_keep_their_reasons(year):
    SeriesFactory(slug="ml")
    result = import_rows(
        row(references=f"T | A | V | {year}"),
        row(title="Other", start="not a date", references=""),
    )
    problems = reasons(result)
    assert problems[2] == {
        "references": [f"Reference 1: “{year}” is not a year; write it with the digits 0-9."]
    }
    assert "not a date and time" in problems[3]["start"][0]


def test_a_year_too_large_for_the_column_is_refused():
    SeriesFactory(slug="ml")
    problems = reasons(import_rows(row(references="T | A | V | 99999")))
    assert problems[2]["references"] == [
        "Reference 1: “99999” is too large for a year (at most 32,767)."
    ]


def test_an_unexpected_error_in_one_row_keeps_the_other_rows_reasons(monkeypatch):
    SeriesFactory(slug="ml")
    original = session_sheet.read_references

    def broken(session_row, row):
        if row.get("title") == "Boom":
            raise OverflowError("Python int too large to convert to C int")
        return original(session_row, row)

    monkeypatch.setattr(session_sheet, "read_references", broken)
    result = import_rows(row(title="Boom"), row(title="Other", start="not a date"))
    problems = reasons(result)
    assert problems[2] == {
        "": [
            "This row could not be read because of a problem on the site's side; the site's "
            "staff can see the details in its log. Check the row, or leave it out and try again."
        ]
    }
    assert "not a date and time" in problems[3]["start"][0]


@pytest.mark.parametrize(
    ("model", "field"),
    [(Speaker, "name"), (Speaker, "affiliation"), (Reference, "authors"), (Reference, "title"),
     (Reference, "venue"), (Reference, "doi"), (Reference, "arxiv_id")],
)  # fmt: skip
@pytest.mark.parametrize("character", ["\x07", "\x1b", "\u2028", "\x85", "\t"])
def test_single_line_fields_refuse_control_characters(model, field, character):
    talk = SessionFactory()
    bad = f"10.1/a{character}b" if field == "doi" else f"a{character}b"
    values = {"session": talk, "name": "Ada", "title": "T", field: bad}
    instance = model(**{k: v for k, v in values.items() if hasattr(model, k)})
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    assert raised.value.message_dict[field] == [ONE_LINE]
