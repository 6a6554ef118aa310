"""Help in the admin: the guides in docs/ rendered for staff (groupsite/admin_help.py)."""

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from groupsite.admin_help import GUIDES, guide_html, markdown_chunks
from groupsite.markdown.limits import MAX_CHARACTERS, markdown_problems

ROOT = Path(__file__).resolve().parent.parent.parent
SITE_CODE = ["groupsite", "people", "publications", "seminar", "news", "pages", "api"]
REPOSITORY_GUIDE = re.compile(r"docs/[\w-]+\.md|README")


@pytest.mark.django_db
def test_staff_read_the_handbook(staff_client):
    response = staff_client.get("/admin/help/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Staff handbook</h1>" in html
    assert (
        '<h2 id="editing-the-site-the-staff-handbook">Editing the site: the staff handbook</h2>'
        in html
    )
    assert '<strong aria-current="page">Staff handbook</strong>' in html
    assert '<a href="/admin/help/organising/">Organising the seminar</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_every_guide_has_its_page(staff_client, guide):
    response = staff_client.get(f"/admin/help/{guide.slug}/")

    assert response.status_code == 200
    assert f"<h1>{guide.title}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_guide_is_not_found(staff_client):
    assert staff_client.get("/admin/help/secrets/").status_code == 404


@pytest.mark.django_db
def test_visitors_are_sent_to_the_login(client):
    response = client.get("/admin/help/organising/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/help/organising/"


@pytest.mark.django_db
def test_users_who_are_not_staff_are_sent_to_the_login(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw", is_staff=False)
    # Even a user who may change sessions is no reader of the staff guides without staff status.
    may_change_sessions = Permission.objects.get(
        codename="change_session", content_type__app_label="seminar"
    )
    user.user_permissions.add(may_change_sessions)
    client.force_login(user)

    response = client.get("/admin/help/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/help/"


@pytest.mark.django_db
def test_every_admin_page_links_to_help(editor_client):
    html = editor_client.get("/admin/").content.decode()

    assert '<div id="user-tools">' in html
    assert '<a href="/admin/help/">Help</a> /' in html


def test_links_between_guides_stay_inside_the_admin():
    html = guide_html(next(guide for guide in GUIDES if guide.slug == "organising"))

    assert '<a href="/admin/help/moving-in/#times" rel="noopener noreferrer">' in html
    assert '<a href="/admin/help/editing/" rel="noopener noreferrer">the staff handbook</a>' in html
    assert not re.search(r'href="[^"]*\.md', html)
    assert '<h3 id="times">Times</h3>' in guide_html(
        next(guide for guide in GUIDES if guide.slug == "moving-in")
    )


def test_a_link_to_a_file_staff_cannot_open_becomes_its_text():
    html = guide_html(next(guide for guide in GUIDES if guide.slug == "editing"))

    assert "(see the API guide)" in html
    assert "api.md" not in html


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_every_guide_renders_as_markdown_not_as_the_plain_text_fallback(guide):
    text = (ROOT / "docs" / guide.filename).read_text(encoding="utf-8")

    assert all(not markdown_problems(chunk) for chunk in markdown_chunks(text))
    assert "<table>" in guide_html(guide) or "<ol>" in guide_html(guide)


def test_a_guide_longer_than_one_text_may_be_renders_in_pieces_at_paragraph_breaks():
    paragraphs = [f"Paragraph {number} " + "word " * 200 for number in range(40)]
    text = "\n\n".join(paragraphs)
    assert markdown_problems(text)

    chunks = markdown_chunks(text)

    assert len(chunks) == 2
    assert all(len(chunk) <= MAX_CHARACTERS and not markdown_problems(chunk) for chunk in chunks)
    assert "\n\n".join(chunks) == text


def _strings_that_are_not_docstrings(path: Path):
    tokens = [
        token
        for token in tokenize.generate_tokens(
            io.StringIO(path.read_text(encoding="utf-8")).readline
        )
        if token.type not in {tokenize.COMMENT, tokenize.NL}
    ]
    for before, token, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        statement_alone = before.type in {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
        if token.type == tokenize.STRING and not (
            statement_alone and after.type == tokenize.NEWLINE
        ):
            yield token.string


def test_no_text_staff_see_points_to_the_repository():
    templates = list((ROOT / "templates").rglob("*.html"))
    in_templates = [
        str(path.relative_to(ROOT))
        for path in templates
        if REPOSITORY_GUIDE.search(
            re.sub(
                r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}",
                "",
                path.read_text(encoding="utf-8"),
                flags=re.S,
            )
        )
    ]
    in_code = [
        (str(path.relative_to(ROOT)), string)
        for folder in SITE_CODE
        for path in (ROOT / folder).rglob("*.py")
        for string in _strings_that_are_not_docstrings(path)
        if REPOSITORY_GUIDE.search(string)
    ]
    assert in_templates == []
    assert in_code == []


@pytest.mark.django_db
def test_the_spreadsheet_import_page_links_to_the_column_guide(editor_client):
    html = editor_client.get("/admin/seminar/session/import/").content.decode()

    link = '<a href="/admin/help/moving-in/#3-from-a-spreadsheet-admin-import">moving-in guide</a>'
    assert link in html
    guide = guide_html(next(guide for guide in GUIDES if guide.slug == "moving-in"))
    assert '<h2 id="3-from-a-spreadsheet-admin-import">' in guide
