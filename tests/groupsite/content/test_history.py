import pytest
import reversion
from reversion.models import Version

from pages.models import Page
from people.models import Member
from publications.models import Publication
from seminar.models import Session, Speaker
from tests.admin_forms import member_form
from tests.factories import (
    MemberFactory,
    PageFactory,
    PublicationFactory,
    SeriesFactory,
    SessionFactory,
    image_upload,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def test_deleted_member_is_recovered_with_photo(admin_client):
    admin_client.post(
        "/admin/people/member/add/", {**member_form(), "photo": image_upload("g.png")}
    )
    member = Member.objects.get(slug="grace-hopper")
    photo = member.photo.name
    admin_client.post(f"/admin/people/member/{member.pk}/delete/", {"post": "yes"})
    assert not Member.objects.exists()
    recover_list = admin_client.get("/admin/people/member/recover/").content.decode()
    assert "Grace Hopper" in recover_list
    version = Version.objects.get_deleted(Member).get()
    admin_client.post(f"/admin/people/member/recover/{version.pk}/", member_form())
    restored = Member.objects.get(slug="grace-hopper")
    assert restored.photo.name == photo
    assert restored.photo.storage.exists(photo)


def test_an_edit_can_be_reverted_from_history(admin_client):
    admin_client.post("/admin/people/member/add/", member_form())
    member = Member.objects.get()
    admin_client.post(
        f"/admin/people/member/{member.pk}/change/", member_form(name="Oops", bio="Typo.")
    )
    assert Member.objects.get().name == "Oops"
    history = admin_client.get(f"/admin/people/member/{member.pk}/history/").content.decode()
    first, _edit = Version.objects.get_for_object(member).order_by("pk")
    assert f"/admin/people/member/{member.pk}/history/{first.pk}/" in history
    # The revert page shows the old version; the editor submits it as shown, unchanged.
    url = f"/admin/people/member/{member.pk}/history/{first.pk}/"
    page = admin_client.get(url).content.decode()
    data = form_data(page, "member_form")
    assert (data["name"], data["bio_en"]) == (["Grace Hopper"], ["Compilers."])
    assert admin_client.post(url, data).status_code == 302
    restored = Member.objects.get()
    assert (restored.name, restored.bio) == ("Grace Hopper", "Compilers.")
    assert Version.objects.get_for_object(member).count() == 3


def resubmit(client, url, form_id, **changes):
    """Open an admin form, change some fields, save it as a browser would."""
    data = form_data(client.get(url).content.decode(), form_id)
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.context and response.context.get("errors")
    return response


def test_editor_can_edit_content(editor_client):
    session = SessionFactory(title="Before")
    member = MemberFactory(name="Before")
    speaker = {"speakers-0-name": "Ada", "speakers-0-affiliation": "Uni"}
    session_url = f"/admin/seminar/session/{session.pk}/change/"
    resubmit(editor_client, session_url, "session_form", title_en="Edited talk", **speaker)
    member_url = f"/admin/people/member/{member.pk}/change/"
    resubmit(editor_client, member_url, "member_form", name="Edited member")
    page = {"title_en": "New page", "slug": "new-page", "body_en": "Hello."}
    resubmit(editor_client, "/admin/pages/page/add/", "page_form", **page)
    session.refresh_from_db()
    assert session.title == "Edited talk"
    assert [speaker.name for speaker in session.speakers.all()] == ["Ada"]
    assert Member.objects.get(pk=member.pk).name == "Edited member"
    assert Page.objects.get(slug="new-page").title == "New page"


def test_editor_cannot_open_user_or_group_admin(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editor_may_read_but_not_change_site_settings(editor_client, site_settings):
    url = f"/admin/site/sitesettings/{site_settings.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert editor_client.post(url, {"group_name": "Hijacked"}).status_code == 403


def test_deleted_session_is_recovered_with_speakers_and_references(admin_client):
    session = SessionFactory(title="Flows")
    url = f"/admin/seminar/session/{session.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "session_form")
    data |= {"speakers-0-name": "Ada", "speakers-0-affiliation": "Uni",
             "references-0-title": "Neural ODEs", "references-0-authors": "Chen et al.",
             "references-0-year": "2018", "references-0-venue": "NeurIPS",
             "references-0-order": "0", "references-TOTAL_FORMS": "1"}  # fmt: skip
    # The reference form is added with the "Add another" button, so the page has none yet.
    assert admin_client.post(url, data).status_code == 302
    assert session.references.count() == 1 and session.speakers.count() == 1
    assert admin_client.post(f"/admin/seminar/session/{session.pk}/delete/", {"post": "yes"})
    assert not Session.objects.exists() and not Speaker.objects.exists()
    version = Version.objects.get_deleted(Session).get()
    recover_url = f"/admin/seminar/session/recover/{version.pk}/"
    page = admin_client.get(recover_url).content.decode()
    assert admin_client.post(recover_url, form_data(page, "session_form")).status_code == 302
    restored = Session.objects.get()
    assert (restored.pk, restored.title, restored.uid) == (session.pk, "Flows", session.uid)
    assert [(s.name, s.affiliation) for s in restored.speakers.all()] == [("Ada", "Uni")]
    assert [(r.title, r.venue) for r in restored.references.all()] == [("Neural ODEs", "NeurIPS")]


def delete_with_history(obj):
    """Saved once under history (as the admin does), then deleted: it can be recovered."""
    with reversion.create_revision():
        obj.save()
    version = Version.objects.get_for_object(obj).get()
    obj.delete()
    return version


def recover_message(client, model_path, version):
    response = client.get(f"/admin/{model_path}/recover/{version.pk}/", follow=True)
    assert response.redirect_chain == [(f"/admin/{model_path}/", 302)]
    return [str(message) for message in response.context["messages"]]


def test_recovering_a_session_whose_number_was_reused_names_the_clash(admin_client):
    series = SeriesFactory(name="ML Seminar")
    version = delete_with_history(SessionFactory(series=series, number=12, title="Old talk"))
    SessionFactory(series=series, number=12, title="New talk")
    assert recover_message(admin_client, "seminar/session", version) == [
        "Cannot recover session “#12 Old talk”: its series and number (ML Seminar, 12) now "
        "belong to session “#12 New talk”. Change them there first (or delete that one), "
        "then recover again."
    ]
    assert list(Session.objects.values_list("title", flat=True)) == ["New talk"]
    assert "Old talk" in admin_client.get("/admin/seminar/session/recover/").content.decode()


@pytest.mark.parametrize(
    ("factory", "model_path", "clash", "expected"),
    [
        (PageFactory, "pages/page", {"slug": "about"},
         "Cannot recover page “Deleted”: its slug (about) now belongs to page “Taken”."),
        (MemberFactory, "people/member", {"slug": "ada"},
         "Cannot recover member “Deleted”: its slug (ada) now belongs to member “Taken”."),
        (PublicationFactory, "publications/publication", {"slug": "flows"},
         "Cannot recover publication “Deleted”: its slug (flows) now belongs to publication "
         "“Taken”."),
        (PublicationFactory, "publications/publication", {"bibtex_key": "ada2020"},
         "Cannot recover publication “Deleted”: its BibTeX key (ada2020) now belongs to "
         "publication “Taken”."),
    ],
)  # fmt: skip
def test_recovering_an_item_whose_unique_value_was_reused_names_the_clash(
    admin_client, factory, model_path, clash, expected
):
    name = "name" if factory is MemberFactory else "title"
    version = delete_with_history(factory(**{name: "Deleted", **clash}))
    taken = factory(**{name: "Taken", **clash})
    assert recover_message(admin_client, model_path, version) == [
        f"{expected} Change it there first (or delete that one), then recover again."
    ]
    assert list(type(taken).objects.all()) == [taken]


def test_reverting_a_page_to_a_slug_another_page_has_now_names_the_clash(admin_client):
    page = PageFactory(title="About", slug="about")
    with reversion.create_revision():
        page.save()
    old = Version.objects.get_for_object(page).get()
    page.slug = "about-us"
    page.save()
    PageFactory(title="About the group", slug="about")
    url = f"/admin/pages/page/{page.pk}/history/{old.pk}/"
    response = admin_client.get(url, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Cannot revert page “About” to this version: its slug (about) now belongs to page "
        "“About the group”. Change it there first (or delete that one), then revert again."
    ]
    page.refresh_from_db()
    assert page.slug == "about-us"


def test_recovering_a_publication_whose_doi_another_paper_has_now_asks_for_another(
    admin_client,
):
    version = delete_with_history(PublicationFactory(title="Deleted", doi="10.5555/x"))
    PublicationFactory(title="Taken", doi="10.5555/X")
    url = f"/admin/publications/publication/recover/{version.pk}/"
    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, form_data(page, "publication_form"))
    assert response.status_code == 200
    assert "The publication “Taken” has this DOI already." in response.content.decode()
    assert list(Publication.objects.values_list("title", flat=True)) == ["Taken"]
