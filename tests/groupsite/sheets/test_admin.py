"""The admin's sheet import and export (groupsite/sheets/admin.py), through the members'
sheet: upload → preview of the plan → confirm, the format detected from the file, the
preview's labels and layout, export and samples."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from reversion.models import Version

from groupsite.sheets.files import read_sheet
from people.models import Member
from tests import sheets
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
GOOD = "slug,name,role,display_order\nada,Ada Lovelace,phd,3\nzoe,Zoë Ångström,postdoc,\n"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<[^>]+\son[a-z]+=|\sstyle=", re.IGNORECASE)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.example", "pw"))
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class Outline(HTMLParser):
    """The order of the preview's table rows and the confirm button, and the preview
    table's header cells."""

    def __init__(self):
        super().__init__()
        self.events, self.in_th, self.headers, self.in_preview = [], False, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.in_preview = attrs.get("class") == "import-preview"
        if tag == "tr" and attrs.get("class") in ("new", "changed", "unchanged"):
            self.events.append("row")
        if tag == "input" and attrs.get("name") == "confirm":
            self.events.append("confirm")
        self.in_th = tag == "th"

    def handle_data(self, data):
        if self.in_th and self.in_preview and data.strip():
            self.headers.append(data.strip())

    def handle_endtag(self, tag):
        self.in_th = False if tag == "th" else self.in_th


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_a_csv_is_read_without_choosing_its_format(admin_client, previews):
    preview = sheets.upload(admin_client, Member, GOOD, name="people.csv", format="")
    assert "2 new, 0 changed, 0 unchanged." in preview.content.decode(), sheets.page_errors(preview)
    assert preview.context["file_format"] == "csv"


def test_the_preview_shows_labels_not_column_names_and_confirm_comes_after_the_rows(
    admin_client, previews
):
    MemberFactory(slug="ada", name="Ada", role="phd", display_order=0)
    html = sheets.upload(admin_client, Member, GOOD).content.decode()
    page = outline(html)
    assert page.events == ["row", "row", "confirm"]
    start = html.index('<table class="import-preview">')
    table = html[start : html.index("</table>", start)]
    assert "Display order" in table and "display_order" not in table
    assert "Name" in table and "Ada Lovelace" in table
    assert page.headers == ["Row", "Import", "Member", "What changes"]
    assert not INLINE.search(html)


def test_the_preview_table_fits_inside_the_page(admin_client, previews):
    """A long cell wraps in a fixed-layout table, inside a box that scrolls by itself."""
    long = "A" * 3000
    html = sheets.upload(admin_client, Member, f"slug,name,bio\nada,Ada,{long}\n")
    html = html.content.decode()
    assert re.search(r'<div class="sheet-table">\s*<table class="import-preview">', html)
    from django.conf import settings

    rules = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text(encoding="utf-8")
    assert ".sheet-table { max-width: 100%; overflow-x: auto; }" in rules
    assert "table-layout: fixed" in rules and "overflow-wrap: anywhere" in rules


def test_confirm_writes_once_with_history_and_a_message(admin_client, previews):
    preview = sheets.upload(admin_client, Member, GOOD)
    done = sheets.confirm(admin_client, Member, preview)
    assert done.status_code == 302 and done["Location"] == "/admin/people/member/"
    assert messages_of(done) == ["Import finished: 2 new, 0 changed, 0 unchanged."]
    ada = Member.objects.get(slug="ada")
    assert ada.display_order == 3
    version = Version.objects.get_for_object(ada).get()
    assert version.revision.user.username == "boss"
    assert version.revision.comment == "Imported from the spreadsheet sheet.csv."
    again = sheets.confirm(admin_client, Member, preview)
    assert again["Location"] == "/admin/people/member/import/"
    assert "was imported already" in messages_of(again)[-1]
    assert Member.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [{"format": "7"}, {"import_file_name": "../../etc/passwd"}, {"signature": "forged"},
     {"original_file_name": "other.csv"}],
)  # fmt: skip
def test_a_tampered_confirm_is_refused(admin_client, previews, change):
    confirm = sheets.upload(admin_client, Member, GOOD).context["confirm_form"].initial
    response = admin_client.post(sheets.admin_url(Member, "process_import"), {**confirm, **change})
    assert "does not belong to a preview shown to you" in messages_of(response)[0]
    assert Member.objects.count() == 0


def test_a_refused_file_lists_every_reason_by_label_and_keeps_no_file(admin_client, previews):
    response = sheets.upload(admin_client, Member, "slug,name,role\nx,X,astronaut\nx,Y,phd\n")
    html = response.content.decode()
    assert "Some rows are invalid; nothing was saved" in html
    assert re.findall(r'<tr class="invalid-row"><td>(\d+)</td><td>([^<]*)</td>', html) == [
        ("2", "Role"),
        ("3", ""),
    ]
    assert "Confirm import" not in html
    assert sheets.page_errors(response).endswith(
        "Row 3 repeats x from row 2; each may appear once."
    )
    assert not previews.exists() or list(previews.iterdir()) == []


def test_data_changed_since_the_preview_writes_nothing(admin_client, previews):
    from datetime import date

    MemberFactory(slug="ada", name="Ada", start_date=date(2019, 1, 1), end_date=None)
    preview = sheets.upload(admin_client, Member, "slug,name,end_date\nada,Ada L.,2020-01-01\n")
    Member.objects.update(start_date=date(2021, 1, 1))  # now the end is before the start
    done = sheets.confirm(admin_client, Member, preview)
    assert done["Location"] == "/admin/people/member/import/"
    assert "changed since the preview" in messages_of(done)[0]
    assert Member.objects.get().name == "Ada"


def test_export_writes_the_chosen_columns_in_the_chosen_format(admin_client):
    MemberFactory(slug="ada", name="=Ada")
    data = sheets.admin_export(admin_client, Member, "csv", columns=["name", "slug"])
    table = read_sheet(data, "csv")
    assert table.headers == ["slug", "name"]
    assert data.decode().splitlines()[1] == "ada,'=Ada"  # formula-safe
    assert table.rows == [["ada", "=Ada"]]


def test_export_page_has_labels_and_no_inline_script_or_style(admin_client):
    html = admin_client.get(sheets.admin_url(Member, "export")).content.decode()
    assert "ORCID iD (orcid)" in html and "select-all-toggle" in html
    assert not INLINE.search(html)
    refused = admin_client.post(sheets.admin_url(Member, "export"), {"format": "csv"})
    assert "Tick at least one column to export." in refused.content.decode()


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_sample_sheets_read_back_as_one_new_member(admin_client, extension):
    from people.sheets import MemberSheet

    response = admin_client.get(sheets.admin_url(Member, "import") + f"sample.{extension}")
    assert response["Content-Disposition"] == f'attachment; filename="members-sample.{extension}"'
    plan = MemberSheet().plan(read_sheet(response.content, extension))
    assert [row.status for row in plan.rows] == ["new"], plan.refusals()
    assert admin_client.get(sheets.admin_url(Member, "import") + "sample.ods").status_code == 404


def test_the_change_list_links_import_and_export(admin_client):
    html = admin_client.get("/admin/people/member/").content.decode()
    assert 'href="/admin/people/member/import/"' in html
    assert 'href="/admin/people/member/export/"' in html


@pytest.mark.parametrize(
    ("codenames", "status"), [(["view_member"], 403), (["add_member", "change_member"], 200)]
)
def test_importing_needs_add_and_change(client, django_user_model, codenames, status):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(sheets.admin_url(Member, "import")).status_code == status


def test_the_export_link_keeps_the_change_lists_filters(admin_client):
    MemberFactory(slug="ada", role="phd")
    MemberFactory(slug="zoe", role="postdoc")
    html = admin_client.get("/admin/people/member/?role__exact=phd").content.decode()
    assert 'href="/admin/people/member/export/?role__exact=phd"' in html
    response = admin_client.post(
        "/admin/people/member/export/?role__exact=phd", {"format": "csv", "columns": ["slug"]}
    )
    assert read_sheet(response.content, "csv").rows == [["ada"]]
