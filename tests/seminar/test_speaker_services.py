import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail, signing
from django.utils import timezone
from reversion.models import Version

from seminar.models import Session
from seminar.speakers import reminders, services
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission
from seminar.speakers.selectors import submission_changes
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory, pdf_upload
from tests.factories import speaker_answers as answers

pytestmark = pytest.mark.django_db

BASE = "https://site.example"


@pytest.fixture
def speaker():
    series = SeriesFactory(name="ML Seminar", slug="ml")
    session = SessionFactory(series=series, title="Old title", abstract="Old abstract.")
    return SpeakerFactory(session=session, name="Ada Lovelace", email="ada@example.org")


def token_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/seminar/speakers/" in line)
    return line.strip().split("/seminar/speakers/")[1].rstrip("/")


def test_invitation_mail_has_personal_link_html_and_calendar(speaker):
    invitation = services.invite(speaker, BASE)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == f"Your talk in ML Seminar #{speaker.session.number}: Old title"
    link = services.invitation_link(invitation, BASE)
    assert link.startswith(f"{BASE}/seminar/speakers/") and link in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html" and f'href="{link}"' in html
    ((filename, content, attachment_type),) = message.attachments
    assert filename == f"ml-{speaker.session.number}.ics"
    assert attachment_type.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == speaker.session.uid
    assert services.invitation_for_token(token_in(message)) == invitation
    assert invitation.state == InvitationState.INVITED and invitation.invited_at is not None


def test_invite_needs_an_address(speaker):
    speaker.email = ""
    with pytest.raises(services.SpeakerWorkflowError, match="has no e-mail address"):
        services.invite(speaker)
    assert mail.outbox == [] and not SpeakerInvitation.objects.exists()


def test_link_expires_the_configured_number_of_days_after_the_session(speaker, settings):
    settings.SPEAKER_LINK_DAYS_AFTER_SESSION = 30
    invitation = services.invite(speaker)
    token = services.link_token(invitation)
    end = speaker.session.end
    assert services.invitation_for_token(token, now=end + timedelta(days=30)) == invitation
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(token, now=end + timedelta(days=30, seconds=1))
    settings.SPEAKER_LINK_DAYS_AFTER_SESSION = 5
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(token, now=end + timedelta(days=6))


def test_revoked_and_replaced_links_stop_working(speaker):
    invitation = services.invite(speaker)
    first = services.link_token(invitation)
    services.invite(speaker)  # re-send: a new link
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(first)
    invitation.refresh_from_db()
    second = services.link_token(invitation)
    assert services.invitation_for_token(second) == invitation
    services.revoke(invitation)
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(second)
    with pytest.raises(services.InvitationNotFound):  # nor can the old nonce be replayed
        services.invitation_for_token(
            signing.Signer(salt="other").sign_object({"i": invitation.pk, "n": invitation.nonce})
        )
    renewed = services.invite(speaker)
    assert renewed.state == InvitationState.INVITED and renewed.revoked_at is None
    assert services.invitation_for_token(services.link_token(renewed)) == renewed


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: "",
        lambda token: "not-a-token",
    ],
)
def test_tampered_tokens_are_refused(speaker, tamper):
    invitation = services.invite(speaker)
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(tamper(services.link_token(invitation)))


def test_a_link_cannot_be_pointed_at_another_speaker(speaker):
    other = SpeakerFactory(session=speaker.session, email="bob@example.org")
    mine, theirs = services.invite(speaker), services.invite(other)
    signer = signing.Signer(salt=services.TOKEN_SALT)
    payload = signer.unsign_object(mine_token := services.link_token(mine))
    # Swapping the id inside my token breaks its signature ...
    their_payload = signing.Signer(salt="x").sign_object({"i": theirs.pk, "n": payload["n"]})
    swapped = their_payload.split(":")[0] + ":" + mine_token.split(":")[1]
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(swapped)
    # ... and even correctly signed, my nonce does not open their invitation.
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(signer.sign_object({"i": theirs.pk, "n": payload["n"]}))
    assert services.invitation_for_token(mine_token).speaker == speaker
    assert services.invitation_for_token(services.link_token(theirs)).speaker == other


def assert_own_copy(published, submitted):  # approved slides: the session's own file
    assert re.fullmatch(r"slides/[0-9a-f]{32}\.pdf", published.name)
    with published.open("rb") as mine, submitted.open("rb") as theirs:
        assert mine.read() == theirs.read()


def test_submission_is_stored_beside_the_session_until_approved(speaker, settings):
    settings.SEMINAR_ORGANISER_EMAILS = ["org@example.org"]
    invitation = services.invite(speaker, BASE)
    mail.outbox.clear()
    submission = services.submit(invitation, {**answers(), "slides": pdf_upload()}, BASE)
    session = Session.objects.get(pk=speaker.session.pk)
    assert (session.title, session.abstract, session.slides.name) == (
        "Old title",
        "Old abstract.",
        "",
    )
    speaker.refresh_from_db()
    assert speaker.name == "Ada Lovelace"
    assert submission.slides.name.startswith("speaker-submissions/")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    (notice,) = mail.outbox
    assert notice.to == ["org@example.org"]
    assert f"{BASE}/admin/seminar/session/{session.pk}/review/{invitation.pk}/" in notice.body


def test_organisers_default_to_staff_who_may_change_sessions(django_user_model):
    from django.contrib.auth.models import Permission

    django_user_model.objects.create_user("boss", "boss@example.org", is_staff=True,
                                          is_superuser=True)  # fmt: skip
    editor = django_user_model.objects.create_user("ed", "ed@example.org", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(codename="change_session", content_type__app_label="seminar")
    )
    django_user_model.objects.create_user("viewer", "viewer@example.org", is_staff=True)
    django_user_model.objects.create_user("gone", "gone@example.org", is_staff=True,
                                          is_superuser=True, is_active=False)  # fmt: skip
    assert services.organiser_emails() == ["boss@example.org", "ed@example.org"]


def test_changes_list_old_and_new_field_by_field(speaker):
    invitation = services.invite(speaker)
    submission = services.submit(invitation, answers(affiliation=speaker.affiliation))
    rows = {change.label: (change.old, change.new) for change in
            submission_changes(submission)}  # fmt: skip
    assert rows["Title"] == ("Old title", "New title")
    assert rows["Name"] == ("Ada Lovelace", "Ada King")
    assert rows["Agrees to publishing the recording"] == ("Not answered", "Yes")
    assert "Affiliation" not in rows  # unchanged fields are left out


def test_approval_applies_everything_in_one_revision_and_thanks_the_speaker(speaker, staff_user):
    invitation = services.invite(speaker)
    submission = services.submit(invitation, {**answers(), "slides": pdf_upload()})
    mail.outbox.clear()
    changed = services.approve(invitation, submission.revision, staff_user)
    assert "title" in changed and "name" in changed and "slides" in changed
    session = Session.objects.get(pk=speaker.session.pk)
    assert (session.title, session.abstract) == ("New title", "New *abstract*.")
    assert_own_copy(session.slides, submission.slides)
    assert session.may_publish_recording and session.may_stream
    speaker.refresh_from_db()
    assert speaker.recording_consent is True and speaker.livestream_consent is True
    assert (speaker.name, speaker.affiliation, speaker.orcid, speaker.bio) == (
        "Ada King",
        "Analytical Engines Ltd",
        "0000-0002-1825-0097",
        "Wrote the first program.",
    )
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.APPROVED and invitation.reviewed_at
    version = Version.objects.get_for_object(session).first()
    assert version.revision.comment == "Approved the details sent by Ada Lovelace."
    assert version.revision.user == staff_user
    (thanks,) = mail.outbox
    assert thanks.to == ["ada@example.org"] and "approved" in thanks.body


def test_approval_refuses_a_revision_staff_did_not_see(speaker):
    invitation = services.invite(speaker)
    services.submit(invitation, answers())
    services.submit(invitation, answers(title="Newer title"))
    with pytest.raises(services.SpeakerWorkflowError, match="newer version"):
        services.approve(invitation, revision=1)
    assert Session.objects.get(pk=speaker.session.pk).title == "Old title"
    services.approve(invitation, revision=2)
    assert Session.objects.get(pk=speaker.session.pk).title == "Newer title"


def test_request_for_changes_is_mailed_and_the_link_keeps_working(speaker):
    invitation = services.invite(speaker, BASE)
    services.submit(invitation, answers())
    mail.outbox.clear()
    with pytest.raises(services.SpeakerWorkflowError, match="Write what"):
        services.request_changes(invitation, "   ")
    services.request_changes(invitation, "Please shorten the abstract.", BASE)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Please shorten the abstract." in message.body
    assert services.invitation_link(invitation, BASE) in message.body
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CHANGES_REQUESTED
    assert services.invitation_for_token(services.link_token(invitation)) == invitation
    assert Session.objects.get(pk=speaker.session.pk).title == "Old title"


def test_consent_is_given_only_if_every_speaker_agrees(speaker):
    other = SpeakerFactory(session=speaker.session, name="Bob", email="bob@example.org")
    first = services.invite(speaker)
    services.approve(first, services.submit(first, answers()).revision)
    # Bob has not answered, and staff have recorded nothing for him: Ada's yes is not his.
    session = Session.objects.get(pk=speaker.session.pk)
    assert not session.may_publish_recording and not session.may_stream
    second = services.invite(other)
    submission = services.submit(second, answers(name="Bob", recording_consent=False))
    services.approve(second, submission.revision)
    Session.objects.filter(pk=session.pk).update(recording_consent=True, livestream_consent=True)
    session = Session.objects.get(pk=speaker.session.pk)
    # Staff's tick stands only for speakers without an answer; Bob's "no" wins.
    assert session.may_stream and not session.may_publish_recording


def test_staff_recorded_consent_stands_for_speakers_who_did_not_answer(speaker):
    SpeakerFactory(session=speaker.session, name="Bob", email="")  # never invited
    first = services.invite(speaker)
    services.approve(first, services.submit(first, answers()).revision)
    session = Session.objects.get(pk=speaker.session.pk)
    assert not session.may_publish_recording
    Session.objects.filter(pk=session.pk).update(recording_consent=True)
    assert Session.objects.get(pk=session.pk).may_publish_recording


def end_the_talk(session):
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(hours=23)
    )


def test_slides_after_the_talk_never_drop_a_speakers_no(speaker):
    other = SpeakerFactory(session=speaker.session, name="Bob", email="bob@example.org")
    first, second = services.invite(speaker), services.invite(other)
    services.approve(first, services.submit(first, answers(recording_consent=False)).revision)
    pending = services.submit(second, answers(name="Bob"))  # Bob agrees; not reviewed yet
    end_the_talk(speaker.session)
    slides = services.submit(first, {"slides": pdf_upload()})
    assert slides.slides_only and slides.recording_consent is None
    services.approve(first, slides.revision)
    services.approve(second, pending.revision)
    speaker.refresh_from_db()
    assert speaker.recording_consent is False
    session = Session.objects.get(pk=speaker.session.pk)
    assert not session.may_publish_recording and session.slides
    assert session.may_stream  # both agreed to that


def test_a_submission_that_does_not_ask_about_consent_keeps_the_answer(speaker):
    invitation = services.invite(speaker)
    services.approve(
        invitation, services.submit(invitation, answers(recording_consent=False)).revision
    )
    submission = services.submit(invitation, {"title": "Shorter title", "name": "Ada King"})
    assert submission.recording_consent is None
    services.approve(invitation, submission.revision)
    speaker.refresh_from_db()
    assert (speaker.recording_consent, speaker.livestream_consent) == (False, True)


def test_slides_after_the_talk_join_the_details_awaiting_review(speaker):
    invitation = services.invite(speaker)
    services.submit(invitation, answers(recording_consent=False))
    end_the_talk(speaker.session)
    submission = services.submit(invitation, {"slides": pdf_upload()})
    assert not submission.slides_only and submission.revision == 2
    assert (submission.title, submission.name) == ("New title", "Ada King")
    assert submission.recording_consent is False and submission.slides
    labels = {change.label for change in submission_changes(submission)}
    assert {"Title", "Abstract", "Slides", "Name", "Agrees to publishing the recording"} <= labels
    services.approve(invitation, submission.revision)
    session = Session.objects.get(pk=speaker.session.pk)
    assert session.title == "New title"
    assert_own_copy(session.slides, submission.slides)
    speaker.refresh_from_db()
    assert (speaker.name, speaker.recording_consent) == ("Ada King", False)


def test_a_new_submission_after_approval_proposes_only_what_it_sends(speaker):
    invitation = services.invite(speaker)
    services.approve(invitation, services.submit(invitation, answers()).revision)
    end_the_talk(speaker.session)
    submission = services.submit(invitation, {"slides": pdf_upload()})
    assert submission.slides_only and submission.title == ""
    rows = [change.label for change in submission_changes(submission)]
    assert rows == ["Slides"]


def test_after_the_talk_anything_but_slides_is_refused(speaker):
    invitation = services.invite(speaker)
    end_the_talk(speaker.session)
    with pytest.raises(services.SpeakerWorkflowError, match="only slides can be added now"):
        services.submit(invitation, {"title": "Sneaky", "slides": pdf_upload()})
    assert not SpeakerSubmission.objects.exists()


def test_slides_are_stored_under_a_random_pdf_name(speaker):
    invitation = services.invite(speaker)
    submission = services.submit(invitation, {**answers(), "slides": pdf_upload("x.html")})
    assert re.fullmatch(r"speaker-submissions/[0-9a-f]{32}\.pdf", submission.slides.name)


def test_withdrawn_consent_cannot_be_approved_over_a_published_recording(speaker):
    Session.objects.filter(pk=speaker.session.pk).update(
        youtube_video="dQw4w9WgXcQ", recording_consent=True
    )
    invitation = services.invite(speaker)
    submission = services.submit(invitation, answers(recording_consent=False))
    with pytest.raises(services.SpeakerWorkflowError, match="Remove the recording"):
        services.approve(invitation, submission.revision)
    session = Session.objects.get(pk=speaker.session.pk)
    assert session.recording_consent and session.title == "Old title"


def test_after_the_talk_only_slides_are_taken(speaker):
    Session.objects.filter(pk=speaker.session.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=2, hours=-1)
    )
    speaker.session.refresh_from_db()
    invitation = services.invite(speaker)
    with pytest.raises(services.SpeakerWorkflowError, match="only slides"):
        services.submit(invitation, answers())
    submission = services.submit(invitation, {"slides": pdf_upload()})
    assert submission.slides_only and submission.title == ""
    services.approve(invitation, submission.revision)
    session = Session.objects.get(pk=speaker.session.pk)
    assert session.title == "Old title"
    assert_own_copy(session.slides, submission.slides)
    assert not session.recording_consent and not session.may_publish_recording


def test_silent_invited_speakers_are_reminded_once(speaker, settings):
    settings.SPEAKER_REMINDER_DAYS_BEFORE = 7  # the session starts in 7 days (factory)
    now = timezone.now() + timedelta(minutes=1)
    invitation = services.invite(speaker, BASE)
    answered = SpeakerFactory(session=SessionFactory(start=now + timedelta(days=2)),
                              email="done@example.org")  # fmt: skip
    services.submit(services.invite(answered), answers())
    later = SpeakerFactory(session=SessionFactory(start=now + timedelta(days=9)),
                           email="later@example.org")  # fmt: skip
    services.invite(later)
    mail.outbox.clear()
    assert reminders.send_due_speaker_reminders(now=now, base_url=BASE) == [invitation]
    (reminder,) = mail.outbox
    assert reminder.to == ["ada@example.org"] and reminder.subject.startswith("Reminder:")
    assert services.invitation_link(invitation, BASE) in reminder.body
    assert reminders.send_due_speaker_reminders(now=now + timedelta(hours=1)) == []
    assert len(mail.outbox) == 1


def test_speaker_mails_join_a_site_url_with_a_trailing_slash_cleanly(speaker, settings):
    settings.SITE_URL = f"{BASE}/"
    invitation = services.invite(speaker)
    link = services.invitation_link(invitation)
    assert link.startswith(f"{BASE}/seminar/speakers/")
    assert link in mail.outbox[0].body
    submission = services.submit(invitation, answers())
    mail.outbox.clear()
    services.approve(invitation, submission.revision)
    (thanks,) = mail.outbox
    page = f"{BASE}{Session.objects.get(pk=speaker.session.pk).get_absolute_url()}"
    assert page in thanks.body.split()
    assert f'href="{page}"' in thanks.alternatives[0][0]


def test_revoking_keeps_details_awaiting_review_decidable(speaker):
    invitation = services.invite(speaker)
    token = services.link_token(invitation)
    submission = services.submit(invitation, answers())
    services.revoke(invitation)
    with pytest.raises(services.InvitationNotFound):
        services.invitation_for_token(token)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED and invitation.revoked_at
    mail.outbox.clear()
    services.request_changes(invitation, "Shorter, please.")
    (message,) = mail.outbox
    assert "/seminar/speakers/" not in message.body and "new one" in message.body
    # Re-invited: the details sent before are still proposed, and the link works again.
    invitation = services.invite(speaker)
    assert invitation.state == InvitationState.CHANGES_REQUESTED
    services.submit(invitation, {"title": "Shorter title"})
    submission.refresh_from_db()
    assert (submission.title, submission.bio) == ("Shorter title", "Wrote the first program.")
    services.revoke(invitation)
    services.approve(invitation, submission.revision)
    speaker.refresh_from_db()
    assert speaker.session.title == "Shorter title" and speaker.bio == "Wrote the first program."
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.APPROVED and invitation.revoked_at
    services.revoke(invitation)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED
    assert services.invite(speaker).state == InvitationState.APPROVED


def test_an_approval_changing_only_the_speaker_is_in_the_sessions_history(speaker):
    session = speaker.session
    invitation = services.invite(speaker)
    submission = services.submit(
        invitation,
        {"title": session.title, "abstract": session.abstract, "name": speaker.name,
         "affiliation": speaker.affiliation, "bio": "A new bio.", "recording_consent": False},
    )  # fmt: skip
    assert Version.objects.get_for_object(session).count() == 0

    services.approve(invitation, submission.revision)

    (version,) = Version.objects.get_for_object(session)
    assert version.revision.comment == "Approved the details sent by Ada Lovelace."
    (speaker_version,) = Version.objects.get_for_object(speaker).filter(revision=version.revision)
    assert speaker_version.field_dict["bio"] == "A new bio."
    assert speaker_version.field_dict["recording_consent"] is False
