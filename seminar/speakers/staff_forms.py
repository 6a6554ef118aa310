"""The staff's screens of the speaker workflow: invite or revoke, approve or ask for changes.

Each form reads the post and calls one service; what it cannot do becomes a message.
"""

from django import forms
from django.core.exceptions import ValidationError

from seminar.forms import WholeNumberField, whole_number
from seminar.models import Session, Speaker
from seminar.speakers import services
from seminar.speakers.models import SpeakerInvitation


class SpeakerChoiceField(forms.ModelChoiceField):
    """A speaker of the session by id; ids not written with 0-9 never reach the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if whole_number(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


NOT_ON_SESSION = "That speaker is not on this session (any more)."


class InvitationActionForm(forms.Form):
    """Invite (or re-send a new link to) one speaker of the session, or revoke their link."""

    INVITE, REVOKE = "invite", "revoke"

    speaker = SpeakerChoiceField(
        queryset=Speaker.objects.none(),
        error_messages={"required": NOT_ON_SESSION, "invalid_choice": NOT_ON_SESSION},
    )
    do = forms.ChoiceField(choices=[(INVITE, "Invite"), (REVOKE, "Revoke link")])

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Speaker.objects.select_related(
            "session__series", "invitation"
        ).filter(session=session)


INCOMPLETE = "The review form was incomplete; look at the details again and approve."


class ApprovalForm(forms.Form):
    """Approve the revision of the submission staff looked at (a newer one is refused)."""

    revision = WholeNumberField(
        min_value=1,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE, "min_value": INCOMPLETE},
    )

    def __init__(self, *args, invitation: SpeakerInvitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def approve(self, user, base_url: str) -> tuple[list[str], Exception | None]:
        """(labels of the changed fields, the thank-you mail's failure or None).

        Raises SpeakerWorkflowError when the approval itself is refused.
        """
        revision = self.cleaned_data["revision"]
        try:
            return services.approve(self.invitation, revision, user, base_url), None
        except services.ThanksNotMailed as failure:
            return failure.changed, failure


class RequestChangesForm(forms.Form):
    """Send the submission back to the speaker with what to change."""

    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        strip=True,
        error_messages={"required": "Write what the speaker should change."},
    )

    def __init__(self, *args, invitation: SpeakerInvitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def send(self, base_url: str) -> None:
        """Record the request and mail it; raises SpeakerWorkflowError (MailNotSent among them)."""
        services.request_changes(self.invitation, self.cleaned_data["message"], base_url)
