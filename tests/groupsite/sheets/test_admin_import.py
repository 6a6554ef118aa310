"""The shared sheet machinery (groupsite/sheets/) through the session sheet: formula-safe
files, encodings, limits and the admin's preview → confirm step (the sessions' date and
time rules: tests/seminar/test_session_sheet_times.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from groupsite.sheets import preview as previews_store
from groupsite.sheets.files import read_sheet, write_sheet
from seminar.models import Session
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import SeriesFactory, SessionFactory
from tests.sheets import dataset, import_table

pytestmark = pytest.mark.django_db
IMPORT = "/admin/seminar/session/import/"
CONFIRM = "/admin/seminar/session/process_import/"
GOOD = "series,title,start\nml,First,2024-03-05 15:00\nml,Second,2024-03-12 15:00\n"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def upload(client, content, name="programme.csv", format=""):
    data = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, data)
    return client.post(IMPORT, {"import_file": file, "format": format})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def waiting(previews) -> list[str]:
    return sorted(p.name for p in previews.iterdir()) if previews.exists() else []


# Formula injection (files: tests/groupsite/sheets/test_files.py) -----------------------
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_sessions_with_formula_like_titles_round_trip_unchanged(file_format):
    series = SeriesFactory(slug="ml")
    titles = ["=x", "+49 40 42838", "-1 °C on the ice"]
    for day, title in enumerate(titles, start=1):
        SessionFactory(series=series, title=title, start=datetime(2024, 3, day, 14, tzinfo=UTC))
    exported = write_sheet(*export_sessions(Session.objects.all()), file_format)
    result = import_table(SessionSheet(), read_sheet(exported, file_format))
    assert not result.refused
    assert result.counts["unchanged"] == 3
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


def sheet_of(rows: int):
    table = dataset(headers=["series", "title", "start", "speakers", "speaker_members"])
    for day in range(rows):
        start = datetime(2024, 1, 1, 15) + timedelta(days=7 * day)
        table.rows.append(["ml", f"Talk {day}", f"{start:%Y-%m-%d %H:%M}", "A (B); C", "; ada"])
    return table


def test_preview_reads_the_database_once_per_file_not_per_row():
    """Matching, members and numbers are read once for the whole file: 40 rows cost the
    queries 5 rows do (the session number is checked against the numbers read once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MemberFactory

    series = SeriesFactory(slug="ml")
    MemberFactory(slug="ada")
    SessionFactory(series=series, start=datetime(2024, 1, 1, 14, tzinfo=UTC), title="Talk 0")
    counted = []
    for rows in (5, 40):
        with CaptureQueriesContext(connection) as queries:
            result = SessionSheet().plan(sheet_of(rows))
        assert not result.refused, result.refusals()
        counted.append(len(queries))
    assert result.counts["changed"] == 1 and result.counts["new"] == 39
    assert counted[1] == counted[0]
    assert counted[0] <= 10
    assert Session.objects.count() == 1


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
        {"format": "xlsx"},
        {"original_file_name": "other.csv"},
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


def test_a_preview_outdated_by_another_import_is_refused_on_confirm(admin_client, previews):
    SeriesFactory(slug="ml")
    mine = upload(admin_client, "series,title,start\nml,Mine,2024-03-05 15:00\n")
    theirs = upload(admin_client, "series,title,start\nml,Theirs,2024-03-05 15:00\n")
    assert admin_client.post(CONFIRM, theirs.context["confirm_form"].initial).status_code == 302
    response = admin_client.post(CONFIRM, mine.context["confirm_form"].initial)
    assert response["Location"] == IMPORT
    assert messages_of(response)[-1] == (
        "The site's data changed since the preview; nothing was imported. Upload the file "
        "again to see the new preview."
    )
    assert Session.objects.get().title == "Theirs"


def test_a_confirm_never_reads_outside_the_preview_folder(previews):
    previews.mkdir()
    (previews.parent / "secret").write_text("x")
    assert previews_store.claim("../secret") is None
    assert (previews.parent / "secret").exists()
