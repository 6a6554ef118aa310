"""The session admin's calendar import (seminar/calendar_admin.py): upload → preview of the
plan → confirm → apply, and every refusal on the way."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.html import escape
from reversion.models import Version

from seminar.importing import import_calendar
from seminar.models import Session
from tests.factories import SeriesFactory, SessionFactory
from tests.seminar.calendars import after_sample, calendar_of, one_event, vevent

SAMPLE = Path(__file__).parent / "data" / "sample.ics"
IMPORT = "/admin/seminar/session/import-calendar/"
CONFIRM = "/admin/seminar/session/import-calendar/confirm/"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<[^>]+\s(on[a-z]+|style)=", re.I)
pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "b@x.example", "pw")


@pytest.fixture
def admin_client(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def series():
    return SeriesFactory(slug="ml", name="ML seminar", time_zone="Europe/Berlin")


def upload(client, series, data: bytes, name="sample.ics", fresh=False):
    fields = {"series": series.pk, "import_file": SimpleUploadedFile(name, data)}
    if fresh:
        fields["fresh"] = "on"
    return client.post(IMPORT, fields)


def confirm(client, preview):
    return client.post(CONFIRM, preview.context["confirm_form"].initial)


def statuses(response) -> list[str]:
    return re.findall(r'<td class="import-type">\s*(\w+)', response.content.decode())


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def snapshot():
    return list(Session.objects.order_by("uid").values())


def events(count: int, first: int = 1) -> bytes:
    def event(n: int) -> str:
        return vevent(
            f"DTSTART:2024{(n % 12) + 1:02d}{(n % 27) + 1:02d}T140000Z",
            "DURATION:PT1H",
            "DESCRIPTION:Speaker: Ada Lovelace (Analytical Engines)\\nAbout it.",
            uid=f"talk-{n}@old.example",
            summary=f"Talk {n}",
        )

    return calendar_of(*(event(n) for n in range(first, first + count)))


def test_change_list_offers_the_calendar_import_next_to_the_sheets(admin_client):
    html = admin_client.get("/admin/seminar/session/").content.decode()
    tools = re.findall(r'<li><a href="([^"]+)" class="import_link">([^<]+)</a>', html)
    assert tools == [(IMPORT, "Import calendar"), ("/admin/seminar/session/import/", "Import")]


def test_upload_page_asks_for_series_file_and_fresh_without_inline_script(admin_client, series):
    response = admin_client.get(IMPORT)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["series", "import_file", "fresh"]
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_preview_shows_the_plan_and_confirm_saves_one_revision_per_session(
    admin_client, series, boss
):
    preview = upload(admin_client, series, SAMPLE.read_bytes())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "3 new, 0 changed, 0 unchanged." in html
    assert statuses(preview) == ["New", "New", "New"]
    assert "<td>#1 Neural operators for ocean models</td>" in html
    assert "<dt>Start</dt>\n            <dd>2023-03-14 15:00 (Europe/Berlin)</dd>" in html
    assert html.index('<table class="import-preview">') < html.index("Confirm import")
    assert not INLINE_SCRIPT.search(html)
    assert Session.objects.count() == 0
    done = confirm(admin_client, preview)
    assert done.status_code == 302
    assert done["Location"] == f"/admin/seminar/session/?series__id__exact={series.pk}"
    assert shown_messages(done) == ["Calendar imported: 3 new, 0 changed, 0 unchanged."]
    sessions = list(Session.objects.order_by("start"))
    assert [(s.number, s.uid, s.series_id) for s in sessions] == [
        (1, "talk-1@old.example", series.pk),
        (2, "talk-2@old.example", series.pk),
        (3, "talk-3@old.example", series.pk),
    ]
    for session in sessions:
        version = Version.objects.get_for_object(session).get()
        assert version.revision.user == boss
        assert version.revision.comment == "Imported from the calendar sample.ics."


def test_preview_of_a_reimport_shows_changes_before_and_after(admin_client, series):
    import_calendar(SAMPLE.read_bytes(), series)
    moved = after_sample(
        vevent("DTSTART:20230801T130000Z", uid="talk-4@old.example", summary="New talk")
    ).replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
    preview = upload(admin_client, series, moved)
    html = preview.content.decode()
    assert "1 new, 1 changed, 2 unchanged." in html
    assert statuses(preview) == ["Changed", "Unchanged", "Unchanged", "New"]
    assert "<dt>Location</dt>\n            <dd><del>Room 1</del> → <ins>Room 9</ins></dd>" in html
    assert "<td>#4 New talk</td>" in html
    before = snapshot()
    confirm(admin_client, preview)
    assert Session.objects.get(uid="talk-1@old.example").location == "Room 9"
    assert Session.objects.get(uid="talk-4@old.example").number == 4
    assert len(snapshot()) == len(before) + 1
    versions = Version.objects.get_for_object(Session.objects.get(uid="talk-1@old.example"))
    assert versions.count() == 2  # the first import's, then this one's


def test_a_preview_is_confirmed_once(admin_client, series):
    preview = upload(admin_client, series, SAMPLE.read_bytes())
    admin_client.get(confirm(admin_client, preview)["Location"])  # shows its message
    before = snapshot()
    again = confirm(admin_client, preview)
    assert again.status_code == 302 and again["Location"] == IMPORT
    assert shown_messages(again) == [
        "This preview was imported already, or it has expired (a preview waits 24 hours), so "
        "nothing more was imported. To import the calendar, upload it again."
    ]
    assert snapshot() == before
    assert all(Version.objects.get_for_object(s).count() == 1 for s in Session.objects.all())


def test_another_users_confirmation_is_refused(admin_client, series, client, django_user_model):
    preview = upload(admin_client, series, SAMPLE.read_bytes())
    other = django_user_model.objects.create_superuser("other", "o@x.example", "pw")
    client.force_login(other)
    refused = confirm(client, preview)
    assert refused["Location"] == IMPORT
    assert shown_messages(refused) == [
        "This confirmation does not belong to a preview shown to you, so nothing was "
        "imported. Upload the calendar again."
    ]
    assert Session.objects.count() == 0
    client.force_login(django_user_model.objects.get(username="boss"))
    assert confirm(client, preview)["Location"].startswith("/admin/seminar/session/?")
    assert Session.objects.count() == 3


def test_a_changed_series_or_a_sheet_confirmation_is_refused(admin_client, series):
    preview = upload(admin_client, series, SAMPLE.read_bytes())
    other = SeriesFactory()
    changed = {**preview.context["confirm_form"].initial, "series": other.pk}
    assert shown_messages(admin_client.post(CONFIRM, changed))[0].startswith(
        "This confirmation does not belong to a preview shown to you"
    )
    sheet = {**preview.context["confirm_form"].initial, "format": "csv"}
    sheet_done = admin_client.post("/admin/seminar/session/process_import/", sheet)
    assert "does not belong to a preview" in shown_messages(sheet_done)[0]
    assert Session.objects.count() == 0


def test_import_needs_add_and_change_permission(client, django_user_model, series):
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="seminar", codename__in=["view_session", "change_session"]
        )
    )
    client.force_login(clerk)
    assert "Import calendar" not in client.get("/admin/seminar/session/").content.decode()
    assert client.get(IMPORT).status_code == 403
    assert upload(client, series, SAMPLE.read_bytes()).status_code == 403
    assert client.post(CONFIRM, {}).status_code == 403
    assert Session.objects.count() == 0


ALL_DAY = b"DTSTART;VALUE=DATE:20230718"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Title,Start\r\nA talk,2024-03-05 15:00\r\n",
         "The file is not a valid iCalendar file (Content line could not be parsed into parts: "
         "'Title,Start': Title,Start)."),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n",
         "The file does not start with BEGIN:VCALENDAR."),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
         "The file holds no events (VEVENT)."),
        (one_event("DTSTART:20240305T150000Z", "RRULE:FREQ=WEEKLY;COUNT=10"),
         "Event 1: “Odd talk” (odd@old.example) repeats (RRULE); a session is one talk, so it "
         "is not imported as several. Export the occurrences as single events (each with its "
         "own UID), or create the sessions in the admin."),
        (one_event("DTSTART;TZID=Europe/Berlin:20240331T023000"),
         "Event 1: “Odd talk” (odd@old.example): DTSTART 2024-03-31 02:30 does not exist in "
         "Europe/Berlin: the clocks skip that time when they change for daylight saving. "
         "Correct the time in the calendar."),
        (SAMPLE.read_bytes().replace(b"DTSTART:20230718T150000", ALL_DAY),
         "Event 3: “Cancelled talk” (talk-3@old.example) is an all-day event; sessions need a "
         "start time."),
    ],
    ids=["a-sheet", "a-contact", "no-events", "recurring", "clock-change", "all-day"],
)  # fmt: skip
def test_a_refused_calendar_shows_the_reason_and_keeps_the_choices(
    admin_client, series, data, reason
):
    SeriesFactory()
    response = upload(admin_client, series, data, fresh=True)
    assert response.status_code == 200
    assert errors(response) == [reason]
    assert f'id="id_import_file_error"><li>{escape(reason)}</li></ul>' in response.content.decode()
    form = response.context["form"]
    assert (form["series"].value(), form["fresh"].value()) == (str(series.pk), True)
    assert "confirm_form" not in response.context
    assert Session.objects.count() == 0


def test_too_large_a_calendar_is_refused_before_it_is_read(admin_client, series):
    with override_settings(SPREADSHEET_IMPORT_MAX_BYTES=1024 * 1024):
        response = upload(admin_client, series, SAMPLE.read_bytes() + b" " * 1024 * 1024)
    assert errors(response) == [
        "The file is 1.0 MB; an import takes at most 1 MB (setting SPREADSHEET_IMPORT_MAX_MB). "
        "Split it into several files."
    ]
    with override_settings(SPREADSHEET_IMPORT_MAX_ROWS=2):
        response = upload(admin_client, series, SAMPLE.read_bytes())
    assert errors(response) == [
        "The file has 3 events; an import takes at most 2 (setting SPREADSHEET_IMPORT_MAX_ROWS). "
        "Split it into several files."
    ]
    assert Session.objects.count() == 0


def test_uids_of_another_series_refuse_the_file_event_by_event(admin_client, series):
    theirs = SessionFactory(uid="talk-2@old.example", title="Their talk", number=7)
    response = upload(admin_client, series, SAMPLE.read_bytes())
    assert statuses(response) == ["New", "Refused", "New"]
    message = (
        f"UID talk-2@old.example belongs to #7 “Their talk” in the series “{theirs.series}” "
        f"({theirs.series.slug}), not to “ML seminar”."
    )
    assert response.context["plan"].rows[1].problems() == [("UID", message)]
    assert errors(response) == [
        "1 of the file's 3 events are refused (listed above, each with its reasons), so "
        "nothing was imported. Correct them in the calendar and upload it again."
    ]
    assert "Confirm import" not in response.content.decode()
    assert Session.objects.count() == 1


def test_fresh_refuses_a_file_that_does_not_hold_the_whole_series(admin_client, series):
    SessionFactory(series=series, uid="elsewhere@old.example")
    response = upload(admin_client, series, SAMPLE.read_bytes(), fresh=True)
    assert errors(response) == [
        "“ML seminar” already has 1 session(s) this file does not list; renumbering would "
        "change their addresses. Import without the fresh option."
    ]


def test_a_windows_calendar_says_how_it_was_read(admin_client, series):
    data = one_event("DTSTART:20240305T150000Z", summary="Café talk").replace("é".encode(), b"\xe9")
    preview = upload(admin_client, series, data)
    assert "The file is not UTF-8; it was read as cp1252." in preview.content.decode()
    done = confirm(admin_client, preview)
    assert "The file is not UTF-8; it was read as cp1252." in shown_messages(done)
    assert Session.objects.get().title == "Café talk"


def test_data_changed_since_the_preview_is_refused_on_confirm(admin_client, series):
    preview = upload(admin_client, series, SAMPLE.read_bytes())
    SessionFactory(uid="talk-1@old.example")  # another series takes the UID meanwhile
    done = confirm(admin_client, preview)
    assert done["Location"] == IMPORT
    assert shown_messages(done)[0].startswith(
        "The site's data changed since the preview, and the calendar no longer imports "
        "cleanly, so nothing was imported: UID talk-1@old.example belongs to"
    )
    assert Session.objects.count() == 1


def test_a_preview_outdated_by_another_import_is_refused_on_confirm(admin_client, series):
    mine = upload(admin_client, series, one_event("DTSTART:20240305T150000Z", summary="Mine"))
    theirs = upload(admin_client, series, one_event("DTSTART:20240305T150000Z", summary="Theirs"))
    assert confirm(admin_client, theirs)["Location"].startswith("/admin/seminar/session/?")
    done = confirm(admin_client, mine)
    assert done["Location"] == IMPORT
    assert shown_messages(done)[-1] == (
        "The site's data changed since the preview; nothing was imported. Upload the file "
        "again to see the new preview."
    )
    assert Session.objects.get().title == "Theirs"


@override_settings(IMPORT_MAX_SECONDS=0)
def test_the_time_budget_stops_the_preview(admin_client, series):
    response = upload(admin_client, series, SAMPLE.read_bytes())
    assert errors(response)[0].startswith("Reading and checking this file took longer than 0")
    assert Session.objects.count() == 0


@pytest.mark.parametrize("count", [2, 20])
def test_preview_queries_do_not_grow_with_the_events(
    admin_client, series, count, django_assert_num_queries
):
    # Half the events are stored already (with speakers), half are new.
    import_calendar(events(count // 2), series)
    data = events(count)
    with django_assert_num_queries(QUERIES):
        response = upload(admin_client, series, data)
    assert response.context["plan"].counts == {
        "new": count // 2, "changed": 0, "unchanged": count // 2, "refused": 0
    }  # fmt: skip


QUERIES = 15  # session, user, series, 4 to match, numbers; the page's own
