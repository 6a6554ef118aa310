"""The speaker workflow's rows: one invitation per speaker, one submission per invitation.

They keep the app label ``seminar``; SeminarConfig.import_models imports this module.
"""

import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groupsite.markdown.render import MarkdownField
from groupsite.media.images import CheckedImageField
from people.fields import OrcidField
from seminar.models import Language, Speaker, validate_single_line
from seminar.slides import submitted_slides_name, validate_slides_upload


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Invited")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REVOKED = "revoked", _("Link revoked")


class SpeakerInvitation(models.Model):
    """One speaker's personal link to their own form; see seminar.speakers.services."""

    speaker = models.OneToOneField(Speaker, on_delete=models.CASCADE, related_name="invitation")
    email = models.EmailField(help_text=_("Where the link was sent."))
    language = models.CharField(
        _("mail language"), max_length=2, choices=Language.choices, blank=True,
        help_text=_("The invitation, reminder and review mails are written in it; chosen "
                    "when inviting. Empty: the series' language."),
    )  # fmt: skip
    # Signed together with the id into the link; a new nonce makes every older link invalid.
    nonce = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        max_length=20, choices=InvitationState.choices, default=InvitationState.INVITED
    )
    invited_at = models.DateTimeField(help_text=_("When the latest link was mailed."))
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the speaker was reminded to answer (once).")
    )
    review_message = models.TextField(
        blank=True, help_text=_("The latest request for changes, as mailed to the speaker.")
    )
    uploaded_bytes = models.PositiveBigIntegerField(
        default=0, editable=False,
        help_text=_("Bytes of files sent through the current link (SPEAKER_UPLOAD_BUDGET_MB)."),
    )  # fmt: skip

    class Meta:
        ordering = ["speaker__session", "speaker__order", "speaker__pk"]

    def __str__(self):
        return _("Invitation of %(name)s to “%(title)s”") % {
            "name": self.speaker.name,
            "title": self.speaker.session.title,
        }

    def get_absolute_url(self):
        return reverse("admin:seminar_session_speakers", args=[self.speaker.session_id])

    @property
    def mail_language(self) -> str:
        """ "en" or "de": what staff chose when inviting, else the series' language."""
        return self.language or self.speaker.session.series.language

    @property
    def awaiting_review(self) -> bool:
        return self.state == InvitationState.SUBMITTED

    @property
    def state_when(self):
        """The moment the current state began."""
        return {
            InvitationState.INVITED: self.invited_at,
            InvitationState.SUBMITTED: self.submitted_at,
            InvitationState.APPROVED: self.reviewed_at,
            InvitationState.CHANGES_REQUESTED: self.reviewed_at,
            InvitationState.REVOKED: self.revoked_at,
        }[self.state]


def unguessable_upload_name(instance, filename: str) -> str:
    """Files awaiting review live at random names, so nobody can guess their address."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"speaker-submissions/{uuid.uuid4().hex}{suffix}"


class SpeakerSubmission(models.Model):
    """What a speaker sent through their link: kept beside the session until staff approve."""

    invitation = models.OneToOneField(
        SpeakerInvitation, on_delete=models.CASCADE, related_name="submission"
    )
    slides_only = models.BooleanField(
        default=False, help_text=_("Sent after the talk, when only slides may still be added.")
    )
    title = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    abstract = MarkdownField(blank=True, help_text=_("Markdown."))
    name = models.CharField(
        _("name as shown"), max_length=160, blank=True, validators=[validate_single_line]
    )
    affiliation = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    homepage = models.URLField(blank=True)
    orcid = OrcidField()
    bio = models.TextField(blank=True, max_length=1500)
    # Checked, re-encoded without metadata and named by its real format, as every upload.
    portrait = CheckedImageField(upload_to=unguessable_upload_name, blank=True, max_length=200)
    slides = models.FileField(
        upload_to=submitted_slides_name, blank=True, max_length=200,
        validators=[validate_slides_upload],
    )  # fmt: skip
    livestream_consent = models.BooleanField(
        null=True, blank=True, help_text=_("Empty: not answered (e.g. slides sent after the talk).")
    )
    recording_consent = models.BooleanField(
        null=True, blank=True, help_text=_("Empty: not answered (e.g. slides sent after the talk).")
    )
    submitted_at = models.DateTimeField()
    notification_error = models.CharField(
        max_length=300, blank=True,
        help_text=_("Why the organisers could not be told of this submission by mail; empty "
        "when they were."),
    )  # fmt: skip
    revision = models.PositiveIntegerField(
        default=1,
        help_text=_("Rises with every re-submission, so a review approves what it saw."),
    )

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return _("Submission from %(name)s") % {"name": self.invitation.speaker.name}
