"""Reads of the speaker workflow: what approving a submission would change."""

from dataclasses import dataclass

from seminar.speakers.models import SpeakerSubmission


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    is_file: bool = False


def _shown(value, field: str = "") -> str:
    if value is None and field.endswith("_consent"):
        return "Not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value or "")


def planned_changes(submission: SpeakerSubmission) -> tuple[dict, dict]:
    """(session changes, speaker changes) that approving ``submission`` would make."""
    speaker = submission.invitation.speaker
    session = speaker.session
    session_changes, speaker_changes = {}, {}
    if submission.slides:
        session_changes["slides"] = submission.slides.name
    if submission.slides_only:
        return _only_different(session, session_changes), {}
    session_changes.update(title=submission.title, abstract=submission.abstract)
    speaker_changes = {
        field: getattr(submission, field)
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


def submission_changes(submission: SpeakerSubmission) -> list[FieldChange]:
    """Field by field, what approving would change: for the review page."""
    session_changes, speaker_changes = planned_changes(submission)
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
                    old=old.url if is_file and old else _shown(old, field),
                    new=getattr(submission, field).url if is_file else _shown(new, field),
                    is_file=is_file,
                )
            )
    return rows
