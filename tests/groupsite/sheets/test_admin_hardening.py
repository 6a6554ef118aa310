"""The spreadsheet import and export against a hostile review (issue 14's review): the
admin's export round-trips every column, and each malformed file gets a sentence, not an
internal error, and writes nothing."""

import codecs
import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
from django.contrib.admin.sites import site
from django.contrib.messages import get_messages
from django.core.management import call_command

from groupsite.sheets.files import read_sheet, write_sheet
from news.models import NewsItem
from people.models import Member, Position
from publications.models import Publication
from publications.sheets import PublicationSheet
from seminar.models import Format, Reference, Series, Session, Speaker
from seminar.session_sheet import SessionSheet
from tests import sheets
from tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db
CSV_FORMAT, XLSX_FORMAT, JSON_FORMAT = "csv", "xlsx", "json"
MODELS = [Session, Series, Member, Position, Publication, NewsItem]


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def admin_url(model, action: str) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{action}/"


def upload(client, model, data, format=CSV_FORMAT, name="sheet.csv"):
    return sheets.upload(client, model, data, name, format)


page_errors = sheets.page_errors


def waiting(previews) -> list[str]:
    return sorted(p.name for p in previews.iterdir()) if previews.exists() else []


def admin_export(client, model, format=CSV_FORMAT) -> bytes:
    return sheets.admin_export(client, model, format)


# 1. The admin's export has every column, and a delete + re-import restores them ----------
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_admin_export_has_every_column_and_delete_reimport_restores_it(
    admin_client, previews, model
):
    call_command("load_demo_content", verbosity=0)
    if model is Session:
        # Every format, so that a lost column shows.
        for session, kind in zip(Session.objects.all(), Format.values * 50, strict=False):
            Session.objects.filter(pk=session.pk).update(format=kind)
        assert set(Session.objects.values_list("format", flat=True)) == set(Format.values)
        # A sheet never grants consent: a deleted session's recording is not restored.
        Session.objects.update(youtube_video="")
    check_sheet_round_trip(admin_client, model)


def check_sheet_round_trip(admin_client, model):
    from groupsite.sheets.files import read_csv

    exported = read_csv(sheets.admin_export(admin_client, model))
    assert exported.headers == site._registry[model].get_sheet().export_names()
    before = sorted(exported.dicts(), key=lambda row: json.dumps(row, sort_keys=True))
    if model is Series:
        Session.objects.all().delete()  # a series with sessions cannot be deleted
    model.objects.all().delete()
    preview = sheets.upload(admin_client, model, write_csv(exported))
    assert "confirm_form" in preview.context, sheets.page_errors(preview)
    assert sheets.confirm(admin_client, model, preview).status_code == 302
    again = read_csv(sheets.admin_export(admin_client, model))
    after = sorted(again.dicts(), key=lambda row: json.dumps(row, sort_keys=True))
    assert [{k: v for k, v in r.items() if k != "url"} for r in after] == [
        {k: v for k, v in r.items() if k != "url"} for r in before
    ]


def write_csv(table) -> bytes:
    from groupsite.sheets.files import write_sheet

    return write_sheet(table.headers, table.rows, "csv")


# 2. Publications: a paper and its preprint share an arXiv id ----------------------------
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_demo_publications_round_trip_in_every_format(file_format):
    from groupsite.sheets.files import read_sheet, write_sheet

    call_command("load_demo_content", verbosity=0)
    assert Publication.objects.filter(kind="preprint", arxiv_id="2360.07702").exists()
    assert Publication.objects.exclude(kind="preprint").filter(arxiv_id="2360.07702").exists()
    headers, rows = PublicationSheet().export()
    plan = PublicationSheet().plan(read_sheet(write_sheet(headers, rows, file_format), file_format))
    assert not plan.refused, plan.refusals()
    assert plan.counts["unchanged"] == Publication.objects.count()


# 3. JSON in other shapes ------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [b'[["slug","title"],["a","b"]]', b"[[]]", b"[{}]", b"[1, 2]", b'"text"', b"{}",
     b'[{"slug": "x", "name": {"a": 1}}]', b"[{"],
)  # fmt: skip
@pytest.mark.parametrize("model", [Session, Member])
def test_json_of_another_shape_gets_a_message_and_leaves_no_file(
    admin_client, previews, model, body
):
    response = upload(admin_client, model, body, format=JSON_FORMAT, name="rows.json")
    assert response.status_code == 200
    message = page_errors(response)
    assert ("must be a list of rows" in message or "not JSON" in message
            or "no header row" in message), message  # fmt: skip
    assert "confirm_form" not in response.context
    assert waiting(previews) == []


# 4. XLSX: an empty cell is None ------------------------------------------------------------
def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# (Empty XLSX cells of members, series and positions: tests/people, tests/seminar.)


def test_the_admins_own_series_xlsx_export_imports_back(admin_client, previews):
    SeriesFactory(slug="xs", description="", default_location="")
    data = admin_export(admin_client, Series, format=XLSX_FORMAT)
    Series.objects.all().delete()
    preview = upload(admin_client, Series, data, format=XLSX_FORMAT, name="s.xlsx")
    assert "confirm_form" in preview.context, page_errors(preview)


# 5. Messages a staff member understands ---------------------------------------------------
SESSION_HEADER = "series,title,start"


def session_preview(client, body: str | bytes):
    SeriesFactory(slug="ml")
    return page_errors(upload(client, Session, body))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("series,title,start,colour\nml,x,2025-03-04 16:00\n".replace("16:00", "16:00,red"),
         "Unknown column(s): colour. This sheet takes: series, number,"),
        ("series,,title,start\nml,,x,2025-03-04 16:00\n", "Column 2 has no name"),
        ("series,title,title,start\nml,x,y,2025-03-04 16:00\n",
         "The column title appears more than once"),
        ("series,title,start\nml,x,0001-01-01 00:30\n", "in the year 1; start must be between"),
        ("series,title,start\nml,x,9999-12-31 23:30\n", "in the year 9999; start must be"),
        ("series,title,start\nml,x,9999-12-31T23:30-05:00\n", "in the year 9999; start must"),
        ("series,title,start,publish_at\nml,x,2025-03-04 16:00,9999-12-31 23:59\n",
         "publish_at must be between 1900 and 2199"),
        ("series,title,start,number\nml,x,2025-03-04 16:00,99999999999999999999\n",
         "is too large for a session number"),
        ("series,title,start,duration_minutes\nml,x,2025-03-04 16:00,²\n",
         "“²” is not a number of minutes; write it with the digits 0-9."),
        ("series,title,start,number\nml,x,2025-03-04 16:00,\u0661\u0662\n",
         "is not a session number (1, 2, 3 …); write it with the digits 0-9."),
        ('series,title,start\nml,"unterminated,2025-03-04 16:00\n',
         "A quotation mark (\") in the file is not closed"),
        ("series,title,start\nml,Jörg,2025-03-04 16:00\n".encode("utf-16-le"),
         "The file holds NUL bytes, as UTF-16"),
        ("series,title,start\nml,x,2025-03-04 16:00\nml,y,2025-03-11 16:00,Ada,\n",
         "Row 3 has 5 cells, but the header row names 3 columns. Give the extra cells a "
         "column name in row 1, or delete them."),
    ],
)  # fmt: skip
def test_bad_files_get_a_sentence_not_an_internal_error(admin_client, previews, body, expected):
    message = session_preview(admin_client, body)
    assert expected in message
    for internal in ("object has no attribute", "out of range", "C int", "invalid literal",
                     "cannot be null"):  # fmt: skip
        assert internal not in message
    assert waiting(previews) == []
    assert Session.objects.count() == 0


def test_unknown_column_is_the_only_message(admin_client, previews):
    message = session_preview(admin_client, "series,title,start,colour\nml,x,2025-03-04 16:00,r\n")
    assert message == (
        "Unknown column(s): colour. This sheet takes: "
        + ", ".join(SessionSheet().column_names())
        + "."
    )


def test_a_csv_with_one_large_cell_within_the_size_limit_is_read(admin_client, previews):
    SeriesFactory(slug="ml")
    # Larger than the csv module's default cell limit (128 KiB): read, then refused by the
    # abstract's own limit, not "could not be read".
    body = f"series,title,start,abstract\nml,Long,2025-03-04 16:00,{'A' * 200_000}\n"
    assert page_errors(upload(admin_client, Session, body)) == (
        "The text has 200,000 characters; at most 30,000 are allowed. Split it into several "
        "pages or sections."
    )


def test_an_unexpected_error_while_writing_reads_as_a_sentence(admin_client, previews,
                                                              monkeypatch):  # fmt: skip
    from seminar import services

    SeriesFactory(slug="ml")
    preview = upload(admin_client, Session, "series,title,start\nml,x,2025-03-04 16:00\n")

    def broken(*args, **kwargs):
        raise OverflowError("Python int too large to convert to C int")

    monkeypatch.setattr(services, "create_session", broken)
    done = sheets.confirm(admin_client, Session, preview)
    [message] = [str(m) for m in get_messages(done.wsgi_request)]
    assert message.startswith("This could not be imported because of a problem on")
    assert Session.objects.count() == 0


# 6. Two rows, one object ---------------------------------------------------------------------
def test_two_rows_matching_one_session_are_refused_with_both_row_numbers():
    series = SeriesFactory(slug="ml")
    session = SessionFactory(
        series=series,
        uid="u-1@example.org",
        title="Stored",
        start=datetime(2025, 3, 4, 15, tzinfo=UTC),
    )
    start = session.start.astimezone(series.zone).strftime("%Y-%m-%d %H:%M")
    table = sheets.dataset(
        ["ml", "By UID", start, "u-1@example.org"],
        ["ml", "By slot", start, ""],
        headers=["series", "title", "start", "uid"],
    )
    result = sheets.import_table(SessionSheet(), table)
    [row] = sheets.errors(result).values()
    assert row[""] == [
        f"Row 3 matches the session “{session}”, as row 2 does; each session may appear once."
    ]
    session.refresh_from_db()
    assert session.title == "Stored"


# 7. Over-long text --------------------------------------------------------------------------
def test_a_uid_over_255_characters_is_refused_not_cut():
    SeriesFactory(slug="ml")
    uid = "u" * 300
    table = sheets.dataset(["ml", "x", "2025-03-04 16:00", uid],
                           headers=["series", "title", "start", "uid"])  # fmt: skip
    result = sheets.import_table(SessionSheet(), table)
    [row] = sheets.errors(result).values()
    assert row == {"uid": ["This is 300 characters long; uid takes at most 255."]}
    assert Session.objects.count() == 0


# 9. The confirmation names its model --------------------------------------------------------
def test_a_session_confirmation_posted_to_the_members_import_is_refused(admin_client, previews):
    SeriesFactory(slug="ml")
    preview = upload(admin_client, Session, "series,title,start\nml,x,2025-03-04 16:00\n")
    confirm = preview.context["confirm_form"].initial
    response = admin_client.post(admin_url(Member, "process_import"), confirm)
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "does not belong to a preview shown to you" in messages[0]
    assert waiting(previews) != []  # not used up: the session preview still confirms
    assert admin_client.post(admin_url(Session, "process_import"), confirm).status_code == 302
    assert Session.objects.count() == 1


# 10. Samples, blank slugs, formulae ----------------------------------------------------------
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_samples_never_touch_the_demo_content(admin_client, model):
    call_command("load_demo_content", verbosity=0)
    data = admin_client.get(admin_url(model, "import") + "sample.csv").content
    plan = site._registry[model].get_sheet().plan(read_sheet(data, "csv"))
    # New, or refused (the sample's series is not on the demo site): never a change.
    assert [row.status for row in plan.rows if row.status != "refused"] in (["new"], [])
    assert not any(row.status in ("changed", "unchanged") for row in plan.rows)


def test_a_blank_slug_keeps_the_sessions_slug():
    series = SeriesFactory(slug="ml")
    session = SessionFactory(series=series, uid="u-1", title="Old title", slug="kept-address")
    table = sheets.dataset(["ml", "u-1", "New title", ""],
                           headers=["series", "uid", "title", "slug"])  # fmt: skip
    result = sheets.import_table(SessionSheet(), table)
    assert not result.refused, result.refusals()
    session.refresh_from_db()
    assert (session.title, session.slug) == ("New title", "kept-address")


def test_a_formula_without_a_saved_value_refuses_its_row():
    SeriesFactory(slug="ml")
    data = xlsx([["series", "title", "start"], ["ml", '=CONCAT("a","b")', "2025-03-04 16:00"]])
    result = sheets.import_table(SessionSheet(), read_sheet(data, "xlsx"))
    [row] = sheets.errors(result).values()
    assert row["title"] == [
        "Cell B2 holds a formula without a value; save the file in Excel or LibreOffice "
        "first (they calculate it), then upload it again."
    ]
    assert Session.objects.count() == 0


def test_only_the_first_sheet_is_read():
    book = openpyxl.Workbook()
    book.active.append(["series", "title", "start"])
    book.active.append(["ml", "First sheet", "2025-03-04 16:00"])
    other = book.create_sheet("Notes")
    other.append(["just notes"])
    book.active = 1  # saved with the notes open
    out = io.BytesIO()
    book.save(out)
    table = read_sheet(out.getvalue(), "xlsx")
    assert table.headers == ["series", "title", "start"]
    assert [row["title"] for row in table.dicts()] == ["First sheet"]


def test_utf16_with_bom_still_reads(admin_client, previews):
    SeriesFactory(slug="ml")
    body = codecs.BOM_UTF16_LE + "series\ttitle\tstart\nml\tJörg\t2025-03-04 16:00\n".encode(
        "utf-16-le"
    )
    assert "confirm_form" in upload(admin_client, Session, body).context


def test_the_export_page_has_no_inline_style(admin_client):
    html = admin_client.get(admin_url(Session, "export")).content.decode()
    assert "select-all-toggle" in html
    assert " style=" not in html


# 7. Text an XLSX file cannot hold ---------------------------------------------------------
def test_xlsx_export_replaces_characters_a_workbook_cannot_hold():
    data = write_sheet(["a", "b", "c", "d"], [["Bell\x07 Ringer", "Esc\x1b", "Line\u2028sep", 3]],
                       "xlsx")  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [cell.value for cell in book.active[2]] == [
        "Bell\ufffd Ringer",
        "Esc\ufffd",
        "Line\u2028sep",
        3,
    ]


def test_admin_xlsx_export_of_text_stored_before_the_one_line_rule(admin_client):
    talk = SessionFactory(
        series=SeriesFactory(slug="ml"), start=datetime(2025, 3, 4, 15, tzinfo=UTC)
    )
    Speaker.objects.create(session=talk, name="Bell\x07 Ringer", affiliation="Aff\x1b")
    Reference.objects.create(session=talk, title="Old\x0b title")
    book = openpyxl.load_workbook(io.BytesIO(admin_export(admin_client, Session, XLSX_FORMAT)))
    row = dict(zip([c.value for c in book.active[1]], [c.value for c in book.active[2]],
                   strict=True))  # fmt: skip
    assert (row["speakers"], row["references"]) == (
        "Bell\ufffd Ringer (Aff\ufffd)",
        "Old\ufffd title",
    )
