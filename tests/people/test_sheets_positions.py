"""Positions as sheet rows (people/sheets.py PositionSheet)."""

import io

import openpyxl
import pytest

from groupsite.sheets.files import read_sheet
from people.models import Position
from people.sheets import PositionSheet
from tests.factories import MemberFactory
from tests.sheets import errors, import_rows, plan_rows

pytestmark = pytest.mark.django_db
HEADERS = ["slug", "title", "level", "description", "contact_member", "contact_email",
           "deadline"]  # fmt: skip


def test_positions_import_with_contact_member_by_slug():
    MemberFactory(slug="lead", email="lead@example.org")
    rows = [
        ["phd-ocean", "PhD: ocean ML", "PhD", "Join us.", "lead", "", "2030-01-31"],
        ["nobody", "Orphan", "phd", "Join us.", "ghost", "", ""],
    ]
    plan = import_rows(PositionSheet(), *rows, headers=HEADERS)
    assert sorted(errors(plan)) == [3]
    assert "No member “ghost”" in errors(plan)[3]["contact_member"][0]
    assert Position.objects.count() == 0
    import_rows(PositionSheet(), rows[0], headers=HEADERS)
    assert Position.objects.get().application_email == "lead@example.org"


def test_the_members_are_read_once_for_the_file(django_assert_num_queries):
    for number in range(3):
        MemberFactory(slug=f"lead-{number}", email=f"lead{number}@example.org")
    rows = [[f"p-{n}", f"P {n}", "phd", "Join us.", f"lead-{n}", "", ""] for n in range(3)]
    # The positions the file names, the members it names, and each row's slug check
    # (the admin's form checks uniqueness so too).
    with django_assert_num_queries(2 + 3):
        plan = plan_rows(PositionSheet(), *rows, headers=HEADERS)
    assert plan.counts["new"] == 3, plan.refusals()


def test_export_writes_the_contacts_slug_and_reads_back_unchanged():
    lead = MemberFactory(slug="lead", email="lead@example.org")
    import_rows(PositionSheet(), ["p", "P", "postdoc", "Two years.", "lead", "", "2030-01-31"],
                headers=HEADERS)  # fmt: skip
    headers, rows = PositionSheet().export(Position.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["contact_member"], row["deadline"], row["level"]) == ("lead", "2030-01-31",
                                                                      "postdoc")  # fmt: skip
    assert plan_rows(PositionSheet(), *rows, headers=headers).counts["unchanged"] == 1
    lead.delete()
    plan = import_rows(PositionSheet(), *rows, headers=headers)
    assert "No member “lead”" in errors(plan)[2]["contact_member"][0]


def test_a_blank_contact_member_cell_removes_the_contact():
    MemberFactory(slug="lead", email="lead@example.org")
    import_rows(PositionSheet(), ["p", "P", "phd", "D.", "lead", "jobs@example.org", ""],
                headers=HEADERS)  # fmt: skip
    plan = import_rows(PositionSheet(), ["p", "", "jobs@example.org"],
                       headers=["slug", "contact_member", "contact_email"])  # fmt: skip
    assert plan.counts["changed"] == 1, plan.refusals()
    assert Position.objects.get().contact_member is None


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_empty_xlsx_cells_import_as_empty_text_and_no_contact():
    data = xlsx([["slug", "title", "level", "description", "contact_member", "contact_email"],
                 ["pos-x", "Postdoc", "postdoc", "Two years.", None, "j@example.org"]])  # fmt: skip
    plan = PositionSheet().plan(read_sheet(data, "xlsx"))
    assert not plan.refused, plan.refusals()
    PositionSheet().apply(plan)
    assert Position.objects.get().contact_member_id is None


def test_an_empty_required_xlsx_cell_is_refused_as_blank_not_null():
    data = xlsx([["slug", "title", "level", "description", "contact_email"],
                 ["pos-x", "Postdoc", "postdoc", None, "j@example.org"]])  # fmt: skip
    plan = PositionSheet().plan(read_sheet(data, "xlsx"))
    assert errors(plan) == {2: {"description": ["This field cannot be blank."]}}


NEW_COLUMNS = {
    "teaser": "Machine learning for the next climate projections.",
    "place": "Geesthacht near Hamburg; partly remote",
    "start": "=as soon as possible",  # formula-like text survives the file too
    "duration": "3 years",
}


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_teaser_place_start_and_duration_round_trip(file_format):
    from groupsite.sheets.files import write_sheet

    plan = import_rows(PositionSheet(), ["p", "P", "phd", "D.", "j@example.org",
                                         *NEW_COLUMNS.values()],
                       headers=["slug", "title", "level", "description", "contact_email",
                                *NEW_COLUMNS])  # fmt: skip
    assert plan.counts["new"] == 1, plan.refusals()
    position = Position.objects.get()
    assert {name: getattr(position, name) for name in NEW_COLUMNS} == NEW_COLUMNS
    headers, rows = PositionSheet().export(Position.objects.all())
    assert {name: rows[0][headers.index(name)] for name in NEW_COLUMNS} == NEW_COLUMNS
    data = write_sheet(headers, rows, file_format)
    Position.objects.all().delete()
    plan = import_rows(PositionSheet(), *read_sheet(data, file_format).rows, headers=headers)
    assert plan.counts["new"] == 1, plan.refusals()
    position = Position.objects.get()
    assert {name: getattr(position, name) for name in NEW_COLUMNS} == NEW_COLUMNS
    assert plan_rows(PositionSheet(), *rows, headers=headers).counts["unchanged"] == 1


def test_the_sample_sheet_fills_the_new_columns():
    headers, [row] = PositionSheet().sample_rows()
    sample = dict(zip(headers, row, strict=True))
    assert all(sample[name] for name in NEW_COLUMNS)
    plan = plan_rows(PositionSheet(), row, headers=headers)
    assert plan.counts["new"] == 1, plan.refusals()
