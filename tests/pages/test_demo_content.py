"""Demo content only where it belongs, and a way to take exactly it away again."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Revision, Version

from groupsite.media import renditions
from groupsite.site.models import SiteSettings
from news.models import NewsItem
from pages.management.commands.load_demo_content import LOADED, NOT_ALLOWED
from pages.models import DemoRecord, Page
from people.models import Member
from publications.models import Authorship, Publication
from seminar.models import Series, Session
from tests.factories import (
    AuthorshipFactory,
    MemberFactory,
    NewsItemFactory,
    PageFactory,
    PublicationFactory,
    SessionFactory,
    SpeakerFactory,
    image_upload,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.forget_known()
    yield
    renditions.forget_known()


def stored_files(folder="") -> set[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return set()
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for sub in folders:
        found |= stored_files(f"{folder}/{sub}".lstrip("/"))
    return found


def load(capsys=None, **options) -> str:
    call_command("load_demo_content", **options)
    return capsys.readouterr().out if capsys else ""


def remove(capsys) -> str:
    call_command("remove_demo_content")
    return capsys.readouterr().out


def row_counts() -> dict[str, int]:
    models = (Member, Page, Session, Series, Publication, Authorship, NewsItem, Version, Revision)
    return {model.__name__: model.objects.count() for model in models}


def test_production_settings_never_load_demo_content_into_an_empty_site(settings, capsys):
    settings.DEMO_CONTENT_ALLOWED = False
    out = load(capsys, if_empty=True, development_only=True)
    assert out == NOT_ALLOWED + "\n"
    assert set(row_counts().values()) == {0}
    assert not SiteSettings.objects.exists()


def test_development_settings_load_demo_content_into_an_empty_site(settings, media, capsys):
    settings.DEMO_CONTENT_ALLOWED = True
    out = load(capsys, if_empty=True, development_only=True)
    assert out == LOADED + "\n"  # one line, naming the way out
    assert "remove_demo_content" in out
    assert Member.objects.count() == 11
    assert DemoRecord.objects.filter(model="people.member").count() == 11


def test_an_explicit_load_under_production_settings_is_refused(settings):
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded into production"):
        call_command("load_demo_content")
    assert Member.objects.count() == 0


def make_staff_content(demo_member):
    """What staff make after the demo: each kind of row, with files, some pointing at demo
    rows (an author, a news item's member) that removal must detach, not delete."""
    member = MemberFactory(name="Staff Person", slug="staff-person", photo=image_upload("me.png"))
    page = PageFactory(title="Staff page", slug="staff-page")
    session = SessionFactory(
        title="Staff talk", series=Series.objects.create(name="Ours", slug="ours")
    )
    session.slides.save("staff-slides.pdf", pdf_upload())
    paper = PublicationFactory(title="Staff paper", slug="staff-paper")
    authorship = AuthorshipFactory(publication=paper, member=demo_member)
    news = NewsItemFactory(title="Staff news", slug="staff-news", image=image_upload("n.png"),
                           image_alt="A picture")  # fmt: skip
    news.members.set([demo_member, member])
    # Renditions of a staff image, as its page makes them.
    renditions.picture(member.photo.name, "portrait", member.photo_focus)
    return member, page, session, paper, authorship, news


def test_remove_takes_every_demo_row_and_file_and_leaves_staff_content(media, capsys):
    load()
    demo_member = Member.objects.get(slug="david-greenberg")
    for member in Member.objects.all():  # pages make renditions of demo photos too
        renditions.picture(member.photo.name, "portrait", member.photo_focus)
    demo_files = stored_files()
    assert any(name.startswith("renditions/") for name in demo_files)
    staff = make_staff_content(demo_member)
    staff_files = stored_files() - demo_files
    assert len(staff_files) == 3 + 4  # photo, slides, news image; 4 photo renditions

    out = remove(capsys)

    member, page, session, paper, authorship, news = staff
    assert stored_files() == staff_files
    assert list(Member.objects.all()) == [member]
    assert list(Page.objects.all()) == [page]
    assert list(Session.objects.all()) == [session]
    assert list(Series.objects.all()) == [session.series]
    assert list(Publication.objects.all()) == [paper]
    assert list(NewsItem.objects.all()) == [news]
    assert list(news.members.all()) == [member]
    authorship.refresh_from_db()
    assert authorship.member is None
    assert (Version.objects.count(), Revision.objects.count()) == (0, 0)
    assert not DemoRecord.objects.exists()
    site = SiteSettings.objects.get()
    assert (site.group_name, site.share_image.name) == ("Research group", "")
    assert f"Detached: authorship “{authorship}” no longer has member" in out
    assert "Detached: news item “Staff news” no longer links to member" in out
    assert "Site settings are back to what they were before the demo." in out


def test_remove_twice_removes_nothing_more_and_the_demo_loads_again(settings, media, capsys):
    load()
    loaded = row_counts()
    remove(capsys)
    emptied = row_counts()
    assert remove(capsys) == "No demo content to remove.\n"
    assert row_counts() == emptied
    # `make run` does not bring back what was removed; asking for it does.
    settings.DEMO_CONTENT_ALLOWED = True
    assert "removed from this site before" in load(capsys, if_empty=True, development_only=True)
    assert row_counts() == emptied
    load()
    assert row_counts() == loaded
    remove(capsys)
    assert row_counts() == emptied
    assert stored_files() == set()


def test_site_settings_edited_by_staff_are_kept(media, capsys):
    load()
    SiteSettings.objects.filter(pk=1).update(tagline="Our own words")
    loaded = SiteSettings.objects.get()
    site_files = {loaded.share_image.name, loaded.logo.name, loaded.hero_image.name}
    out = remove(capsys)
    site = SiteSettings.objects.get()
    assert (site.tagline, site.share_image.name) == ("Our own words", loaded.share_image.name)
    assert {site.logo.name, site.hero_image.name} == {loaded.logo.name, loaded.hero_image.name}
    assert stored_files() == site_files
    assert site_files == {"site/share-card.png", "site/logo.png", "site/lorenz63.png"}
    assert "Site settings were edited since the demo filled them, so they are kept" in out


def test_a_staff_row_that_would_be_deleted_with_a_demo_row_stops_the_removal(media, capsys):
    load()
    before = row_counts()
    files = stored_files()
    demo_session = Session.objects.get(title="Learned parametrisations inside a running model")
    SpeakerFactory(session=demo_session, name="Real Speaker")
    with pytest.raises(CommandError, match="Nothing was removed") as refused:
        call_command("remove_demo_content")
    assert str(refused.value).endswith(
        "\n  - speaker “Real Speaker (Somewhere)”, which belongs to session "
        "“#9 Learned parametrisations inside a running model”"
    )
    assert row_counts() == before
    assert stored_files() == files
    assert DemoRecord.objects.exists()
