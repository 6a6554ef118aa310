import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django.utils.formats import date_format

from seminar.models import Session
from tests.admin_forms import in_english
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

INLINE_MANAGEMENT = {
    "speakers-TOTAL_FORMS": "1",
    "speakers-INITIAL_FORMS": "0",
    "references-TOTAL_FORMS": "0",
    "references-INITIAL_FORMS": "0",
}


def session_form(series, **overrides):
    return in_english({
        **INLINE_MANAGEMENT,
        "series": series.pk,
        "number": "",
        "published": "on",
        "title": "Diffusion models for rainfall",
        "slug": "diffusion-models-for-rainfall",
        "start_0": "2025-03-11",
        "start_1": "15:00",
        "duration_minutes": "",
        "format": "hybrid",
        "location": "",
        "livestream_url": "",
        "abstract": "We compare **samplers**.",
        "youtube_video": "https://youtu.be/dQw4w9WgXcQ?t=30",
        "recording_consent": "on",
        "status": "scheduled",
        "status_note": "",
        "speakers-0-order": "0",
        "speakers-0-name": "Grace Hopper",
        "speakers-0-affiliation": "Navy",
        "speakers-0-homepage": "",
        **overrides,
    }, Session)  # fmt: skip


def test_admin_creates_session_with_number_video_id_and_speaker(admin_client):
    series = SeriesFactory(default_location="Room 7")
    SessionFactory(series=series)
    response = admin_client.post("/admin/seminar/session/add/", session_form(series))
    assert response.status_code == 302
    session = Session.objects.get(title="Diffusion models for rainfall")
    assert (session.number, session.youtube_video, session.location) == (2, "dQw4w9WgXcQ", "Room 7")
    assert [speaker.name for speaker in session.speakers.all()] == ["Grace Hopper"]


def test_admin_refuses_foreign_video_link_and_keeps_the_input(admin_client):
    series = SeriesFactory()
    form = session_form(series, youtube_video="https://vimeo.com/123")
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“vimeo.com” is not a YouTube address." in html
    assert 'value="https://vimeo.com/123"' in html
    assert "Grace Hopper" in html
    assert not Session.objects.exists()


def test_admin_session_list_shows_view_on_site_and_filters(admin_client):
    session = SessionFactory()
    change = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert "View on site" in change
    changelist = admin_client.get("/admin/seminar/session/?status__exact=cancelled")
    assert changelist.status_code == 200


def test_admin_reads_and_shows_start_in_the_series_time_zone(admin_client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    series = SeriesFactory(time_zone="America/New_York")
    SeriesFactory()  # two series: the zone comes from the one chosen in the form
    response = admin_client.post(
        "/admin/seminar/session/add/",
        session_form(series, start_0="10/01/2023", start_1="10:00"),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == datetime(2023, 1, 10, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    change = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert 'value="10:00"' in change
    assert "Date and time in America/New_York time, the series' zone." in change


@pytest.mark.parametrize("bogus", ["x", "²", "9" * 30])
def test_admin_with_a_bogus_series_value_gets_a_form_error(admin_client, bogus):
    series = SeriesFactory()
    form = {**session_form(series), "series": bogus}
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert admin_client.get(f"/admin/seminar/session/add/?series={bogus}").status_code == 200


def test_admin_session_addresses_with_unicode_digits_say_it_does_not_exist(admin_client):
    response = admin_client.get("/admin/seminar/session/²/change/", follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()
    assert admin_client.get("/admin/seminar/session/²/history/1/").status_code == 404


# Speaker invitations -------------------------------------------------------------------------


def test_admin_refuses_a_recording_without_consent(admin_client):
    series = SeriesFactory()
    form = session_form(series)
    del form["recording_consent"]
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert "Not every speaker has agreed to publishing the recording." in response.content.decode()
    assert not Session.objects.filter(title="Diffusion models for rainfall").exists()


def test_change_list_fits_beside_the_filters_with_one_date_format(admin_client):
    from seminar.speakers import services as speaker_services

    session = SessionFactory(recording_consent=True)
    speaker = SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    speaker_services.invite(speaker)
    page = admin_client.get("/admin/seminar/session/").content.decode()
    headings = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', page)
    assert headings == [
        "number", "title", "start", "status", "speaker_states", "published", "german_column",
    ]  # fmt: skip
    when = date_format(timezone.localtime(speaker.invitation.invited_at), "DATETIME_FORMAT")
    assert f"Ada: Invited {when}" in page  # the start column's format, not another
    assert '<a href="?recording_consent__exact=1">' in page  # consent: a filter now


def test_invite_action_mails_each_speaker_not_yet_invited(admin_client):
    from django.core import mail

    session = SessionFactory()
    SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    SpeakerFactory(session=session, name="Bob", email="")
    response = admin_client.post(
        "/admin/seminar/session/",
        {"action": "invite_speakers", "_selected_action": [session.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Invited Ada (ada@example.org)." in page
    assert "Bob has no e-mail address; add it to the speaker first." in page
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    admin_client.post(
        "/admin/seminar/session/", {"action": "invite_speakers", "_selected_action": [session.pk]}
    )
    assert len(mail.outbox) == 1  # already invited: not again


def test_speakers_page_invites_revokes_and_resends(admin_client):
    from django.core import mail

    from seminar.speakers.models import InvitationState

    session = SessionFactory()
    speaker = SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    change_page = admin_client.get(f"/admin/seminar/session/{session.pk}/change/")
    url = f"/admin/seminar/session/{session.pk}/speakers/"
    assert f'href="{url}"' in change_page.content.decode()
    assert "Not invited" in admin_client.get(url).content.decode()
    admin_client.post(url, {"speaker": speaker.pk, "do": "invite"})
    speaker.refresh_from_db()
    assert speaker.invitation.state == InvitationState.INVITED and len(mail.outbox) == 1
    admin_client.post(url, {"speaker": speaker.pk, "do": "revoke"})
    speaker.invitation.refresh_from_db()
    assert speaker.invitation.state == InvitationState.REVOKED
    assert "Link revoked" in admin_client.get(url).content.decode()
    admin_client.post(url, {"speaker": speaker.pk, "do": "invite"})
    speaker.invitation.refresh_from_db()
    assert speaker.invitation.state == InvitationState.INVITED and len(mail.outbox) == 2
    other_session_speaker = SpeakerFactory(email="x@example.org")
    for chosen in (other_session_speaker.pk, "x", "", "²", "١", "9" * 30):
        for do in ("invite", "revoke"):
            response = admin_client.post(url, {"speaker": chosen, "do": do}, follow=True)
            assert response.status_code == 200
            assert "That speaker is not on this session (any more)." in response.content.decode()
    assert len(mail.outbox) == 2
    speaker.invitation.refresh_from_db()
    assert speaker.invitation.state == InvitationState.INVITED


def test_review_page_shows_old_and_new_and_approves(admin_client):
    from django.core import mail

    from seminar.speakers import services as speaker_services
    from seminar.speakers.models import InvitationState

    session = SessionFactory(title="Old title")
    speaker = SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    invitation = speaker_services.invite(speaker)
    submission = speaker_services.submit(
        invitation,
        {
            "title": "New title",
            "abstract": session.abstract,
            "name": "Ada",
            "affiliation": speaker.affiliation,
        },
    )
    url = f"/admin/seminar/session/{session.pk}/review/{invitation.pk}/"
    page = admin_client.get(url).content.decode()
    assert '<td class="review-old">Old title</td>' in page
    assert '<td class="review-new review-diff"><del>Old</del> <ins>New</ins> title</td>' in page
    mail.outbox.clear()
    response = admin_client.post(
        url, {"approve": "1", "revision": submission.revision}, follow=True
    )
    assert "details; changed title." in response.content.decode()
    from django.contrib.admin.models import LogEntry

    (entry,) = LogEntry.objects.filter(object_id=str(session.pk))
    assert entry.get_change_message() == "Approved Ada's details: title."
    session.refresh_from_db()
    assert session.title == "New title"
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.APPROVED
    assert mail.outbox[0].to == ["ada@example.org"]


def test_review_with_a_broken_revision_says_so(admin_client):
    from seminar.speakers import services as speaker_services
    from seminar.speakers.models import InvitationState

    speaker = SpeakerFactory(name="Ada", email="ada@example.org")
    invitation = speaker_services.invite(speaker)
    speaker_services.submit(invitation, {"title": "T", "name": "Ada"})
    url = f"/admin/seminar/session/{speaker.session_id}/review/{invitation.pk}/"
    for revision in ("abc", "", "-1", "²", "9" * 30):
        response = admin_client.post(url, {"approve": "1", "revision": revision}, follow=True)
        assert response.status_code == 200
        assert "The review form was incomplete" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED


def test_review_page_asks_for_changes(admin_client):
    from django.core import mail

    from seminar.speakers import services as speaker_services
    from seminar.speakers.models import InvitationState

    speaker = SpeakerFactory(name="Ada", email="ada@example.org")
    invitation = speaker_services.invite(speaker)
    speaker_services.submit(invitation, {"title": "T", "name": "Ada"})
    url = f"/admin/seminar/session/{speaker.session_id}/review/{invitation.pk}/"
    mail.outbox.clear()
    response = admin_client.post(url, {"request_changes": "1", "message": ""}, follow=True)
    assert "Write what the speaker should change." in response.content.decode()
    admin_client.post(url, {"request_changes": "1", "message": "Shorter, please."})
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHANGES_REQUESTED
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"] and "Shorter, please." in message.body


def test_invitation_pages_need_change_permission(staff_client):
    from django.test import Client

    session = SessionFactory()
    url = f"/admin/seminar/session/{session.pk}/speakers/"
    assert Client().get(url).status_code == 302  # to the login page
    assert staff_client.get(url).status_code == 403  # staff without the permission
    review = f"/admin/seminar/session/{session.pk}/review/1/"
    assert staff_client.post(review, {"approve": "1"}).status_code == 403


def test_staff_slides_upload_must_be_a_pdf(admin_client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_upload

    series = SeriesFactory()
    fake = SimpleUploadedFile("slides.pdf", b"PK\x03\x04 a zip file", "application/pdf")
    response = admin_client.post("/admin/seminar/session/add/", session_form(series, slides=fake))
    assert "This file is not a readable PDF." in response.content.decode()
    assert not Session.objects.exists()
    # A real PDF, whatever its name says, is stored under a random name ending in .pdf.
    upload = pdf_upload("Our secret talk.exe")
    response = admin_client.post("/admin/seminar/session/add/", session_form(series, slides=upload))
    assert response.status_code == 302
    assert re.fullmatch(r"slides/[0-9a-f]{32}\.pdf", Session.objects.get().slides.name)


def test_admin_change_goes_through_services_and_raises_sequence_for_calendar_fields(
    admin_client,
):
    series = SeriesFactory(default_location="Room 7")
    admin_client.post("/admin/seminar/session/add/", session_form(series))
    session = Session.objects.get()
    assert (session.number, session.sequence, session.uid.endswith("@groupsite")) == (1, 0, True)
    change = f"/admin/seminar/session/{session.pk}/change/"
    form = session_form(series, number="1", location="Room 7", **{"speakers-TOTAL_FORMS": "0"})
    admin_client.post(change, {**form, "abstract_en": "Typo fixed."})
    assert Session.objects.get().sequence == 0
    response = admin_client.post(change, {**form, "title_en": "Diffusion models, revisited"})
    assert response.status_code == 302
    saved = Session.objects.get()
    assert (saved.sequence, saved.uid, saved.title) == (
        1,
        session.uid,
        "Diffusion models, revisited",
    )
    admin_client.post(change, {**form, "title_en": saved.title, "duration_minutes": "90"})
    saved = Session.objects.get()
    assert (saved.sequence, saved.end - saved.start) == (2, timedelta(minutes=90))


@pytest.mark.parametrize("link", ["[::1", "https://[::1/watch"])
def test_admin_malformed_video_link_gets_exactly_one_message(admin_client, link):
    form = session_form(SeriesFactory(), youtube_video=link)
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["youtube_video"] == [
        f"“{link}” is not a well-formed link. Paste a YouTube video link (watch, youtu.be, "
        "embed, live or shorts) or the 11-character video id."
    ]
    assert f'value="{link}"' in response.content.decode()
    assert not Session.objects.exists()


def test_admin_speaker_with_bad_orcid_gets_exactly_one_message(admin_client):
    form = session_form(SeriesFactory(), **{"speakers-0-orcid": "0000-0002-1825-0098"})
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert response.content.decode().count("this one is malformed or its check digit") == 1
    assert not Session.objects.exists()


def test_admin_speaker_orcid_link_is_stored_bare(admin_client):
    link = "https://orcid.org/0000-0002-1825-0097"
    form = session_form(SeriesFactory(), **{"speakers-0-orcid": link})
    assert admin_client.post("/admin/seminar/session/add/", form).status_code == 302
    assert Session.objects.get().speakers.get().orcid == "0000-0002-1825-0097"


def test_reverting_to_an_old_version_raises_sequence_instead_of_restoring_it(admin_client):
    from reversion.models import Version

    series = SeriesFactory()
    admin_client.post("/admin/seminar/session/add/", session_form(series))
    session = Session.objects.get()
    form = session_form(series, number="1", location="Room 1", **{"speakers-TOTAL_FORMS": "0"})
    change = f"/admin/seminar/session/{session.pk}/change/"
    admin_client.post(change, {**form, "title_en": "Moved", "location": "Room 9"})
    assert Session.objects.get().sequence == 1
    first = Version.objects.get_for_object(session).order_by("pk").first()
    history = f"/admin/seminar/session/{session.pk}/history/{first.pk}/"
    assert admin_client.get(history).status_code == 200  # a preview changes nothing
    assert Session.objects.get().sequence == 1
    response = admin_client.post(history, form)
    assert response.status_code == 302
    saved = Session.objects.get()
    assert (saved.title, saved.location, saved.sequence) == (form["title_en"], "Room 1", 2)


@pytest.mark.parametrize("title", ["Two\r\nlines", "Bell\x07", "Line\u2028separator"])
def test_admin_refuses_a_title_that_is_not_one_line(admin_client, title):
    series = SeriesFactory()
    response = admin_client.post("/admin/seminar/session/add/", session_form(series, title=title))
    assert response.status_code == 200
    assert "Use one line: no line breaks, tabs or other control characters." in (
        response.content.decode()
    )
    assert not Session.objects.exists()


def test_admin_refuses_a_line_break_when_changing_a_title(admin_client):
    session = SessionFactory(title="One line")
    form = session_form(session.series, title="Now\ntwo", number=session.number,
                        slug=session.slug)  # fmt: skip
    response = admin_client.post(f"/admin/seminar/session/{session.pk}/change/", form)
    assert response.status_code == 200
    assert "Use one line" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "One line"


def test_a_title_may_hold_non_breaking_spaces_and_dashes(admin_client):
    series = SeriesFactory()
    form = session_form(series, title="Prof.\u00a0Ada – flows")
    assert admin_client.post("/admin/seminar/session/add/", form).status_code == 302
    assert Session.objects.get().title == "Prof.\u00a0Ada – flows"


def clash_before_saving(monkeypatch, number):
    """Another editor's session takes ``number`` between validation and the save."""
    from seminar.admin import SessionAdmin

    original = SessionAdmin.save_form

    def save_form(self, request, form, change):
        SessionFactory(series=form.cleaned_data["series"], number=number, title="Taken")
        return original(self, request, form, change)

    monkeypatch.setattr(SessionAdmin, "save_form", save_form)


def test_admin_add_refused_at_the_save_shows_the_form_again_with_the_message(
    admin_client, monkeypatch
):
    series = SeriesFactory()
    clash_before_saving(monkeypatch, 7)
    response = admin_client.post("/admin/seminar/session/add/", session_form(series, number="7"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["number"] == ["Session #7 already exists in this series."]
    assert list(form.errors) == ["number"]
    html = response.content.decode()
    assert 'value="Diffusion models for rainfall"' in html
    assert "Grace Hopper" in html
    assert not Session.objects.exists()


def test_admin_change_refused_at_the_save_shows_the_form_again(admin_client, monkeypatch):
    session = SessionFactory(number=3, title="Before")
    clash_before_saving(monkeypatch, 7)
    form = session_form(session.series, number="7", title="After", slug=session.slug)
    response = admin_client.post(f"/admin/seminar/session/{session.pk}/change/", form)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["number"]
    session.refresh_from_db()
    assert (session.number, session.title) == (3, "Before")
    assert Session.objects.count() == 1


def test_admin_add_whose_numbering_retries_ran_out_shows_the_form_again(admin_client, monkeypatch):
    from django.core.exceptions import ValidationError

    from seminar import admin as seminar_admin

    def numbering_gave_up(**fields):
        raise ValidationError(
            {"number": "Other sessions were numbered at the same moment; save again."}
        )

    monkeypatch.setattr(seminar_admin, "create_session", numbering_gave_up)
    response = admin_client.post("/admin/seminar/session/add/", session_form(SeriesFactory()))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "number": ["Other sessions were numbered at the same moment; save again."]
    }
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: another connection commits while the admin's transaction is open "
    "(make test-postgres runs this)",
)
def test_admin_add_beaten_by_a_committed_save_shows_the_message_once(admin_client, monkeypatch):
    from seminar.admin import SessionAdmin

    series = SeriesFactory()
    original = SessionAdmin.save_form

    def save_form(self, request, form, change):
        def other_editor():
            try:
                SessionFactory(series=series, number=7, title="Taken")
            finally:
                connections.close_all()

        if not Session.objects.filter(number=7).exists():
            thread = threading.Thread(target=other_editor)
            thread.start()
            thread.join()
        return original(self, request, form, change)

    monkeypatch.setattr(SessionAdmin, "save_form", save_form)
    response = admin_client.post("/admin/seminar/session/add/", session_form(series, number="7"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "number": ["Session #7 already exists in this series."]
    }
    assert list(Session.objects.values_list("title", flat=True)) == ["Taken"]


def test_mail_outages_in_the_admin_say_so_and_record_nothing(admin_client, settings, mail_outage):
    from seminar.speakers import services as speaker_services
    from seminar.speakers.models import InvitationState, SpeakerInvitation

    session = SessionFactory()
    speaker = SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    url = f"/admin/seminar/session/{session.pk}/speakers/"
    response = admin_client.post(url, {"speaker": speaker.pk, "do": "invite"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The mail to Ada could not be sent (Connection unexpectedly closed); nothing was" in page
    assert "Not invited" in page and not SpeakerInvitation.objects.exists()
    response = admin_client.post(
        "/admin/seminar/session/",
        {"action": "invite_speakers", "_selected_action": [session.pk]},
        follow=True,
    )
    assert "The mail to Ada could not be sent" in response.content.decode()
    assert not SpeakerInvitation.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    invitation = speaker_services.invite(speaker)
    speaker_services.submit(invitation, {"title": "T", "name": "Ada"})
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"
    review = f"/admin/seminar/session/{session.pk}/review/{invitation.pk}/"
    response = admin_client.post(review, {"request_changes": "1", "message": "Shorter, please."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be sent (Connection unexpectedly closed); the submission still" in page
    assert ">Shorter, please.</textarea>" in page  # the message is kept
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    response = admin_client.post(review, {"approve": "1", "revision": "1"}, follow=True)
    page = response.content.decode()
    assert "The thank-you mail to Ada could not be sent" in page and "changed title" in page
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.APPROVED


def test_staff_see_submissions_whose_notification_failed(admin_client, settings, mail_outage):
    from seminar.speakers import services as speaker_services
    from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission

    settings.SEMINAR_ORGANISER_EMAILS = ["org@example.org"]
    speaker = SpeakerFactory(name="Ada", email="ada@example.org", session__title="Rain")
    invitation = SpeakerInvitation.objects.create(
        speaker=speaker, email=speaker.email, nonce="n", invited_at=timezone.now()
    )
    speaker_services.submit(invitation, {"title": "T", "name": "Ada"})
    assert SpeakerSubmission.objects.get().notification_error
    page = page_text(admin_client.get("/admin/seminar/session/"))
    assert "Ada sent details for “Rain”, but the mail to the organisers failed" in page
    page = admin_client.get(f"/admin/seminar/session/{speaker.session_id}/speakers/")
    assert "The mail telling the organisers failed:" in page.content.decode()
    SpeakerInvitation.objects.update(state=InvitationState.APPROVED)
    assert "mail to the organisers failed" not in page_text(
        admin_client.get("/admin/seminar/session/")
    )


def test_a_speakers_no_set_in_the_admin_cannot_stand_beside_a_recording(admin_client):
    series = SeriesFactory()
    form = session_form(series, **{"speakers-0-recording_consent": "false"})
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert "not every speaker agrees to publishing it" in response.content.decode()
    assert not Session.objects.exists()
    form = session_form(series, youtube_video="", **{"speakers-0-recording_consent": "false"})
    assert admin_client.post("/admin/seminar/session/add/", form).status_code == 302
    session = Session.objects.get()
    assert session.speakers.get().recording_consent is False
    page = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert "recording may not be published" in page
    assert "Grace Hopper: stream not answered (the ticks below count), recording no" in page


def test_admin_refuses_a_control_character_in_a_speaker_name(admin_client):
    series = SeriesFactory()
    form = session_form(series, **{"speakers-0-name": "Bell\x07 Ringer"})
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert "Use one line: no line breaks, tabs or other control characters." in (
        response.content.decode()
    )
    assert not Session.objects.exists()
