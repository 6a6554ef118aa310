from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groupsite.media.images import inspect_image
from people.validators import normalise_orcid
from seminar.models import Session, Speaker, validate_single_line
from seminar.slides import inspect_pdf

CONSENT_HELP = _("You can change your answer with this form until the talk.")
# The speaker's own answer, asked as an explicit choice that starts unanswered: never
# pre-ticked from what staff recorded (the page shows that as information only).
CONSENT_YES, CONSENT_NO = "yes", "no"
CONSENT_CHOICES = [(CONSENT_YES, _("Yes")), (CONSENT_NO, _("No"))]


def said_yes(value: str) -> bool:
    return value == CONSENT_YES


def consent_choice(answer: bool | None) -> str | None:
    """The radio button an answer (True, False or None: not answered) selects."""
    return None if answer is None else (CONSENT_YES if answer else CONSENT_NO)


# Approval writes these to the session and the speaker: the form runs the model fields'
# validators too, so the speaker hears at once what approval would refuse (an abstract
# image without alt text, markdown over its limits). The ORCID iD has clean_orcid, which
# normalises with the model field's own function.
CHECKED_LIKE_THE_MODEL = {
    "title": Session, "abstract": Session,
    "name": Speaker, "affiliation": Speaker, "homepage": Speaker, "bio": Speaker,
}  # fmt: skip

ABSTRACT_MAX_LENGTH = 5000


def check_like_the_model(fields: dict) -> None:
    """Add to ``fields`` the validators of the model fields approval writes them to."""
    for name, model in CHECKED_LIKE_THE_MODEL.items():
        if name in fields:
            field = fields[name]
            field.validators += [
                validator
                for validator in model._meta.get_field(name).validators
                if validator not in field.validators
            ]


def clean_orcid(value: str) -> str:
    orcid = value.strip()
    return normalise_orcid(orcid) if orcid else ""


class SpeakerForm(forms.Form):
    """What a speaker may send through their link; after the talk, only slides."""

    title = forms.CharField(
        label=_("Title of the talk"), max_length=300, validators=[validate_single_line]
    )
    abstract = forms.CharField(
        label=_("Abstract"), required=False, max_length=ABSTRACT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: *emphasis*, **bold**, [links](https://example.org), lists."),
    )  # fmt: skip
    name = forms.CharField(
        label=_("Your name as it should be shown"), max_length=160,
        validators=[validate_single_line], widget=forms.TextInput(
            attrs={"autocomplete": "name"}
        ),
    )  # fmt: skip
    affiliation = forms.CharField(
        label=_("Affiliation"), required=False, max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )  # fmt: skip
    homepage = forms.URLField(
        label=_("Homepage"), required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )  # fmt: skip
    orcid = forms.CharField(
        label=_("ORCID iD"),
        required=False,
        max_length=60,
        help_text=_("Like 0000-0002-1825-0097."),
    )
    bio = forms.CharField(
        label=_("Short biography"), required=False, max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences; at most 1500 characters."),
    )  # fmt: skip
    portrait = forms.FileField(
        label=_("Portrait"), required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("JPEG, PNG, WebP or GIF. Leave empty to keep the current one."),
    )  # fmt: skip
    slides = forms.FileField(
        label=_("Slides (PDF)"), required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("You can also add them after the talk."),
    )  # fmt: skip
    livestream_consent = forms.TypedChoiceField(
        label=_("May the talk be streamed live?"), choices=CONSENT_CHOICES, coerce=said_yes,
        widget=forms.RadioSelect, help_text=CONSENT_HELP,
        error_messages={"required": _("Please answer yes or no: do you agree to a live stream?")},
    )  # fmt: skip
    recording_consent = forms.TypedChoiceField(
        label=_("May the recording of the talk be published (e.g. on YouTube)?"),
        choices=CONSENT_CHOICES, coerce=said_yes, widget=forms.RadioSelect,
        help_text=CONSENT_HELP,
        error_messages={
            "required": _("Please answer yes or no: do you agree to publishing the recording?")
        },
    )  # fmt: skip

    def __init__(self, *args, slides_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.slides_only = slides_only
        if slides_only:
            for name in list(self.fields):
                if name != "slides":
                    del self.fields[name]
            self.fields["slides"].required = True
            self.fields["slides"].help_text = ""  # the page says it once, above the form
        check_like_the_model(self.fields)

    def clean_orcid(self):
        return clean_orcid(self.cleaned_data["orcid"])

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        if portrait:
            inspect_image(portrait)
        return portrait

    def clean_slides(self):
        slides = self.cleaned_data.get("slides")
        if slides:
            inspect_pdf(slides)
        return slides

    def clean(self):
        cleaned = super().clean()
        # The browser cannot keep chosen files across a page that shows errors.
        if self.errors and self.files:
            self.add_error(None, ValidationError(_("Please choose your files again.")))
        return cleaned
