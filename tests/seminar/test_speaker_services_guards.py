"""The refusals of seminar.speakers.services, each at its boundary: every test here turns red
when its guard is removed or moved (see the audit in issue 22)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from seminar.models import Session
from seminar.speakers import reminders, services
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission
from tests.factories import SessionFactory, SpeakerFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return SpeakerFactory(session=SessionFactory(title="Old title"), email="ada@example.org")


def move_session(speaker, start, minutes=60):
    Session.objects.filter(pk=speaker.session_id).update(
        start=start, end=start + timedelta(minutes=minutes)
    )
    speaker.session.refresh_from_db()


def test_inviting_after_the_link_window_closed_is_refused(speaker, settings):
    settings.SPEAKER_LINK_DAYS_AFTER_SESSION = 30
    end = speaker.session.end
    with pytest.raises(services.SpeakerWorkflowError, match="ended more than 30 days ago"):
        services.invite(speaker, now=end + timedelta(days=30, seconds=1))
    assert mail.outbox == [] and not SpeakerInvitation.objects.exists()
    assert services.invite(speaker, now=end + timedelta(days=30)).state == InvitationState.INVITED


def test_during_the_talk_all_details_may_still_be_sent(speaker):
    """ "Slides only" starts at the end of the talk, not at its start."""
    invitation = services.invite(speaker)
    move_session(speaker, timezone.now() - timedelta(minutes=10))
    submission = services.submit(invitation, {"title": "Said in the talk", "name": "Ada"})
    assert not submission.slides_only
    assert (submission.title, submission.name) == ("Said in the talk", "Ada")


def test_after_the_talk_a_submission_without_slides_is_refused(speaker):
    invitation = services.invite(speaker)
    move_session(speaker, timezone.now() - timedelta(hours=2))
    for empty in ({}, {"slides": None}):
        with pytest.raises(services.SpeakerWorkflowError, match="choose a PDF"):
            services.submit(invitation, empty)
    assert not SpeakerSubmission.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED
    assert services.submit(invitation, {"slides": pdf_upload()}).slides_only


@pytest.mark.parametrize("started_minutes_ago", [1, 90, 60 * 24 * 3])
def test_reminders_only_for_sessions_that_have_not_started(speaker, started_minutes_ago):
    services.invite(speaker)
    move_session(speaker, timezone.now() - timedelta(minutes=started_minutes_ago))
    mail.outbox.clear()
    assert reminders.send_due_speaker_reminders(days=7) == []
    assert mail.outbox == []
    assert SpeakerInvitation.objects.get().reminded_at is None


@pytest.mark.parametrize("state", ["invited", "approved", "revoked", "changes_requested"])
def test_changes_can_be_requested_only_for_a_submission_awaiting_review(speaker, state):
    invitation = services.invite(speaker)
    if state != "invited":
        submission = services.submit(invitation, {"title": "New", "name": "Ada"})
    if state == "approved":
        services.approve(invitation, submission.revision)
    elif state == "revoked":
        services.approve(invitation, submission.revision)
        services.revoke(invitation)
    elif state == "changes_requested":
        services.request_changes(invitation, "First round.")
    before = SpeakerInvitation.objects.values().get()
    assert before["state"] == state
    mail.outbox.clear()
    with pytest.raises(services.SpeakerWorkflowError, match="no submission awaiting review"):
        services.request_changes(invitation, "Shorter, please.")
    assert mail.outbox == []
    assert SpeakerInvitation.objects.values().get() == before
