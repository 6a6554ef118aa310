"""Writes of the speaker workflow: invite, revoke, submit, review, remind.

A speaker's link is the only credential: it signs (Django's signing framework, with the
site's secret key) the invitation's id and a random nonce stored with it. A new nonce, made
on every (re-)invitation and on revocation, invalidates every older link at once. Nothing
a speaker sends reaches the session before staff approve it through ``apply_submission``.
"""

import logging
import secrets
from pathlib import PurePath

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.content.seo import absolute_url
from groupsite.media.renditions import renditions_of
from seminar.mail import send_mail
from seminar.models import Session, Speaker
from seminar.services import update_session
from seminar.speakers.links import (  # noqa: F401  (callers use services.<name>)
    TOKEN_SALT,
    InvitationNotFound,
    invitation_for_token,
    invitation_link,
    link_expires_at,
    link_token,
)
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission
from seminar.speakers.selectors import EDITABLE_FIELDS, field_name, planned_changes

# What a mail server that is down, refuses or times out raises: smtplib.SMTPException and
# socket timeouts are OSErrors too. The steps below turn it into MailNotSent/ThanksNotMailed.
MAIL_ERRORS = (OSError,)

# Where permissions are held (axes' backend, also configured, checks logins only).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"

logger = logging.getLogger(__name__)


class SpeakerWorkflowError(Exception):
    """An invitation step that cannot be taken now; the message says why, for staff."""


class MailNotSent(SpeakerWorkflowError):
    """The mail could not go out, so the step was not recorded; staff may try again."""


class ThanksNotMailed(Exception):
    """Approved and applied, but the thank-you mail could not go out."""

    def __init__(self, changed: list[str], error: Exception):
        super().__init__(str(error))
        self.changed = changed


# Mail -------------------------------------------------------------------------------------


def speaker_context(invitation: SpeakerInvitation, base_url: str, **extra) -> dict:
    session = invitation.speaker.session
    return {
        "invitation": invitation,
        "speaker": invitation.speaker,
        "session": session,
        "base_url": base_url,
        "session_url": absolute_url(base_url, session),
        # A revoked link is never mailed (details awaiting review may still be decided).
        "link": "" if invitation.revoked_at else invitation_link(invitation, base_url),
        "expires_at": timezone.localtime(link_expires_at(session), session.series.zone),
        **extra,
    }


def session_label(session: Session) -> str:
    return _("%(series)s #%(number)s: %(title)s") % {
        "series": session.series.name,
        "number": session.number,
        "title": session.title,
    }


def organiser_emails() -> list[str]:
    """SEMINAR_ORGANISER_EMAILS, else every active staff user who may change sessions."""
    if settings.SEMINAR_ORGANISER_EMAILS:
        return list(settings.SEMINAR_ORGANISER_EMAILS)
    # with_perm counts superusers and permissions held directly or through a group.
    users = get_user_model().objects.with_perm(
        "seminar.change_session", is_active=True, backend=PERMISSION_BACKEND
    )
    users = users.filter(is_staff=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


# Staff steps ------------------------------------------------------------------------------


def invite(
    speaker: Speaker, base_url: str | None = None, now=None, language: str = ""
) -> SpeakerInvitation:
    """Mail ``speaker`` a fresh personal link; an earlier link stops working.

    The mail, and the reminder and review mails after it, are written in ``language``
    ("en" or "de"); left empty, in the language chosen for the last link, else in the
    series' language.
    """
    base_url = base_url or settings.SITE_URL
    now = now or timezone.now()
    if not speaker.email:
        raise SpeakerWorkflowError(
            _("%(name)s has no e-mail address; add it to the speaker first.")
            % {"name": speaker.name}
        )
    session = speaker.session
    if now > link_expires_at(session):
        raise SpeakerWorkflowError(
            _("“%(title)s” ended more than %(days)s days ago; a link would already have expired.")
            % {"title": session.title, "days": settings.SPEAKER_LINK_DAYS_AFTER_SESSION}
        )
    try:
        with transaction.atomic():
            # The speaker's row is the lock (an invitation may not exist yet), held only
            # while the invitation is written: never while the mail server is slow.
            Speaker.objects.select_for_update().filter(pk=speaker.pk).values_list("pk").get()
            invitation = SpeakerInvitation.objects.filter(speaker=speaker).first()
            if invitation is None:
                invitation, before = SpeakerInvitation(speaker=speaker), None
            elif invitation.invited_at >= now:
                raise SpeakerWorkflowError(_invited_meanwhile(speaker))
            else:
                before = {field: getattr(invitation, field) for field in _INVITE_WRITES}
            if invitation.state == InvitationState.REVOKED:
                # Open details were never revoked (see revoke); only the link was.
                invitation.state = _state_without_link(invitation)
            invitation.email = speaker.email
            invitation.language = language or invitation.language or session.series.language
            invitation.uploaded_bytes = 0  # a new link, a new upload budget
            invitation.nonce = secrets.token_urlsafe(24)
            invitation.invited_at = now
            invitation.revoked_at = None
            invitation.save()
    except IntegrityError:
        # Without row locks (SQLite), a simultaneous first invitation is refused here.
        raise SpeakerWorkflowError(_invited_meanwhile(speaker)) from None
    try:
        with translation.override(invitation.mail_language):
            send_mail(
                "seminar/speakers/email/speaker_invitation",
                _("Your talk in %(talk)s") % {"talk": session_label(session)},
                [invitation.email],
                speaker_context(invitation, base_url),
                calendar_of=session,
            )
    except MAIL_ERRORS as error:
        # No "invited" without a mail: undo the write, unless a newer invitation replaced
        # it meanwhile. A re-send that failed leaves the earlier link working.
        logger.exception("Inviting speaker %s failed", speaker.pk)
        ours = SpeakerInvitation.objects.filter(pk=invitation.pk, nonce=invitation.nonce)
        if before is None:
            ours.delete()
        else:
            ours.update(**before)
        raise MailNotSent(
            _(
                "The mail to %(name)s could not be sent (%(error)s); nothing was recorded, try "
                "again later."
            )
            % {"name": speaker.name, "error": error}
        ) from error
    return invitation


_INVITE_WRITES = (
    "state", "email", "language", "nonce", "invited_at", "revoked_at", "uploaded_bytes",
)  # fmt: skip


def _invited_meanwhile(speaker: Speaker) -> str:
    return _(
        "%(name)s is being invited by another request at this moment; nothing more was sent. "
        "Look at their state again in a moment."
    ) % {"name": speaker.name}


def _state_without_link(invitation: SpeakerInvitation) -> str:
    """Where a re-invited, revoked invitation stands: answered before, or not yet."""
    answered = invitation.reviewed_at is not None
    answered = answered and SpeakerSubmission.objects.filter(invitation=invitation).exists()
    return InvitationState.APPROVED if answered else InvitationState.INVITED


def revoke(invitation: SpeakerInvitation, now=None) -> None:
    """The link stops working at once; a later invite sends a new one.

    Details awaiting review (or the speaker's revision) stay reviewable: staff may still
    approve them or ask for changes; the state shows the revocation only when nothing is
    open.
    """
    with transaction.atomic():
        locked = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        locked.nonce = secrets.token_urlsafe(24)
        locked.revoked_at = now or timezone.now()
        if locked.state in (InvitationState.INVITED, InvitationState.APPROVED):
            locked.state = InvitationState.REVOKED
        locked.save(update_fields=["nonce", "state", "revoked_at"])
    for field in ("nonce", "state", "revoked_at"):
        setattr(invitation, field, getattr(locked, field))


# Speaker steps ----------------------------------------------------------------------------


SUBMISSION_FIELDS = (
    "title", "abstract", "name", "affiliation", "homepage", "orcid", "bio",
    "livestream_consent", "recording_consent",
)  # fmt: skip


def submit(
    invitation: SpeakerInvitation, data: dict, base_url: str | None = None, now=None
) -> SpeakerSubmission:
    """Store what the speaker sent beside the session and tell the organisers.

    ``data`` holds cleaned form values; ``portrait`` and ``slides`` (uploads) may be absent.
    A consent question missing from ``data`` is not answered: the earlier answer stands.
    Details not yet reviewed are never dropped: a later submission (slides after the talk,
    say) joins them. After the talk only ``slides`` is taken; anything else is refused.
    If the organisers cannot be mailed, the submission is kept and the failure recorded on
    it (``notification_error``) for staff to see.
    """
    now = now or timezone.now()
    # Fresh from the database: whether the talk is over decides what may be sent.
    session = Session.objects.select_related("series").get(pk=invitation.speaker.session_id)
    slides_only = session.end < now
    if slides_only:
        if any(data.get(field) not in (None, "") for field in (*SUBMISSION_FIELDS, "portrait")):
            raise SpeakerWorkflowError(AFTER_THE_TALK)
        if not data.get("slides"):
            raise SpeakerWorkflowError(_("After the talk only slides can be added; choose a PDF."))
    with transaction.atomic():
        locked = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        revoked = locked.state == InvitationState.REVOKED or locked.revoked_at is not None
        if revoked or locked.nonce != invitation.nonce:
            raise SpeakerWorkflowError(_("This link is no longer valid."))
        locked.uploaded_bytes += _within_budget(locked, data)
        submission = SpeakerSubmission.objects.filter(invitation=locked).first()
        held_before = _files_of(submission)
        awaiting_review = submission is not None and locked.state in (
            InvitationState.SUBMITTED, InvitationState.CHANGES_REQUESTED,
        )  # fmt: skip
        if submission is None:
            submission = SpeakerSubmission(invitation=locked, revision=0)
        elif not awaiting_review:
            _start_afresh(submission)  # what it held is on the site already
        if not slides_only:
            submission.slides_only = False
            for field in SUBMISSION_FIELDS:
                if field in data:
                    setattr(submission, field, data[field])
        elif not awaiting_review:
            submission.slides_only = True
        # else: the slides join the details awaiting review (slides_only stays False).
        if data.get("portrait"):
            # Stored by the save below, through the image pipeline (CheckedImageField).
            submission.portrait = data["portrait"]
        if data.get("slides"):
            submission.slides.save(data["slides"].name, data["slides"], save=False)
        submission.submitted_at = now
        submission.revision += 1
        submission.notification_error = ""
        submission.save()
        locked.state = InvitationState.SUBMITTED
        locked.submitted_at = now
        locked.save(update_fields=["state", "submitted_at", "uploaded_bytes"])
        _delete_when_unused(held_before - _files_of(submission))
    _tell_organisers(submission, base_url)
    return submission


AFTER_THE_TALK = gettext_lazy(
    "The talk is over: only slides can be added now. Nothing else was saved; if something "
    "else should change, write to the organisers."
)


def _within_budget(invitation: SpeakerInvitation, data: dict) -> int:
    """Bytes uploaded now; refused if they take the link past SPEAKER_UPLOAD_BUDGET_MB.

    Counted over the link's life, not what it holds now: replaced files are deleted, but
    writing them again and again would still wear the disk and fill backups between runs.
    """
    incoming = sum(data[field].size for field in ("portrait", "slides") if data.get(field))
    budget = settings.SPEAKER_UPLOAD_BUDGET_MB * 1024 * 1024
    if incoming and invitation.uploaded_bytes + incoming > budget:
        raise SpeakerWorkflowError(
            _(
                "Your link may upload %(budget)s MB of files in all and has used %(used)s MB; "
                "these files would take it past that. Nothing was saved: send the form without "
                "files, or write to the organisers, who can send you a new link."
            )
            % {
                "budget": settings.SPEAKER_UPLOAD_BUDGET_MB,
                "used": number_format(invitation.uploaded_bytes / 1024 / 1024, 1),
            }
        )
    return incoming


def _files_of(submission: SpeakerSubmission | None) -> set[str]:
    if submission is None:
        return set()
    return {name for name in (submission.portrait.name, submission.slides.name) if name}


def _delete_when_unused(names: set[str]) -> None:
    """Delete files a submission no longer points at, once that is committed.

    Approval copies what it publishes, so these are the speaker's alone; a file the site
    shows all the same (slides approved before approval copied them) stays.
    """
    if not names:
        return

    def delete():
        in_use = {
            *Session.objects.filter(slides__in=names).values_list("slides", flat=True),
            *Speaker.objects.filter(portrait__in=names).values_list("portrait", flat=True),
            *SpeakerSubmission.objects.filter(portrait__in=names).values_list(
                "portrait", flat=True
            ),
            *SpeakerSubmission.objects.filter(slides__in=names).values_list("slides", flat=True),
        }
        for name in names - in_use:
            # With the thumbnails the speaker form showed of a portrait awaiting review.
            for rendition in renditions_of(name):
                default_storage.delete(rendition)
            default_storage.delete(name)

    transaction.on_commit(delete)


@receiver(post_delete, sender=SpeakerSubmission)
def _delete_files_of_deleted_submission(sender, instance, **kwargs):
    # A speaker removed from a session takes their invitation and submission with them.
    _delete_when_unused(_files_of(instance))


def _start_afresh(submission: SpeakerSubmission) -> None:
    """Empty an already reviewed submission, so only what is sent now is proposed.

    The submission lets go of its files (submit deletes them): what approval published
    is the session's and the speaker's own copy.
    """
    for field in SUBMISSION_FIELDS:
        setattr(submission, field, submission._meta.get_field(field).get_default())
    submission.portrait = ""
    submission.slides = ""


def _tell_organisers(submission: SpeakerSubmission, base_url: str | None) -> None:
    recipients = organiser_emails()
    if not recipients:
        return
    invitation = submission.invitation
    session = invitation.speaker.session
    review = reverse("admin:seminar_session_review", args=[session.pk, invitation.pk])
    try:
        send_mail(
            "seminar/speakers/email/speaker_submitted",
            _("%(name)s sent details for %(talk)s")
            % {"name": invitation.speaker.name, "talk": session_label(session)},
            recipients,
            {
                "invitation": invitation,
                "session": session,
                "review_url": absolute_url(base_url or settings.SITE_URL, review),
            },
        )
    except MAIL_ERRORS as error:
        # The speaker's work is saved; staff find it on the session and in the admin.
        logger.exception("Telling the organisers of submission %s failed", submission.pk)
        submission.notification_error = f"{timezone.now():%Y-%m-%d %H:%M} UTC: {error}"[:300]
        submission.save(update_fields=["notification_error"])


# Review -----------------------------------------------------------------------------------


def apply_submission(submission: SpeakerSubmission, user=None, edited=()) -> list[str]:
    """The one place a speaker's submission changes the session and the speaker.

    Returns the labels of the changed fields; recorded in the history as one revision.
    ``edited`` names the fields staff mended before approving, for the history's comment.
    """
    session_changes, speaker_changes = planned_changes(submission)
    speaker = submission.invitation.speaker
    session = speaker.session
    if speaker_changes.get("recording_consent") is False and session.youtube_video:
        raise SpeakerWorkflowError(
            _(
                "The speaker does not agree to publishing the recording, but the session has "
                "one. Remove the recording from the session first, or ask the speaker to "
                "reconsider."
            )
        )
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        if edited:
            comment = _(
                "Approved the details sent by %(name)s, with the organisers' edits to: %(fields)s."
            ) % {
                "name": speaker.name,
                "fields": ", ".join(field_name(SpeakerSubmission, field) for field in edited),
            }
        else:
            comment = _("Approved the details sent by %(name)s.") % {"name": speaker.name}
        reversion.set_comment(comment)
        if "slides" in session_changes:
            # The session's own copy under a published name, checked again like every
            # upload: the submission's file is deleted once it lets go of it.
            session_changes["slides"] = _own_copy(submission.slides)
        if session_changes:
            try:
                update_session(session, **session_changes)
            except ValidationError as error:
                raise SpeakerWorkflowError(
                    _("The session cannot take these changes: %(reasons)s")
                    % {"reasons": " ".join(error.messages)}
                ) from None
        for field, value in speaker_changes.items():
            if field == "portrait":
                # A copy of its own, through the image pipeline like every upload (checked,
                # re-encoded, random name): the submission's file never goes public.
                value = _own_copy(submission.portrait)
            setattr(speaker, field, value)
        if speaker_changes:
            speaker.save()
        # Every approval is in the session's history, with its speakers (the admin's
        # registration follows them), even one that changed only a speaker.
        session.refresh_from_db()
        reversion.add_to_revision(session)
    return [
        field_name(instance, field)
        for instance, changes in ((session, session_changes), (speaker, speaker_changes))
        for field in changes
    ]


def _mend(submission: SpeakerSubmission, edits: dict | None) -> list[str]:
    """Write staff's ``edits`` into the submission; the fields that really changed.

    Only the speaker's text may be mended (EDITABLE_FIELDS), never their consent or files,
    and nothing of a submission of slides alone.
    """
    edits = {
        key: value for key, value in (edits or {}).items() if getattr(submission, key) != value
    }
    if not edits:
        return []
    not_editable = sorted(set(edits) - set(EDITABLE_FIELDS))
    if not_editable:
        raise ValueError(f"Staff cannot edit {', '.join(not_editable)} of a submission.")
    if submission.slides_only:
        raise SpeakerWorkflowError(_("Slides sent after the talk have no text to edit."))
    for field, value in edits.items():
        setattr(submission, field, value)
    submission.save(update_fields=list(edits))
    return list(edits)


def _own_copy(submitted) -> ContentFile:
    """An unsaved copy of a submission's file; the field it is set on stores it anew."""
    with submitted.open("rb") as source:
        return ContentFile(source.read(), name=PurePath(submitted.name).name)


def approve(
    invitation: SpeakerInvitation, revision: int, user=None, base_url=None, now=None,
    edits: dict | None = None,
) -> list[str]:  # fmt: skip
    """Apply the submission staff reviewed (``revision``) and thank the speaker.

    ``edits`` (field -> value, of selectors.EDITABLE_FIELDS) are staff's corrections, made
    to the submission first and published with it in the same single history entry.
    """
    with transaction.atomic():
        locked = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        submission = SpeakerSubmission.objects.filter(invitation=locked).first()
        if locked.state != InvitationState.SUBMITTED or submission is None:
            raise SpeakerWorkflowError(_("There is no submission awaiting review."))
        if submission.revision != revision:
            raise SpeakerWorkflowError(
                _("The speaker sent a newer version while you were reviewing; look at it again.")
            )
        edited = _mend(submission, edits)
        changed = apply_submission(submission, user, edited)
        locked.state = InvitationState.APPROVED
        locked.reviewed_at = now or timezone.now()
        locked.save(update_fields=["state", "reviewed_at"])
    base_url = base_url or settings.SITE_URL
    try:
        with translation.override(locked.mail_language):
            send_mail(
                "seminar/speakers/email/speaker_approved",
                _("Thank you: your details for %(talk)s are online")
                % {"talk": session_label(locked.speaker.session)},
                [locked.email],
                speaker_context(locked, base_url),
            )
    except MAIL_ERRORS as error:
        logger.exception("Thanking speaker %s failed", locked.speaker_id)
        raise ThanksNotMailed(changed, error) from error
    return changed


def request_changes(invitation: SpeakerInvitation, message: str, base_url=None, now=None) -> None:
    """Send the submission back to the speaker with ``message``; their link keeps working."""
    message = message.strip()
    if not message:
        raise SpeakerWorkflowError(_("Write what the speaker should change."))
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != InvitationState.SUBMITTED:
            raise SpeakerWorkflowError(_("There is no submission awaiting review."))
        invitation.state = InvitationState.CHANGES_REQUESTED
        invitation.review_message = message
        invitation.reviewed_at = now or timezone.now()
        invitation.save(update_fields=["state", "review_message", "reviewed_at"])
        try:
            with translation.override(invitation.mail_language):
                send_mail(
                    "seminar/speakers/email/speaker_changes_requested",
                    _("Please revise your details for %(talk)s")
                    % {"talk": session_label(invitation.speaker.session)},
                    [invitation.email],
                    speaker_context(invitation, base_url or settings.SITE_URL, message=message),
                )
        except MAIL_ERRORS as error:
            logger.exception("Asking speaker %s for changes failed", invitation.speaker_id)
            raise MailNotSent(
                _(
                    "The mail to %(name)s could not be sent (%(error)s); the submission still "
                    "awaits review, try again later."
                )
                % {"name": invitation.speaker.name, "error": error}
            ) from error


# Reminders --------------------------------------------------------------------------------
