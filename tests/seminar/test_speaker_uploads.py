"""What a speaker link may write to storage: replaced files go, previews write nothing, and
each link has an upload budget (seminar.speakers.services, seminar.speakers.views)."""

import random
from io import BytesIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from groupsite.media import renditions
from seminar.models import Session
from seminar.speakers import services
from seminar.speakers.models import InvitationState, SpeakerSubmission
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory, image_upload, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.forget_known()
    cache.clear()
    yield settings.MEDIA_ROOT
    renditions.forget_known()
    cache.clear()


@pytest.fixture
def invitation(site_settings):
    session = SessionFactory(series=SeriesFactory(slug="ml"), title="Old title")
    return services.invite(SpeakerFactory(session=session, name="Ada", email="ada@example.org"))


def stored_files(media: Path) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def form_url(invitation) -> str:
    return f"/seminar/speakers/{services.link_token(invitation)}/"


def details(**overrides):
    return {"title": "A talk", "abstract": "", "name": "Ada King", **overrides}


def posted(**overrides):
    """details() as the speaker's form posts them, with both consent questions answered."""
    return details(livestream_consent="yes", recording_consent="no", **overrides)


def test_twenty_portrait_replacements_leave_one_file(
    client, invitation, own_media, django_capture_on_commit_callbacks
):
    for number in range(20):
        upload = image_upload(f"me-{number}.png", color=(number * 10, 0, 0))
        with django_capture_on_commit_callbacks(execute=True):
            # The page it leads to shows the portrait: thumbnails are made of it.
            response = client.post(form_url(invitation), posted(portrait=upload), follow=True)
        assert response.redirect_chain[0][1] == 302
    portrait = SpeakerSubmission.objects.get().portrait.name
    thumbnails = renditions.renditions_of(portrait)
    assert len(thumbnails) == 4  # WebP and PNG, 1x and 2x: of this portrait only
    assert stored_files(own_media) == sorted([portrait, *thumbnails])


def test_replaced_slides_and_files_let_go_after_approval_are_deleted(
    invitation, own_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(invitation, {**details(), "slides": pdf_upload()})
        first = SpeakerSubmission.objects.get().slides.name
        submission = services.submit(invitation, {**details(), "slides": pdf_upload(pages=3)})
    assert first != submission.slides.name
    assert stored_files(own_media) == [submission.slides.name]
    services.approve(invitation, submission.revision)
    published = Session.objects.get().slides.name
    assert sorted(stored_files(own_media)) == sorted([published, submission.slides.name])
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(invitation, details(title="Another talk"))  # starts afresh
    assert stored_files(own_media) == [published]


def test_slides_the_session_shows_from_before_copies_on_approval_are_kept(
    invitation, own_media, django_capture_on_commit_callbacks
):
    submission = services.submit(invitation, {**details(), "slides": pdf_upload()})
    Session.objects.update(slides=submission.slides.name)  # approved by an older version
    services.approve(invitation, submission.revision)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(invitation, details(title="Another talk"))
    assert submission.slides.name in stored_files(own_media)


def test_deleting_a_speaker_deletes_their_submitted_files(
    invitation, own_media, django_capture_on_commit_callbacks
):
    services.submit(invitation, {**details(), "portrait": image_upload(), "slides": pdf_upload()})
    assert len(stored_files(own_media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        invitation.speaker.delete()
    assert stored_files(own_media) == []


def test_the_upload_budget_refuses_with_a_clear_message_and_saves_nothing(
    client, invitation, own_media, settings
):
    settings.SPEAKER_UPLOAD_BUDGET_MB = 1
    buffer = BytesIO()
    Image.frombytes("RGB", (700, 700), random.randbytes(700 * 700 * 3)).save(buffer, "PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 1024 * 1024  # noise does not compress
    response = client.post(form_url(invitation), posted(portrait=big))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your link may upload 1 MB of files in all and has used 0.0 MB" in page
    assert not SpeakerSubmission.objects.exists() and stored_files(own_media) == []
    assert client.post(form_url(invitation), posted(portrait=image_upload())).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    assert 0 < invitation.uploaded_bytes < 1024 * 1024


def test_the_budget_counts_every_upload_and_a_new_link_starts_afresh(invitation, settings):
    one = pdf_upload()
    settings.SPEAKER_UPLOAD_BUDGET_MB = 1
    invitation.uploaded_bytes = 1024 * 1024 - one.size
    invitation.save(update_fields=["uploaded_bytes"])
    services.submit(invitation, {**details(), "slides": one})  # exactly the budget
    with pytest.raises(services.SpeakerWorkflowError, match="take it past that"):
        services.submit(invitation, {**details(), "slides": pdf_upload()})
    services.submit(invitation, details(title="Text only"))  # no files: nothing counted
    fresh = services.invite(invitation.speaker)
    assert fresh.uploaded_bytes == 0
    services.submit(fresh, {**details(), "slides": pdf_upload()})


@pytest.mark.parametrize("where", ["preview/", ""])
def test_a_preview_writes_no_file_and_shows_only_renditions_that_exist(
    client, invitation, own_media, where
):
    default_storage.save("markdown-images/chart.png", image_upload())
    shown = renditions.picture("markdown-images/chart.png", renditions.MARKDOWN_IMAGE_SPEC)
    before = stored_files(own_media)
    text = (
        "![A chart](/media/markdown-images/chart.png) "
        "![A rendition](/media/" + shown.fallback[0].url.removeprefix("/media/") + ") "
        "![Never made](/media/speaker-submissions/other.png)"
    )
    field = "content" if where else "abstract"
    data = {field: text} if where else details(abstract=text, preview="1")
    for _ in range(3):
        response = client.post(form_url(invitation) + where, data)
        assert response.status_code == 200
    page = response.content.decode()
    assert stored_files(own_media) == before
    assert f'<img src="{shown.fallback[0].url}"' in page
    assert '<span class="image-alt">A rendition</span>' in page
    assert '<span class="image-alt">Never made</span>' in page
    assert 'src="/media/speaker-submissions' not in page
