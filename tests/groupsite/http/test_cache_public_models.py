"""Which saves invalidate the page cache: rows visitors see do, private workflow rows
never do (PAGE_CACHE_PUBLIC_MODELS)."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone
from reversion.models import Revision

from groupsite.site.models import PartnerLogo
from seminar.speakers import services as speaker_services
from tests import factories
from tests.factories import image_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

#: Models of CONTENT_APPS that visitors never see.
PRIVATE_CONTENT_MODELS = {
    "seminar.SpeakerInvitation", "seminar.SpeakerSubmission",
    # Which rows load_demo_content made: bookkeeping for remove_demo_content, never shown.
    "pages.DemoRecord", "pages.DemoFile", "pages.DemoRemoval",
}  # fmt: skip


@pytest.fixture
def warm(client, site_settings):
    """Two pages kept for anonymous visitors; ``still_warm()`` says whether both are hits."""
    for url in ("/people/", "/api/v1/sessions"):
        assert client.get(url)["X-Page-Cache"] == "miss"

    def still_warm() -> bool:
        return all(
            client.get(url)["X-Page-Cache"] == "hit" for url in ("/people/", "/api/v1/sessions")
        )

    assert still_warm()
    return still_warm


def test_every_content_model_is_public_or_private_on_purpose():
    content = {
        model._meta.label
        for app in settings.CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
    }
    assert content == set(settings.PAGE_CACHE_PUBLIC_MODELS) | PRIVATE_CONTENT_MODELS
    assert not set(settings.PAGE_CACHE_PUBLIC_MODELS) & PRIVATE_CONTENT_MODELS


ANSWERS = {"title": "New title", "abstract": "New *abstract*.", "name": "Ada King"}


def a_staff_user_joins_a_group(speaker):
    user = User.objects.create_user("someone")
    user.groups.add(Group.objects.create(name="Editors of nothing"))


def a_lockout_record(speaker):
    AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="", failures_since_start=1,
        get_data="", post_data="", http_accept="", path_info="/admin/login/",
    )  # fmt: skip


PRIVATE_WRITES = {
    "speaker invitation": speaker_services.invite,
    "speaker submission": lambda speaker: speaker_services.submit(
        speaker_services.invite(speaker), dict(ANSWERS)
    ),
    "revoked invitation": lambda speaker: speaker_services.revoke(speaker_services.invite(speaker)),
    "login lockout record": a_lockout_record,
    "history entry": lambda speaker: Revision.objects.create(
        comment="edited", date_created=timezone.now()
    ),
    "group membership": a_staff_user_joins_a_group,
}


@pytest.mark.parametrize("write", PRIVATE_WRITES.values(), ids=PRIVATE_WRITES.keys())
def test_private_rows_leave_the_cache_warm(warm, write, django_capture_on_commit_callbacks):
    # Made outside the commit callbacks, as a visitor-facing row saved earlier would be.
    speaker = factories.SpeakerFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        write(speaker)
    assert warm()


def test_a_speaker_preview_leaves_the_cache_warm(client, warm, django_capture_on_commit_callbacks):
    invitation = speaker_services.invite(factories.SpeakerFactory(email="ada@example.org"))
    token = speaker_services.link_token(invitation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/seminar/speakers/{token}/preview/", {"content": "Some *words*"})
    assert response.status_code == 200
    assert warm()


def partner_logo():
    return PartnerLogo.objects.create(
        site_settings=factories.SiteSettingsFactory(), name="Partner", logo=image_upload()
    )


PUBLIC_WRITES = {
    "site.SiteSettings": factories.SiteSettingsFactory,
    "site.PartnerLogo": partner_logo,
    "pages.Page": factories.PageFactory,
    "pages.LandingSection": factories.LandingSectionFactory,
    "people.Member": factories.MemberFactory,
    "people.Position": factories.PositionFactory,
    "publications.Publication": factories.PublicationFactory,
    "publications.Authorship": factories.AuthorshipFactory,
    "seminar.Series": factories.SeriesFactory,
    "seminar.Session": factories.SessionFactory,
    "seminar.Speaker": factories.SpeakerFactory,
    "seminar.Reference": factories.ReferenceFactory,
    "news.NewsItem": factories.NewsItemFactory,
}


def test_every_public_model_is_tested():
    assert set(PUBLIC_WRITES) == set(settings.PAGE_CACHE_PUBLIC_MODELS)


@pytest.mark.parametrize("label", PUBLIC_WRITES)
def test_saving_or_deleting_a_public_row_invalidates(
    client, site_settings, label, django_capture_on_commit_callbacks
):
    row = PUBLIC_WRITES[label]()
    for change in ("save", "delete"):
        client.get("/people/")
        assert client.get("/people/")["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            getattr(row, change)()
        assert client.get("/people/")["X-Page-Cache"] == "miss", change


def test_linking_news_to_a_member_invalidates(
    client, site_settings, django_capture_on_commit_callbacks
):
    item, member = factories.NewsItemFactory(), factories.MemberFactory()
    client.get("/people/")
    assert client.get("/people/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        item.members.add(member)
    assert client.get("/people/")["X-Page-Cache"] == "miss"
