"""The staff's screens of the speaker workflow: invite or revoke, approve or ask for changes.

Each form reads the post and calls one service; what it cannot do becomes a message.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seminar.forms import WholeNumberField, whole_number
from seminar.models import Language, Session, Speaker
from seminar.speakers import services
from seminar.speakers.forms import SpeakerForm, check_like_the_model, clean_orcid
from seminar.speakers.models import SpeakerInvitation, SpeakerSubmission
from seminar.speakers.selectors import EDITABLE_FIELDS, field_label


class SpeakerChoiceField(forms.ModelChoiceField):
    """A speaker of the session by id; ids not written with 0-9 never reach the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if whole_number(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


NOT_ON_SESSION = _("That speaker is not on this session (any more).")


class InvitationActionForm(forms.Form):
    """Invite (or re-send a new link to) one speaker of the session, or revoke their link."""

    INVITE, REVOKE = "invite", "revoke"

    speaker = SpeakerChoiceField(
        queryset=Speaker.objects.none(),
        error_messages={"required": NOT_ON_SESSION, "invalid_choice": NOT_ON_SESSION},
    )
    do = forms.ChoiceField(choices=[(INVITE, _("Invite")), (REVOKE, _("Revoke link"))])
    # Empty (an older form, the bulk action): the language of the last link, else the series'.
    language = forms.ChoiceField(
        label=_("Mail language"), choices=[("", "—"), *Language.choices], required=False
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Speaker.objects.select_related(
            "session__series", "invitation"
        ).filter(session=session)


INCOMPLETE = _("The review form was incomplete; look at the details again and approve.")


def _lines(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF: not an edit."""
    return text.replace("\r\n", "\n")


class ApprovalForm(forms.Form):
    """Approve the revision of the submission staff looked at (a newer one is refused),
    after mending its text if need be: the speaker's fields it carries, checked as the
    speaker's form checks them, start as sent. A field the post leaves out keeps what the
    speaker sent (it was shown, unchanged, on the review page)."""

    revision = WholeNumberField(
        min_value=1,
        widget=forms.HiddenInput,  # the template writes it: the revision on screen
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE, "min_value": INCOMPLETE},
    )

    def __init__(self, *args, invitation: SpeakerInvitation, submission=None, **kwargs):
        self.invitation = invitation
        if submission is None:
            submission = SpeakerSubmission.objects.filter(invitation=invitation).first()
        self.submission = submission
        super().__init__(*args, **kwargs)
        if submission is None or submission.slides_only:
            return
        speaker_form_fields = SpeakerForm.base_fields
        for name in EDITABLE_FIELDS:
            if self.is_bound and name not in self.data:
                continue
            field = copy.deepcopy(speaker_form_fields[name])
            field.label = field_label(SpeakerSubmission, name)
            field.help_text = ""
            field.initial = getattr(submission, name)
            self.fields[name] = field
        if "abstract" in self.fields:
            self.fields["abstract"].help_text = _("Markdown.")
        check_like_the_model(self.fields)

    def clean_orcid(self):
        return clean_orcid(self.cleaned_data["orcid"])

    def edits(self) -> dict:
        """The fields staff changed from what the speaker sent."""
        return {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS
            if name in self.fields
            and _lines(self.cleaned_data[name]) != _lines(getattr(self.submission, name))
        }

    def approve(self, user, base_url: str) -> tuple[list[str], Exception | None]:
        """(labels of the changed fields, the thank-you mail's failure or None).

        Raises SpeakerWorkflowError when the approval itself is refused.
        """
        revision = self.cleaned_data["revision"]
        try:
            changed = services.approve(
                self.invitation, revision, user, base_url, edits=self.edits()
            )
        except services.ThanksNotMailed as failure:
            return failure.changed, failure
        return changed, None


class RequestChangesForm(forms.Form):
    """Send the submission back to the speaker with what to change."""

    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        strip=True,
        error_messages={"required": _("Write what the speaker should change.")},
    )

    def __init__(self, *args, invitation: SpeakerInvitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def send(self, base_url: str) -> None:
        """Record the request and mail it; raises SpeakerWorkflowError (MailNotSent among them)."""
        services.request_changes(self.invitation, self.cleaned_data["message"], base_url)
