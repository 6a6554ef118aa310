"""seminar.speakers.services when mail fails or is slow, and when two requests invite at
once (split from test_speaker_services.py)."""

import socket
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from config import env
from seminar.speakers import reminders, services
from seminar.speakers.models import InvitationState, SpeakerInvitation
from tests.factories import SpeakerFactory
from tests.factories import speaker_answers as answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return SpeakerFactory(session__title="Old title", name="Ada Lovelace", email="ada@example.org")


def test_a_mail_outage_keeps_the_submission_and_records_the_failure(
    speaker, settings, mail_outage, caplog
):
    settings.SEMINAR_ORGANISER_EMAILS = ["org@example.org"]
    invitation = SpeakerInvitation.objects.create(
        speaker=speaker, email=speaker.email, nonce="n", invited_at=timezone.now()
    )
    submission = services.submit(invitation, answers())
    submission.refresh_from_db()
    assert submission.title == "New title"
    assert "Connection unexpectedly closed" in submission.notification_error
    assert "Telling the organisers of submission" in caplog.text
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.submit(invitation, answers()).notification_error == ""


def test_an_invitation_that_cannot_be_mailed_is_not_recorded(speaker, settings, mail_outage):
    with pytest.raises(services.MailNotSent, match="could not be sent"):
        services.invite(speaker)
    assert not SpeakerInvitation.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    invitation = services.invite(speaker)
    token = services.link_token(invitation)
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"
    with pytest.raises(services.MailNotSent):
        services.invite(speaker)  # a re-send that failed: the old link keeps working
    assert services.invitation_for_token(token) == invitation


def test_mail_outages_in_review_and_reminders(speaker, settings, mail_outage):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    invitation = services.invite(speaker)
    submission = services.submit(invitation, answers())
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"
    with pytest.raises(services.MailNotSent):
        services.request_changes(invitation, "Shorter, please.")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED and invitation.review_message == ""
    with pytest.raises(services.ThanksNotMailed) as failure:
        services.approve(invitation, submission.revision)
    assert "title" in failure.value.changed
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.APPROVED
    silent = SpeakerFactory(session=speaker.session, email="bob@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    bob = services.invite(silent)
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"
    now = timezone.now() + timedelta(minutes=1)
    assert reminders.send_due_speaker_reminders(days=7, now=now) == []
    bob.refresh_from_db()
    assert bob.reminded_at is None  # tried again next time:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due_speaker_reminders(days=7, now=now) == [bob]


@pytest.fixture
def silent_mail_server(settings):
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.getsockname()[1]
    yield
    server.close()


def test_a_mail_server_that_never_answers_is_given_up_on_within_email_timeout(
    speaker, settings, silent_mail_server
):
    settings.EMAIL_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(services.MailNotSent, match="timed out"):
        services.invite(speaker)
    assert time.monotonic() - started < 5
    assert not SpeakerInvitation.objects.exists()


def test_email_timeout_comes_from_the_environment(monkeypatch):
    from django.conf import settings

    assert settings.EMAIL_TIMEOUT == 10
    monkeypatch.setenv("EMAIL_TIMEOUT", "3")
    assert env.integer("EMAIL_TIMEOUT", 10) == 3


def test_invite_holds_no_lock_while_the_mail_is_sent(speaker, settings, monkeypatch):
    """Another request may write the speaker's invitation while the mail is on its way."""
    seen, outside = [], len(connection.savepoint_ids)  # the test's own transaction

    def sending(*args, **kwargs):
        seen.append(len(connection.savepoint_ids) > outside)
        SpeakerInvitation.objects.filter(speaker=speaker).update(email="checked@example.org")

    monkeypatch.setattr(services, "send_mail", sending)
    invitation = services.invite(speaker)
    assert seen == [False]
    invitation.refresh_from_db()
    assert invitation.email == "checked@example.org"


def test_a_failed_re_send_restores_the_earlier_invitation_exactly(speaker, settings, mail_outage):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    invitation = services.invite(speaker, now=timezone.now() - timedelta(days=1))
    before = SpeakerInvitation.objects.filter(pk=invitation.pk).values().get()
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"
    with pytest.raises(services.MailNotSent):
        services.invite(speaker)
    assert SpeakerInvitation.objects.filter(pk=invitation.pk).values().get() == before


def test_an_invitation_written_meanwhile_is_not_sent_again(speaker):
    started = timezone.now()
    SpeakerInvitation.objects.create(
        speaker=speaker, email=speaker.email, nonce="n", invited_at=started + timedelta(seconds=1)
    )
    with pytest.raises(services.SpeakerWorkflowError, match="at this moment"):
        services.invite(speaker, now=started)
    assert mail.outbox == []


def test_a_simultaneous_first_invitation_without_row_locks_is_refused(speaker, monkeypatch):
    SpeakerInvitation.objects.create(
        speaker=speaker, email=speaker.email, nonce="n", invited_at=timezone.now()
    )
    real_filter = SpeakerInvitation.objects.filter

    def not_yet_there(*args, **kwargs):  # as the other request's insert was not committed
        return real_filter(*args, **kwargs).none()

    monkeypatch.setattr(SpeakerInvitation.objects, "filter", not_yet_there)
    with pytest.raises(services.SpeakerWorkflowError, match="at this moment"):
        services.invite(speaker)
    assert mail.outbox == []
