import pytest
from django.apps import apps
from django.core.management import call_command

from news.models import NewsItem
from pages.models import LandingSection, SectionContent
from people.models import Member, Position
from publications.models import Authorship, Publication, PublicationType
from seminar.models import Reference, Session

pytestmark = pytest.mark.django_db

CONTENT_APPS = ("site", "pages", "people", "publications", "seminar", "news")


def snapshot():
    rows = {}
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models():
            rows[model.__name__] = sorted(
                tuple(str(value) for value in row)
                for row in model.objects.values_list(
                    *[f.attname for f in model._meta.concrete_fields]
                )
            )
    return rows


def test_load_demo_content_twice_gives_the_same_rows():
    call_command("load_demo_content", verbosity=0)
    first = snapshot()
    call_command("load_demo_content", verbosity=0)
    assert snapshot() == first


def test_demo_content_fills_every_part_of_the_site():
    call_command("load_demo_content", verbosity=0)
    assert Member.objects.current().count() >= 6
    assert Member.objects.alumni().count() >= 3
    assert not Member.objects.filter(photo="").exists()
    assert Position.objects.open().count() == 1
    assert Session.objects.published().past().count() >= 10
    assert Session.objects.published().upcoming().count() == 2
    assert Session.objects.exclude(youtube_video="").count() >= 3
    assert Session.objects.filter(references__isnull=False).distinct().count() >= 3
    assert 20 <= Publication.objects.published().count() <= 30
    assert Publication.objects.filter(kind=PublicationType.PREPRINT,
                                      published_version__isnull=False).count() >= 2  # fmt: skip
    for member in Member.objects.all():
        assert Authorship.objects.filter(member=member).count() >= 2, member
    assert Reference.objects.filter(publication__isnull=False).count() == 1
    assert NewsItem.objects.newest_first().count() >= 4
    assert NewsItem.objects.filter(members__isnull=False).distinct().count() >= 3
    thesis = NewsItem.objects.get(slug="thesis-probabilistic-downscaling")
    assert [p.bibtex_key for p in thesis.publications.all()] == ["schuster2023downscaling"]
    assert NewsItem.objects.exclude(image="").exclude(image_alt="").exists()
    assert LandingSection.objects.published().filter(content=SectionContent.LATEST_NEWS).exists()


def test_load_demo_content_if_empty_leaves_existing_site_alone(capsys):
    Member.objects.create(name="Someone", slug="someone")
    call_command("load_demo_content", if_empty=True)
    assert "already has content" in capsys.readouterr().out
    assert Member.objects.count() == 1


def test_demo_content_has_a_session_in_each_invitation_state_and_slides():
    from seminar.slides import inspect_pdf
    from seminar.speakers.models import InvitationState, SpeakerInvitation

    call_command("load_demo_content", verbosity=0)
    states = set(SpeakerInvitation.objects.values_list("state", flat=True))
    assert states == set(InvitationState.values)
    assert Session.objects.filter(speakers__invitation__isnull=True).exists()  # not invited
    submitted = SpeakerInvitation.objects.get(state=InvitationState.SUBMITTED)
    assert submitted.submission.title != submitted.speaker.session.title  # awaits review
    approved = SpeakerInvitation.objects.get(state=InvitationState.APPROVED).speaker
    # The approved speaker answered themselves; no staff tick stands in for them.
    assert (approved.livestream_consent, approved.recording_consent) == (True, True)
    assert approved.session.recording_consent is False
    assert approved.session.may_publish_recording is True
    asked = SpeakerInvitation.objects.get(state=InvitationState.CHANGES_REQUESTED)
    assert asked.review_message and asked.submission.slides_only
    with_slides = Session.objects.exclude(slides="").get()
    with with_slides.slides.open("rb") as slides:
        assert inspect_pdf(slides) == 2
    recorded = Session.objects.exclude(youtube_video="")
    assert not recorded.filter(recording_consent=False).exists()
