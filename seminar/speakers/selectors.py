"""Reads of the speaker workflow: what approving a submission would change."""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.content.word_diff import word_diff
from seminar.speakers.models import SpeakerSubmission

# What staff may mend in a submission before approving it (see staff_forms.ReviewForm):
# the speaker's text, never their consent or files.
EDITABLE_FIELDS = ("title", "abstract", "name", "affiliation", "homepage", "orcid", "bio")

# The fields approval writes that their models name only by the attribute (no verbose_name,
# which would take a migration to add): their names in the reader's language.
UNNAMED_FIELDS = {
    "title": gettext_lazy("title"),
    "abstract": gettext_lazy("abstract"),
    "slides": gettext_lazy("slides"),
    "name": gettext_lazy("name"),
    "affiliation": gettext_lazy("affiliation"),
    "homepage": gettext_lazy("homepage"),
    "bio": gettext_lazy("bio"),
    "portrait": gettext_lazy("portrait"),
}


def field_name(model, field: str) -> str:
    """The field's verbose name in the active language, as staff read it in a sentence."""
    verbose_name = model._meta.get_field(field).verbose_name
    if field in UNNAMED_FIELDS and str(verbose_name) == field.replace("_", " "):
        return str(UNNAMED_FIELDS[field])
    return str(verbose_name)


def field_label(model, field: str) -> str:
    """The field's name as a label: "Title"."""
    return capfirst(field_name(model, field))


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    is_file: bool = False
    diff: SafeString | str = ""  # old → new word by word, escaped, <del>/<ins> marked


def _shown(value, field: str = "") -> str:
    if value is None and field.endswith("_consent"):
        return _("Not answered")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value or "")


def planned_changes(submission: SpeakerSubmission, edits: dict | None = None) -> tuple[dict, dict]:
    """(session changes, speaker changes) that approving ``submission`` would make, with
    staff's ``edits`` (field -> value, of EDITABLE_FIELDS) in place of what it says."""
    edits = edits or {}
    speaker = submission.invitation.speaker
    session = speaker.session
    session_changes, speaker_changes = {}, {}
    if submission.slides:
        session_changes["slides"] = submission.slides.name
    if submission.slides_only:
        return _only_different(session, session_changes), {}
    session_changes.update(
        {field: edits.get(field, getattr(submission, field)) for field in ("title", "abstract")}
    )
    speaker_changes = {
        field: edits.get(field, getattr(submission, field))
        for field in ("name", "affiliation", "homepage", "orcid", "bio")
    }
    # The speaker's own answers; the session's consent follows from all of them
    # (seminar.models.consent_given). An unanswered question changes nothing.
    for field in ("livestream_consent", "recording_consent"):
        if getattr(submission, field) is not None:
            speaker_changes[field] = getattr(submission, field)
    if submission.portrait:
        speaker_changes["portrait"] = submission.portrait.name
    return _only_different(session, session_changes), _only_different(speaker, speaker_changes)


def _only_different(instance, changes: dict) -> dict:
    def current(field):
        value = getattr(instance, field)
        return value.name if hasattr(value, "name") and field in ("slides", "portrait") else value

    return {field: value for field, value in changes.items() if current(field) != value}


def submission_changes(
    submission: SpeakerSubmission, edits: dict | None = None
) -> list[FieldChange]:
    """Field by field, what approving (with staff's ``edits``) would change: for the review
    page, each text marked word by word."""
    session_changes, speaker_changes = planned_changes(submission, edits)
    speaker = submission.invitation.speaker
    rows = []
    for instance, changes in ((speaker.session, session_changes), (speaker, speaker_changes)):
        for field, new in changes.items():
            old = getattr(instance, field)
            is_file = field in ("slides", "portrait")
            if is_file:
                old_shown, new_shown = (old.url if old else ""), getattr(submission, field).url
            else:
                old_shown, new_shown = _shown(old, field), _shown(new, field)
            rows.append(
                FieldChange(
                    label=field_label(instance, field),
                    old=old_shown,
                    new=new_shown,
                    is_file=is_file,
                    diff="" if is_file else word_diff(old_shown, new_shown),
                )
            )
    return rows
