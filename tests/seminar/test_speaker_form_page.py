"""What the speaker's form shows (issue 21): consent as an explicit, unanswered choice; the
current portrait and slides; the abstract's preview as the page opens; the note on data use."""

import re

import pytest
from django.core.cache import cache

from groupsite.media import renditions
from seminar.models import Session, Speaker
from seminar.speakers import services
from seminar.speakers.models import SpeakerSubmission
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory, image_upload, pdf_upload
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.forget_known()
    cache.clear()
    yield
    renditions.forget_known()
    cache.clear()


@pytest.fixture
def invitation(site_settings):
    session = SessionFactory(
        series=SeriesFactory(slug="ml"), title="Old title", abstract="Old *abstract* here."
    )
    speaker = SpeakerFactory(session=session, name="Ada Lovelace", email="ada@example.org")
    return services.invite(speaker)


def form_url(invitation) -> str:
    return f"/seminar/speakers/{services.link_token(invitation)}/"


def radios(page: str, field: str) -> dict[str, bool]:
    """Each radio button of ``field``: its value and whether it is checked."""
    tags = re.findall(rf'<input type="radio" name="{field}"[^>]*>', page)
    return {re.search(r'value="(\w+)"', tag)[1]: " checked" in tag for tag in tags}


def test_a_speaker_who_has_not_answered_sees_both_consent_questions_unanswered(client, invitation):
    page = page_text(client.get(form_url(invitation)))
    for field in ("livestream_consent", "recording_consent"):
        assert radios(page, field) == {"yes": False, "no": False}
    assert "<legend>May the talk be streamed live? " in page
    assert "The organisers noted" not in page


def test_a_submit_without_an_answer_is_refused_clearly_and_keeps_what_was_typed(client, invitation):
    typed = {
        "title": "My new title",
        "abstract": "A *long* abstract typed with care.",
        "name": "Ada King",
        "bio": "Wrote the first program.",
        "livestream_consent": "yes",
    }
    page = page_text(client.post(form_url(invitation), typed), status=400)
    assert (
        '<p class="field-error" id="id_recording_consent_error">Please answer yes or no: do you '
        "agree to publishing the recording?</p>"
    ) in page
    assert "id_livestream_consent_error" not in page
    assert 'value="My new title"' in page and "Wrote the first program.</textarea>" in page
    assert "A *long* abstract typed with care.</textarea>" in page
    assert radios(page, "livestream_consent") == {"yes": True, "no": False}
    assert radios(page, "recording_consent") == {"yes": False, "no": False}
    assert not SpeakerSubmission.objects.exists()
    page = page_text(
        client.post(form_url(invitation), {**typed, "livestream_consent": "maybe"}), 400
    )
    assert "Select a valid choice. maybe is not one of the available choices." in page


def test_what_staff_recorded_is_information_not_a_checked_box(client, invitation):
    Session.objects.filter(pk=invitation.speaker.session_id).update(recording_consent=True)
    page = page_text(client.get(form_url(invitation)))
    assert radios(page, "recording_consent") == {"yes": False, "no": False}
    assert (
        '<p class="consent-noted">The organisers noted: you agreed that the recording may be '
        "published (for example by e-mail)."
    ) in page
    assert "you agreed that the talk may be streamed live" not in page  # staff noted no stream
    # The speaker's own earlier answer is theirs, so it is shown chosen.
    Speaker.objects.filter(pk=invitation.speaker_id).update(recording_consent=False)
    page = page_text(client.get(form_url(invitation)))
    assert radios(page, "recording_consent") == {"yes": False, "no": True}


def test_the_current_portrait_and_slides_are_shown(client, invitation):
    speaker, session = invitation.speaker, invitation.speaker.session
    speaker.portrait.save("ada.png", image_upload("ada.png"))
    session.slides.save("talk.pdf", pdf_upload())
    page = page_text(client.get(form_url(invitation)))
    img = re.search(r'<div class="current-file current-portrait"><picture>.*?(<img [^>]*>)', page)
    assert img is not None
    assert 'alt="Your current portrait"' in img[1]
    assert re.search(r'src="/media/renditions/[^"]+-portrait-1x\.png"', img[1])
    assert f'<a href="{session.slides.url}">Your current slides (PDF)</a>' in page
    # What awaits review stands if no new file is chosen: that is shown instead.
    submission = services.submit(
        invitation,
        {"title": "T", "name": "Ada", "portrait": image_upload("new.png", color=(0, 0, 255)),
         "slides": pdf_upload(pages=2)},
    )  # fmt: skip
    page = page_text(client.get(form_url(invitation)))
    stem = submission.portrait.name.split("/")[1].split(".")[0]
    assert re.search(rf'<img src="/media/renditions/{stem}-[0-9a-f]+-portrait-1x', page)
    assert f'<a href="{submission.slides.url}">Your current slides (PDF)</a>' in page


def test_no_portrait_and_no_slides_show_nothing_in_their_place(client, invitation):
    page = page_text(client.get(form_url(invitation)))
    assert "current-portrait" not in page and "Your current slides" not in page


def test_the_preview_shows_the_abstract_that_is_already_there(client, invitation):
    page = page_text(client.get(form_url(invitation)))
    assert (
        '<div class="prose" id="abstract-preview"><p>Old <em>abstract</em> here.</p></div>' in page
    )
    assert "Your abstract appears here" not in page
    Session.objects.filter(pk=invitation.speaker.session_id).update(abstract="")
    page = page_text(client.get(form_url(invitation)))
    assert "Your abstract appears here as it will look on the website." in page


def test_a_refused_submit_previews_the_abstract_as_typed(client, invitation):
    response = client.post(form_url(invitation), {"title": "", "abstract": "Typed **now**."})
    assert "<p>Typed <strong>now</strong>.</p>" in page_text(response, status=400)


def test_the_note_on_data_use_links_the_privacy_statement_or_the_institutions(
    client, invitation, site_settings
):
    page = page_text(client.get(form_url(invitation)))
    note = re.search(r'<p class="data-use" id="data-use">(.*?)</p>', page, re.S)[1]
    assert note.startswith("We use what you send here only for your talk")
    assert note.count(". ") == 1 and note.endswith(".")  # two sentences
    assert '<a href="/privacy/">our privacy statement</a>' in note
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="/privacy/">Privacy statement</a>' in footer
    assert '<a href="/legal-notice/">Legal notice</a>' in footer

    site_settings.privacy_url = "https://centre.example/privacy"
    site_settings.save()
    page = page_text(client.get(form_url(invitation)))
    assert '<a href="https://centre.example/privacy">our privacy statement</a>' in page
    assert '<a href="https://centre.example/privacy">Privacy statement</a>' in page
