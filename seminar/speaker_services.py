"""Writes of the speaker workflow: invite, revoke, submit, review, remind.

A speaker's link is the only credential: it signs (Django's signing framework, with the
site's secret key) the invitation's id and a random nonce stored with it. A new nonce, made
on every (re-)invitation and on revocation, invalidates every older link at once. Nothing
a speaker sends reaches the session before staff approve it through ``apply_submission``.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from groupsite.seo import absolute_url
from seminar import ical
from seminar.models import (
    InvitationState,
    Session,
    Speaker,
    SpeakerInvitation,
    SpeakerSubmission,
)
from seminar.services import update_session

TOKEN_SALT = "seminar.speaker-invitation"


class SpeakerWorkflowError(Exception):
    """An invitation step that cannot be taken now; the message says why, for staff."""


class InvitationNotFound(Exception):
    """Wrong, tampered, expired or revoked link: callers answer 404 without saying which."""


# Links ------------------------------------------------------------------------------------


def link_token(invitation: SpeakerInvitation) -> str:
    # No timestamp: expiry follows the session, and the same invitation always gets the
    # same link (a reminder repeats it).
    return signing.Signer(salt=TOKEN_SALT).sign_object({"i": invitation.pk, "n": invitation.nonce})


def invitation_link(invitation: SpeakerInvitation, base_url: str | None = None) -> str:
    path = reverse("seminar:speaker_form", kwargs={"token": link_token(invitation)})
    return absolute_url(base_url or settings.SITE_URL, path)


def link_expires_at(session: Session):
    return session.end + timedelta(days=settings.SPEAKER_LINK_DAYS_AFTER_SESSION)


def invitation_for_token(token: str, now=None) -> SpeakerInvitation:
    """The live invitation a link stands for, else InvitationNotFound (whatever the reason)."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
        invitation_id, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationNotFound from None
    invitation = (
        SpeakerInvitation.objects.select_related("speaker__session__series")
        .filter(pk=invitation_id)
        .exclude(state=InvitationState.REVOKED)
        .first()
    )
    if invitation is None or not secrets.compare_digest(invitation.nonce, nonce):
        raise InvitationNotFound
    if (now or timezone.now()) > link_expires_at(invitation.speaker.session):
        raise InvitationNotFound
    return invitation


# Mail -------------------------------------------------------------------------------------


def _mail(template: str, subject: str, to: list[str], context: dict, calendar_of=None):
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"seminar/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(
        render_to_string(f"seminar/email/{template}.html", context), "text/html"
    )
    if calendar_of is not None:
        session = calendar_of
        body = ical.calendar([session], session.series.name, context["base_url"], "PUBLISH")
        message.attach(
            f"{session.series.slug}-{session.number}.ics",
            body.decode(),
            "text/calendar; method=PUBLISH; charset=utf-8",
        )
    message.send()


def _speaker_context(invitation: SpeakerInvitation, base_url: str, **extra) -> dict:
    session = invitation.speaker.session
    return {
        "invitation": invitation,
        "speaker": invitation.speaker,
        "session": session,
        "base_url": base_url,
        "session_url": absolute_url(base_url, session),
        "link": invitation_link(invitation, base_url),
        "expires_at": timezone.localtime(link_expires_at(session), session.series.zone),
        **extra,
    }


def _session_label(session: Session) -> str:
    return f"{session.series.name} #{session.number}: {session.title}"


def organiser_emails() -> list[str]:
    """SEMINAR_ORGANISER_EMAILS, else every active staff user who may change sessions."""
    if settings.SEMINAR_ORGANISER_EMAILS:
        return list(settings.SEMINAR_ORGANISER_EMAILS)
    may_change = Q(is_superuser=True)
    for path in ("user_permissions", "groups__permissions"):
        may_change |= Q(
            **{f"{path}__codename": "change_session", f"{path}__content_type__app_label": "seminar"}
        )
    users = get_user_model().objects.filter(may_change, is_active=True, is_staff=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


# Staff steps ------------------------------------------------------------------------------


def invite(speaker: Speaker, base_url: str | None = None, now=None) -> SpeakerInvitation:
    """Mail ``speaker`` a fresh personal link; an earlier link stops working."""
    base_url = base_url or settings.SITE_URL
    now = now or timezone.now()
    if not speaker.email:
        raise SpeakerWorkflowError(
            f"{speaker.name} has no e-mail address; add it to the speaker first."
        )
    session = speaker.session
    if now > link_expires_at(session):
        raise SpeakerWorkflowError(
            f"“{session.title}” ended more than {settings.SPEAKER_LINK_DAYS_AFTER_SESSION} "
            "days ago; a link would already have expired."
        )
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().filter(speaker=speaker).first()
        if invitation is None:
            invitation = SpeakerInvitation(speaker=speaker)
        if invitation.state == InvitationState.REVOKED:
            invitation.state = InvitationState.INVITED
        invitation.email = speaker.email
        invitation.nonce = secrets.token_urlsafe(24)
        invitation.invited_at = now
        invitation.revoked_at = None
        invitation.save()
    _mail(
        "speaker_invitation",
        f"Your talk in {_session_label(session)}",
        [invitation.email],
        _speaker_context(invitation, base_url),
        calendar_of=session,
    )
    return invitation


def revoke(invitation: SpeakerInvitation, now=None) -> None:
    """The link stops working at once; a later invite sends a new one."""
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.state = InvitationState.REVOKED
    invitation.revoked_at = now or timezone.now()
    invitation.save(update_fields=["nonce", "state", "revoked_at"])


# Speaker steps ----------------------------------------------------------------------------


SUBMISSION_FIELDS = (
    "title", "abstract", "name", "affiliation", "homepage", "orcid", "bio",
    "livestream_consent", "recording_consent",
)  # fmt: skip


def submit(
    invitation: SpeakerInvitation, data: dict, base_url: str | None = None, now=None
) -> SpeakerSubmission:
    """Store what the speaker sent beside the session and tell the organisers.

    ``data`` holds cleaned form values; ``portrait`` and ``slides`` (uploads) may be absent,
    and after the talk only ``slides`` is taken.
    """
    now = now or timezone.now()
    session = invitation.speaker.session
    slides_only = session.is_over
    if slides_only and not data.get("slides"):
        raise SpeakerWorkflowError("After the talk only slides can be added; choose a PDF.")
    with transaction.atomic():
        locked = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.state == InvitationState.REVOKED or locked.nonce != invitation.nonce:
            raise SpeakerWorkflowError("This link is no longer valid.")
        submission = SpeakerSubmission.objects.filter(invitation=locked).first()
        if submission is None:
            submission = SpeakerSubmission(invitation=locked, revision=0)
        submission.slides_only = slides_only
        for field in SUBMISSION_FIELDS:
            if not slides_only:
                setattr(submission, field, data.get(field, getattr(submission, field)))
        for upload in ("portrait", "slides"):
            if data.get(upload) and not (slides_only and upload == "portrait"):
                getattr(submission, upload).save(data[upload].name, data[upload], save=False)
        submission.submitted_at = now
        submission.revision += 1
        submission.save()
        locked.state = InvitationState.SUBMITTED
        locked.submitted_at = now
        locked.save(update_fields=["state", "submitted_at"])
    recipients = organiser_emails()
    if recipients:
        base_url = base_url or settings.SITE_URL
        review = reverse("admin:seminar_session_review", args=[session.pk, locked.pk])
        _mail(
            "speaker_submitted",
            f"{locked.speaker.name} sent details for {_session_label(session)}",
            recipients,
            {
                "invitation": locked,
                "session": session,
                "review_url": absolute_url(base_url, review),
            },
        )
    return submission


# Review -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    is_file: bool = False


def _shown(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value or "")


def _planned_changes(submission: SpeakerSubmission) -> tuple[dict, dict]:
    """(session changes, speaker changes) that approving ``submission`` would make."""
    speaker = submission.invitation.speaker
    session = speaker.session
    session_changes, speaker_changes = {}, {}
    if submission.slides:
        session_changes["slides"] = submission.slides.name
    if submission.slides_only:
        return _only_different(session, session_changes), {}
    session_changes.update(title=submission.title, abstract=submission.abstract)
    session_changes.update(_consents_after(submission))
    speaker_changes = {
        field: getattr(submission, field)
        for field in ("name", "affiliation", "homepage", "orcid", "bio")
    }
    if submission.portrait:
        speaker_changes["portrait"] = submission.portrait.name
    return _only_different(session, session_changes), _only_different(speaker, speaker_changes)


def _only_different(instance, changes: dict) -> dict:
    def current(field):
        value = getattr(instance, field)
        return value.name if hasattr(value, "name") and field in ("slides", "portrait") else value

    return {field: value for field, value in changes.items() if current(field) != value}


def _consents_after(submission: SpeakerSubmission) -> dict:
    """A session may be streamed or published only if every approved speaker agrees."""
    session = submission.invitation.speaker.session
    others = SpeakerSubmission.objects.filter(
        invitation__speaker__session=session,
        invitation__state=InvitationState.APPROVED,
        slides_only=False,
    ).exclude(pk=submission.pk)
    answers = [submission, *others]
    return {
        "livestream_consent": all(answer.livestream_consent for answer in answers),
        "recording_consent": all(answer.recording_consent for answer in answers),
    }


def submission_changes(submission: SpeakerSubmission) -> list[FieldChange]:
    """Field by field, what approving would change: for the review page."""
    session_changes, speaker_changes = _planned_changes(submission)
    speaker = submission.invitation.speaker
    rows = []
    for instance, changes in ((speaker.session, session_changes), (speaker, speaker_changes)):
        for field, new in changes.items():
            model_field = instance._meta.get_field(field)
            old = getattr(instance, field)
            is_file = field in ("slides", "portrait")
            rows.append(
                FieldChange(
                    label=str(model_field.verbose_name).capitalize(),
                    old=old.url if is_file and old else _shown(old),
                    new=getattr(submission, field).url if is_file else _shown(new),
                    is_file=is_file,
                )
            )
    return rows


def apply_submission(submission: SpeakerSubmission, user=None) -> list[str]:
    """The one place a speaker's submission changes the session and the speaker.

    Returns the labels of the changed fields; recorded in the history as one revision.
    """
    session_changes, speaker_changes = _planned_changes(submission)
    speaker = submission.invitation.speaker
    session = speaker.session
    if (
        session_changes.get("recording_consent") is False
        and session.youtube_video
        and not session_changes.get("youtube_video")
    ):
        raise SpeakerWorkflowError(
            "The speaker does not agree to publishing the recording, but the session has one. "
            "Remove the recording from the session first, or ask the speaker to reconsider."
        )
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Approved the details sent by {speaker.name}.")
        if session_changes:
            try:
                update_session(session, **session_changes)
            except ValidationError as error:
                raise SpeakerWorkflowError(
                    "The session cannot take these changes: " + " ".join(error.messages)
                ) from None
        for field, value in speaker_changes.items():
            setattr(speaker, field, value)
        if speaker_changes:
            speaker.save()
    return [
        str(instance._meta.get_field(field).verbose_name)
        for instance, changes in ((session, session_changes), (speaker, speaker_changes))
        for field in changes
    ]


def approve(
    invitation: SpeakerInvitation, revision: int, user=None, base_url=None, now=None
) -> list[str]:
    """Apply the submission staff reviewed (``revision``) and thank the speaker."""
    with transaction.atomic():
        locked = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        submission = SpeakerSubmission.objects.filter(invitation=locked).first()
        if locked.state != InvitationState.SUBMITTED or submission is None:
            raise SpeakerWorkflowError("There is no submission awaiting review.")
        if submission.revision != revision:
            raise SpeakerWorkflowError(
                "The speaker sent a newer version while you were reviewing; look at it again."
            )
        changed = apply_submission(submission, user)
        locked.state = InvitationState.APPROVED
        locked.reviewed_at = now or timezone.now()
        locked.save(update_fields=["state", "reviewed_at"])
    base_url = base_url or settings.SITE_URL
    _mail(
        "speaker_approved",
        f"Thank you: your details for {_session_label(locked.speaker.session)} are online",
        [locked.email],
        _speaker_context(locked, base_url),
    )
    return changed


def request_changes(invitation: SpeakerInvitation, message: str, base_url=None, now=None) -> None:
    """Send the submission back to the speaker with ``message``; their link keeps working."""
    message = message.strip()
    if not message:
        raise SpeakerWorkflowError("Write what the speaker should change.")
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != InvitationState.SUBMITTED:
            raise SpeakerWorkflowError("There is no submission awaiting review.")
        invitation.state = InvitationState.CHANGES_REQUESTED
        invitation.review_message = message
        invitation.reviewed_at = now or timezone.now()
        invitation.save(update_fields=["state", "review_message", "reviewed_at"])
    base_url = base_url or settings.SITE_URL
    _mail(
        "speaker_changes_requested",
        f"Please revise your details for {_session_label(invitation.speaker.session)}",
        [invitation.email],
        _speaker_context(invitation, base_url, message=message),
    )


# Reminders --------------------------------------------------------------------------------


def send_due_speaker_reminders(
    days: int | None = None, now=None, base_url: str | None = None
) -> list[SpeakerInvitation]:
    """Remind, once, invited speakers who have not answered and speak within ``days``."""
    now = now or timezone.now()
    days = settings.SPEAKER_REMINDER_DAYS_BEFORE if days is None else days
    due = (
        SpeakerInvitation.objects.filter(
            state=InvitationState.INVITED,
            reminded_at__isnull=True,
            speaker__session__start__gt=now,
            speaker__session__start__lte=now + timedelta(days=days),
        )
        .select_related("speaker__session__series")
        .order_by("speaker__session__start")
    )
    sent = []
    for invitation in due:
        with transaction.atomic():
            # Claim first, so two overlapping cron runs cannot both send.
            claimed = SpeakerInvitation.objects.filter(
                pk=invitation.pk, reminded_at__isnull=True, state=InvitationState.INVITED
            ).update(reminded_at=now)
            if claimed:
                _mail(
                    "speaker_reminder",
                    f"Reminder: your details for {_session_label(invitation.speaker.session)}",
                    [invitation.email],
                    _speaker_context(invitation, base_url or settings.SITE_URL),
                )
                sent.append(invitation)
    return sent
