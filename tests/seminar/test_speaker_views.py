import json
import re
from datetime import timedelta

import feedparser
import icalendar
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from seminar.models import Session, Speaker
from seminar.speakers import services
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission
from tests.factories import (
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
    image_upload,
    pdf_upload,
)
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invitation(site_settings):
    series = SeriesFactory(name="ML Seminar", slug="ml")
    session = SessionFactory(series=series, title="Old title", abstract="Old abstract.")
    speaker = SpeakerFactory(session=session, name="Ada Lovelace", email="ada@example.org")
    return services.invite(speaker)


def form_url(invitation) -> str:
    return f"/seminar/speakers/{services.link_token(invitation)}/"


def form_data(**overrides):
    return {
        "title": "A secret new title",
        "abstract": "New *abstract*.",
        "name": "Ada King",
        "affiliation": "Engines",
        "homepage": "ada.example",
        "orcid": "",
        "bio": "",
        "livestream_consent": "yes",
        "recording_consent": "no",
        **overrides,
    }


def test_form_opens_with_the_current_details_and_private_headers(client, invitation):
    response = client.get(form_url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your talk, Ada Lovelace" in page
    assert 'value="Old title"' in page and "Old abstract." in page
    assert "ada@example.org" not in page  # nothing staff-only
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Page-Cache" not in response
    assert '<label for="id_title">' in page
    assert 'aria-describedby="id_abstract_help"' in page


def test_the_personal_form_is_never_served_from_the_page_cache(client, invitation, page_cache):
    """No cookie on the later visits, but no-store: the page cache must not keep it."""
    for _ in range(3):
        response = client.get(form_url(invitation))
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert 'value="Old title"' in response.content.decode()


@pytest.mark.parametrize("how", ["tampered", "revoked", "expired", "unknown"])
def test_bad_links_answer_the_same_404(client, invitation, how, settings):
    url = form_url(invitation)
    if how == "tampered":
        url = url[:-3] + ("x" if url[-3] != "x" else "y") + "/"
    elif how == "revoked":
        services.revoke(invitation)
    elif how == "expired":
        settings.SPEAKER_LINK_DAYS_AFTER_SESSION = 0
        Session.objects.filter(pk=invitation.speaker.session_id).update(
            end=timezone.now() - timedelta(minutes=1)
        )
    else:
        url = "/seminar/speakers/eyJpIjoxfQ:abc:def/"
    for response in (client.get(url), client.post(url, form_data()), client.post(url + "preview/")):
        assert response.status_code == 404
        assert "Ada" not in response.content.decode()
    assert invitation.speaker.session.title == "Old title"


def test_submitting_shows_thanks_and_changes_nothing_visible(client, invitation, settings):
    settings.PAGE_CACHE_SECONDS = 600
    session = invitation.speaker.session
    page_url = session.get_absolute_url()
    assert client.get(page_url)["X-Page-Cache"] == "miss"  # now cached for visitors
    response = client.post(form_url(invitation), form_data(slides=pdf_upload()))
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    assert "Thank you! We have your details." in client.get(response["Location"]).content.decode()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    assert invitation.submission.homepage == "https://ada.example"
    fresh = Client()
    for url in (
        page_url,
        "/seminar/",
        "/seminar/archive/",
        "/seminar/feed.atom",
        "/seminar/ml/feed.rss",
        "/seminar/calendar.ics",
        f"/seminar/ml/{session.number}.ics",
        "/api/v1/sessions",
    ):
        response = fresh.get(url)
        body = response.content.decode()
        # The page answers and shows the session as it stands: an absence proves nothing
        # on an error page.
        assert response.status_code == 200 and "Old title" in body, url
        assert "A secret new title" not in body and "Ada King" not in body, url
        assert "speaker-submissions" not in body and ".pdf" not in body, url


def test_the_form_opens_only_its_own_speaker(client, invitation):
    other = SpeakerFactory(session=invitation.speaker.session, name="Bob", email="b@example.org")
    client.post(form_url(invitation), form_data())
    other.refresh_from_db()
    assert not SpeakerInvitation.objects.filter(speaker=other).exists()
    assert invitation.submission.invitation.speaker_id == invitation.speaker_id
    response = client.get(form_url(invitation))
    assert response.status_code == 200 and "Your talk, Ada Lovelace" in response.content.decode()
    assert "Bob" not in response.content.decode()


def test_field_errors_are_tied_to_their_fields(client, invitation):
    response = client.post(
        form_url(invitation), form_data(title="", orcid="0000-0000-0000-0000", homepage="x y")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'id="id_title_error"' in page and 'aria-describedby="id_title_error"' in page
    assert 'aria-describedby="id_orcid_help id_orcid_error"' in page
    assert "check digit is wrong" in page
    assert 'value="Ada King"' in page  # nothing typed is lost
    assert not hasattr(SpeakerInvitation.objects.get(pk=invitation.pk), "submission")


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("talk.pdf", b"just text, honest", "application/pdf"), "not a readable"),
        (SimpleUploadedFile("talk.pdf", b"%PDF-1.7\nbroken", "application/pdf"), "not a readable"),
        (image_upload("talk.pdf"), "not a readable PDF"),
    ],
)
def test_slides_that_are_not_pdf_are_refused(client, invitation, upload, message):
    response = client.post(form_url(invitation), form_data(slides=upload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Please choose your files again." in response.content.decode()


def test_slides_over_the_size_limit_are_refused(client, invitation, settings):
    settings.SLIDES_UPLOAD_MAX_BYTES = 100
    response = client.post(form_url(invitation), form_data(slides=pdf_upload()))
    assert response.status_code == 400
    assert "slides may be at most 100" in response.content.decode()


def test_portrait_gets_the_image_checks(client, invitation):
    bad = SimpleUploadedFile("me.png", b"<svg/>", "image/png")
    response = client.post(form_url(invitation), form_data(portrait=bad))
    assert "This file is not a readable image." in response.content.decode()
    response = client.post(form_url(invitation), form_data(portrait=image_upload("me.png")))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.submission.portrait.name.endswith(".png")


def test_a_portrait_is_cleaned_and_renamed_and_published_as_a_copy(client, invitation):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    upload = image_upload("me.html", image_format="JPEG", exif=exif.tobytes())
    assert b"SecretCam" in upload.read()
    upload.seek(0)
    client.post(form_url(invitation), form_data(portrait=upload))
    invitation.refresh_from_db()
    submitted = invitation.submission.portrait
    assert re.fullmatch(r"speaker-submissions/[0-9a-f]{32}\.jpg", submitted.name)
    with submitted.open("rb") as stored:
        assert b"SecretCam" not in stored.read()

    services.approve(invitation, invitation.submission.revision)

    speaker = Speaker.objects.get(pk=invitation.speaker_id)
    assert re.fullmatch(r"speakers/[0-9a-f]{32}\.jpg", speaker.portrait.name)
    with speaker.portrait.open("rb") as published:
        assert b"SecretCam" not in published.read()
    assert submitted.storage.exists(submitted.name)  # the submission's own file is separate


def test_after_the_talk_only_slides_can_be_added(client, invitation):
    Session.objects.filter(pk=invitation.speaker.session_id).update(
        start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(hours=23)
    )
    page = client.get(form_url(invitation)).content.decode()
    assert 'name="slides"' in page and 'name="title"' not in page
    assert page.count("The talk is over") == 1  # said once, above the form
    note = re.search(r'<p class="data-use" id="data-use">(.*?)</p>', page, re.S)[1]
    assert note.startswith("We use the slides you send here only for your talk")
    assert "ORCID" not in note and "your answers above" not in note  # no fields not there
    response = client.post(form_url(invitation), {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(form_url(invitation), {"slides": pdf_upload()})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.submission.slides_only and invitation.submission.title == ""


def test_after_the_talk_other_fields_and_the_preview_are_refused(client, invitation):
    end_the_talk(invitation)
    # A form page left open before the talk ended: nothing of it is taken, and it says so.
    response = client.post(form_url(invitation), form_data(slides=pdf_upload()))
    assert response.status_code == 400
    assert "The talk is over: only slides can be added now. Nothing else was saved" in (
        response.content.decode()
    )
    response = client.post(
        form_url(invitation), {"slides": pdf_upload(), "portrait": image_upload()}
    )
    assert response.status_code == 400
    response = client.post(form_url(invitation), form_data(preview="1"))
    assert response.status_code == 400
    assert not SpeakerSubmission.objects.exists()
    response = client.post(form_url(invitation) + "preview/", {"content": "Some *words*"})
    assert response.status_code == 403
    assert response.content.decode() == (
        "The talk is over: only slides can be added now, so there is nothing to preview."
    )


def test_a_mail_outage_on_submitting_still_thanks_the_speaker(
    client, invitation, settings, mail_outage, caplog
):
    settings.SEMINAR_ORGANISER_EMAILS = ["org@example.org"]
    response = client.post(form_url(invitation), form_data())
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    assert invitation.submission.title == "A secret new title"
    assert "Connection unexpectedly closed" in invitation.submission.notification_error
    assert "Telling the organisers of submission" in caplog.text


def test_uploaded_slides_get_a_random_pdf_name(client, invitation):
    client.post(form_url(invitation), form_data(slides=pdf_upload("My talk.html")))
    invitation.refresh_from_db()
    assert re.fullmatch(r"speaker-submissions/[0-9a-f]{32}\.pdf", invitation.submission.slides.name)


def chosen(page: str, field: str) -> list[str]:
    """The values of the radio buttons of ``field`` that are checked."""
    inputs = re.findall(rf'<input type="radio" name="{field}"[^>]*>', page)
    assert len(inputs) == 2, inputs
    return [re.search(r'value="(\w+)"', tag)[1] for tag in inputs if " checked" in tag]


def test_the_form_shows_the_speakers_own_consent_never_what_staff_recorded(client, invitation):
    session_id = invitation.speaker.session_id
    Session.objects.filter(pk=session_id).update(recording_consent=True)
    page = client.get(form_url(invitation)).content.decode()
    # Not answered: both questions start unanswered, whatever staff recorded.
    assert chosen(page, "recording_consent") == [] and chosen(page, "livestream_consent") == []
    Speaker.objects.filter(pk=invitation.speaker_id).update(recording_consent=False)
    page = client.get(form_url(invitation)).content.decode()
    assert chosen(page, "recording_consent") == ["no"]
    Speaker.objects.filter(pk=invitation.speaker_id).update(recording_consent=True)
    page = client.get(form_url(invitation)).content.decode()
    assert chosen(page, "recording_consent") == ["yes"]
    client.post(form_url(invitation), form_data(recording_consent="no"))
    page = client.get(form_url(invitation)).content.decode()  # what awaits review
    assert chosen(page, "recording_consent") == ["no"]
    assert chosen(page, "livestream_consent") == ["yes"]


def test_answering_as_staff_recorded_keeps_the_consent(client, invitation):
    session = invitation.speaker.session
    Session.objects.filter(pk=session.pk).update(livestream_consent=True, recording_consent=True)
    client.post(
        form_url(invitation),
        form_data(title="Old title", livestream_consent="yes", recording_consent="yes"),
    )
    invitation.refresh_from_db()
    services.approve(invitation, invitation.submission.revision)
    assert Session.objects.get(pk=session.pk).may_stream is True
    assert Session.objects.get(pk=session.pk).may_publish_recording is True


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Line one\nline two"), ("title", "T\x00"), ("affiliation", "A\nB")],
)
def test_titles_and_affiliations_are_one_line(client, invitation, field, value):
    response = client.post(form_url(invitation), form_data(**{field: value}))
    assert response.status_code == 400
    assert "Use one line" in response.content.decode()
    assert not SpeakerSubmission.objects.exists()


def end_the_talk(invitation):
    Session.objects.filter(pk=invitation.speaker.session_id).update(
        start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(hours=23)
    )


def test_preview_is_authorised_by_the_link_only(client, invitation):
    response = client.post(form_url(invitation) + "preview/", {"content": "Some *words*"})
    assert response.status_code == 200
    assert response.content.decode().strip() == "<p>Some <em>words</em></p>"
    assert "no-store" in response["Cache-Control"]
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403
    assert client.get(form_url(invitation) + "preview/").status_code == 405


def test_preview_without_javascript_renders_in_the_form(client, invitation):
    response = client.post(form_url(invitation), form_data(preview="1", abstract="**Bold**"))
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED


def test_form_posts_and_previews_are_rate_limited(client, invitation, settings):
    settings.SPEAKER_FORM_POSTS_PER_HOUR = 2
    settings.SPEAKER_PREVIEWS_PER_MINUTE = 3
    statuses = [client.post(form_url(invitation), form_data()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    previews = [
        client.post(form_url(invitation) + "preview/", {"content": "x"}).status_code
        for _ in range(4)
    ]
    assert previews == [200, 200, 200, 429]


def test_form_needs_the_csrf_token(invitation):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(form_url(invitation), form_data()).status_code == 403
    assert strict.post(form_url(invitation) + "preview/", {"content": "x"}).status_code == 403


def test_approved_details_reach_page_feeds_calendars_and_json_ld(client, invitation):
    client.post(form_url(invitation), form_data(slides=pdf_upload(), recording_consent="yes"))
    invitation.refresh_from_db()
    services.approve(invitation, invitation.submission.revision)
    session = Session.objects.get(pk=invitation.speaker.session_id)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "A secret new title" in page and "Ada King" in page
    assert f'href="{session.slides.url}"' in page and "Slides (PDF, " in page
    data = json.loads(page.split('type="application/ld+json">')[1].split("</script>")[0])
    assert data["workFeatured"]["url"] == f"http://testserver{session.slides.url}"
    assert data["workFeatured"]["encodingFormat"] == "application/pdf"
    feed = feedparser.parse(client.get("/seminar/feed.atom").content)
    assert f"Slides (PDF): http://testserver{session.slides.url}" in feed.entries[0].summary
    calendar = icalendar.Calendar.from_ical(client.get("/seminar/calendar.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert f"Slides (PDF): http://testserver{session.slides.url}" in str(event["DESCRIPTION"])


def test_live_stream_link_is_hidden_without_consent(client, site_settings):
    session = SessionFactory(livestream_url="https://stream.example/live", format="online")
    urls = (session.get_absolute_url(), "/seminar/calendar.ics", "/seminar/feed.rss",
            "/api/v1/sessions")  # fmt: skip
    for url in urls:
        assert "stream.example" not in page_text(client.get(url)), url
    session.livestream_consent = True
    session.save()
    for url in urls:
        assert "stream.example" in client.get(url).content.decode(), url


def test_every_output_follows_the_one_consent_rule(client, site_settings):
    """Page, JSON-LD, listings, feeds, calendars and the API all ask Session.may_*."""
    session = SessionFactory(
        series__slug="ml", title="Recorded talk", format="online",
        livestream_url="https://stream.example/live", youtube_video="dQw4w9WgXcQ",
        recording_consent=True, livestream_consent=True,
        start=timezone.now() - timedelta(hours=3),
    )  # fmt: skip
    SpeakerFactory(session=session, name="Ada", recording_consent=True, livestream_consent=True)
    bob = SpeakerFactory(session=session, name="Bob")  # not answered: staff's ticks stand
    outputs = {
        session.get_absolute_url(): ["dQw4w9WgXcQ", "recordedIn"],
        "/seminar/archive/": ["badge-recording"],
        "/seminar/archive/?recorded=1": ["Recorded talk"],
        "/seminar/feed.atom": ["dQw4w9WgXcQ"],
        "/seminar/calendar.ics": ["dQw4w9WgXcQ", "stream.example"],
        "/api/v1/sessions": ["dQw4w9WgXcQ", "stream.example"],
    }
    for url, tokens in outputs.items():
        body = client.get(url).content.decode().replace("\r\n ", "")  # unfold iCalendar
        assert all(token in body for token in tokens), url
    Speaker.objects.filter(pk=bob.pk).update(recording_consent=False, livestream_consent=False)
    for url, tokens in outputs.items():
        body = client.get(url).content.decode().replace("\r\n ", "")
        assert not any(token in body for token in tokens), url


def test_a_name_with_a_line_break_is_refused_on_the_speaker_form(client, invitation):
    response = client.post(form_url(invitation), form_data(name="Ada\r\nBcc: x@example.org"))
    assert response.status_code == 400
    assert "Use one line" in response.content.decode()


def test_with_redis_stopped_the_speaker_form_still_saves_and_previews(
    client, invitation, cache_outage, caplog
):
    response = client.post(
        form_url(invitation), form_data(portrait=image_upload("ada.png"), slides=pdf_upload())
    )
    assert response.status_code == 302
    submission = SpeakerSubmission.objects.get(invitation=invitation)
    assert submission.title == "A secret new title"
    assert submission.portrait and submission.slides
    preview = client.post(form_url(invitation) + "preview/", {"content": "Some *words*"})
    assert preview.status_code == 200
    assert preview.content.decode().strip() == "<p>Some <em>words</em></p>"
    in_form = client.post(form_url(invitation), form_data(preview="1", abstract="**Bold**"))
    assert in_form.status_code == 200
    assert "<strong>Bold</strong>" in in_form.content.decode()
    assert "Speaker rate limit not counted, the cache is unavailable" in caplog.text


def test_an_abstract_image_without_alt_text_is_refused_by_the_form_at_once(client, invitation):
    response = client.post(form_url(invitation), form_data(abstract="See ![](/media/x.png)."))
    assert response.status_code == 400
    assert "Every image needs alt text describing it" in response.content.decode()
    assert not SpeakerSubmission.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED


@pytest.mark.parametrize(
    "abstract, said",
    [
        ("> " * 40 + "deep words", "nested more deeply than a page can show"),
        ("![](/media/x.png)", "Every image needs alt text"),
        ("a" * 5001, "The text has 5,001 characters; at most 5,000 are allowed."),
    ],
    ids=["nesting", "alt-text", "length"],
)
def test_both_previews_say_what_sending_would_refuse(client, invitation, abstract, said):
    script = client.post(form_url(invitation) + "preview/", {"content": abstract})
    in_form = client.post(form_url(invitation), form_data(preview="1", abstract=abstract))
    for response in (script, in_form):
        assert response.status_code == 200
        assert "This text cannot be saved as it is:" in response.content.decode()
        assert said in response.content.decode()
    assert "a" * 5001 not in script.content.decode()  # never shown cut short
