import re

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from groupsite.sheets.files import read_sheet
from people.models import Member
from seminar.models import Session, Speaker
from seminar.session_sheet import SessionSheet
from seminar.speakers.models import SpeakerInvitation
from tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db
IMPORT = "/admin/seminar/session/import/"
# A <script> without src, or an on…= event handler attribute: both break the admin's CSP.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<[^>]+\son[a-z]+=", re.IGNORECASE)

# No recording: a sheet never grants consent (tests/seminar/test_session_sheet.py).
GOOD = (
    "series,title,start,speakers,recording\n"
    "ml,Oldest talk,2023-01-10 15:00,Jörg Müller (Universität Hamburg),\n"
    "ml,Newer talk,2024-01-09 15:00,Zoë Ångström (KTH),\n"
)
BAD = (
    "series,title,start,recording\n"
    "ml,Fine,2024-03-05 15:00,\n"
    "ml,Bad date,2024-13-01 15:00,\n"
    "ml,Bad link,2024-03-12 15:00,https://vimeo.com/1\n"
    "ml,Same slot,2024-03-05 15:00,\n"
)


def upload(client, content: str, url=IMPORT, name="programme.csv"):
    file = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    return client.post(url, {"import_file": file})


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def test_import_page_offers_samples_and_runs_no_inline_script(admin_client):
    response = admin_client.get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for extension in ("csv", "xlsx", "json"):
        assert f'href="/admin/seminar/session/import/sample.{extension}"' in html
    assert not INLINE_SCRIPT.search(html)
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)[1]
    assert "unsafe-inline" not in script_src


def test_preview_writes_nothing_and_confirm_writes_everything(admin_client):
    SeriesFactory(slug="ml")
    preview = upload(admin_client, GOOD)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert re.findall(r'<td class="import-type">\s*(\w+)', html) == ["New", "New"]
    assert "2 new, 0 changed, 0 unchanged." in html
    assert "Confirm import" in html
    assert not INLINE_SCRIPT.search(html)
    assert Session.objects.count() == 0
    confirm = preview.context["confirm_form"].initial
    done = admin_client.post("/admin/seminar/session/process_import/", confirm)
    assert done.status_code == 302
    oldest, newer = Session.objects.order_by("start")
    assert (oldest.number, newer.number) == (1, 2)
    assert oldest.youtube_video == ""
    assert Version.objects.get_for_object(oldest).get().revision.user.username == "boss"


def test_invalid_file_lists_every_row_and_offers_no_confirm(admin_client):
    SeriesFactory(slug="ml")
    response = upload(admin_client, BAD)
    html = response.content.decode()
    assert "Confirm import" not in html
    rows = re.findall(r'<tr class="invalid-row"><td>(\d+)</td><td>([^<]*)</td>', html)
    assert rows == [("3", "Start"), ("4", "Recording (YouTube)"), ("5", "")]
    assert "repeats ml / 2024-03-05 15:00 from row 2" in html
    assert Session.objects.count() == 0


def test_sample_sheet_has_every_column_and_an_example_row_that_imports(admin_client):
    response = admin_client.get("/admin/seminar/session/import/sample.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sessions-sample.xlsx"'
    table = read_sheet(response.content, "xlsx")
    assert table.headers == SessionSheet().column_names()
    assert table.dicts()[0]["series"] == "example-seminar"  # no series yet: the placeholder
    SeriesFactory(slug="ml-seminar", name="ML seminar")
    SeriesFactory(slug="reading-group", name="Reading group")
    # On a site with series, the sample names the first, so it imports as it is.
    response = admin_client.get("/admin/seminar/session/import/sample.xlsx")
    table = read_sheet(response.content, "xlsx")
    assert table.dicts()[0]["series"] == "ml-seminar"
    plan = SessionSheet().plan(table)
    assert not plan.refused, plan.refusals()
    SessionSheet().apply(plan)
    assert Session.objects.get().speakers.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/admin/seminar/series/import/sample.csv",
        "/admin/people/member/import/sample.csv",
        "/admin/people/position/import/sample.json",
    ],
)
def test_every_content_model_has_a_sample(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"slug" in response.content


def test_unknown_sample_format_is_404(admin_client):
    assert admin_client.get("/admin/seminar/session/import/sample.exe").status_code == 404


def test_editor_may_import_content_but_not_users(editor_client):
    SeriesFactory(slug="ml")
    for model in ("seminar/session", "seminar/series", "people/member", "people/position"):
        assert editor_client.get(f"/admin/{model}/import/").status_code == 200
    preview = upload(editor_client, GOOD)
    editor_client.post(
        "/admin/seminar/session/process_import/", preview.context["confirm_form"].initial
    )
    assert Session.objects.count() == 2
    members = "slug,name,role\nada,Ada Lovelace,postdoc\n"
    preview = upload(editor_client, members, url="/admin/people/member/import/")
    editor_client.post(
        "/admin/people/member/process_import/", preview.context["confirm_form"].initial
    )
    assert Member.objects.get().name == "Ada Lovelace"
    # Users and groups have no import at all, and their admin is closed to editors.
    assert editor_client.get("/admin/auth/user/import/", follow=True).status_code == 403
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_staff_who_may_only_view_cannot_import(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_session", content_type__app_label="seminar")
    )
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403
    assert client.get("/admin/seminar/session/import/sample.csv").status_code == 403
    assert client.post("/admin/seminar/session/process_import/", {}).status_code == 403
    export_page = client.get("/admin/seminar/session/export/")
    assert export_page.status_code == 200
    assert not INLINE_SCRIPT.search(export_page.content.decode())


def test_export_respects_the_change_list_filters(rf, django_user_model):
    kept, other = SeriesFactory(), SeriesFactory()
    SessionFactory(series=kept, title="Kept")
    SessionFactory(series=other, title="Filtered out")
    request = rf.get("/admin/seminar/session/export/", {"series__id__exact": kept.pk})
    request.user = django_user_model.objects.create_superuser("boss", "b@x.example", "pw")
    admin = site._registry[Session]
    _headers, rows = SessionSheet().export(admin.get_export_queryset(request), ["title"])
    assert rows == [["Kept"]]


def test_reimport_preview_says_unchanged_and_changed(admin_client):
    SeriesFactory(slug="ml")
    preview = upload(admin_client, GOOD)
    admin_client.post(
        "/admin/seminar/session/process_import/", preview.context["confirm_form"].initial
    )
    changed = GOOD.replace("Zoë Ångström (KTH)", "Zoë Ångström (KTH Stockholm)")
    html = upload(admin_client, changed).content.decode()
    assert re.findall(r'<td class="import-type">\s*(\w+)', html) == ["Unchanged", "Changed"]
    assert "0 new, 1 changed, 1 unchanged." in html


def test_preview_refuses_a_row_renaming_a_speaker_who_answered_with_the_reason(admin_client):
    SeriesFactory(slug="ml")
    preview = upload(admin_client, GOOD)
    admin_client.post(
        "/admin/seminar/session/process_import/", preview.context["confirm_form"].initial
    )
    newer = Session.objects.get(title="Newer talk")
    zoe = newer.speakers.get()
    Speaker.objects.filter(pk=zoe.pk).update(livestream_consent=False)
    SpeakerInvitation.objects.create(
        speaker=zoe, email="zoe@example.org", nonce="n", invited_at=newer.start
    )

    renamed = GOOD.replace("Zoë Ångström (KTH)", "Zoë Ångström-Berg (KTH)")
    html = upload(admin_client, renamed).content.decode()

    assert "Confirm import" not in html
    assert re.findall(r'<tr class="invalid-row"><td>(\d+)</td><td>([^<]*)</td>', html) == [
        ("3", "Speakers")
    ]
    assert (
        "“Zoë Ångström” (KTH) answered through their link, and the file no longer names "
        "them (by name, member or ORCID iD). Rename them on the session in the admin so the "
        "names match, or remove them there first; nothing was imported."
    ) in html
    assert list(newer.speakers.values_list("name", flat=True)) == ["Zoë Ångström"]


def test_semicolon_separated_csv_from_german_excel_is_read(admin_client):
    SeriesFactory(slug="ml")
    german = (
        "series;title;start;speakers\n"
        "ml;Über Wellen, kurz;05.03.2024 15:00;Jörg Müller (Universität Hamburg)\n"
    )
    preview = upload(admin_client, "\ufeff" + german)
    assert "1 new, 0 changed, 0 unchanged." in preview.content.decode()
