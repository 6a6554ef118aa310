"""Staff's review of a speaker's submission (issue 21): mend the text before approving, as a
form calling the service, and see every change marked word by word."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from seminar.models import Session, Speaker
from seminar.speakers import services
from seminar.speakers.models import InvitationState
from seminar.speakers.selectors import submission_changes
from seminar.speakers.staff_forms import ApprovalForm
from tests.factories import SessionFactory, SpeakerFactory, pdf_upload, speaker_answers
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission():
    session = SessionFactory(title="Old title", abstract="Learning *fast* models.")
    speaker = SpeakerFactory(
        session=session, name="Ada Lovelace", affiliation="Engines", email="ada@example.org"
    )
    invitation = services.invite(speaker)
    return services.submit(
        invitation,
        speaker_answers(
            title="New titel", abstract="Learning *slow* <b>bold</b> models.", bio="", orcid=""
        ),
    )


def review_url(submission) -> str:
    invitation = submission.invitation
    return f"/admin/seminar/session/{invitation.speaker.session_id}/review/{invitation.pk}/"


def as_shown(submission, **edits) -> dict:
    """The review form as the page fills it in, with ``edits``."""
    fields = ("title", "abstract", "name", "affiliation", "homepage", "orcid", "bio")
    return {
        "revision": submission.revision,
        **{field: getattr(submission, field) for field in fields},
        **edits,
    }


def test_staff_mend_the_title_before_approving_in_one_history_entry(admin_client, submission):
    session = submission.invitation.speaker.session
    page = page_text(admin_client.get(review_url(submission)))
    assert 'name="title" value="New titel"' in page  # the form starts as the speaker sent it
    assert page.count('name="revision"') == 1  # hidden, the one reviewed: nothing to fill in
    assert f'<input type="hidden" name="revision" value="{submission.revision}">' in page
    response = admin_client.post(
        review_url(submission), {**as_shown(submission, title="New title"), "approve": "1"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "New title" and session.abstract == submission.abstract
    (version,) = Version.objects.get_for_object(session)
    assert version.revision.comment == (
        "Approved the details sent by Ada Lovelace, with the organisers' edits to: title."
    )
    assert version.field_dict["title"] == "New title"
    assert Speaker.objects.get().name == "Ada King"
    submission.refresh_from_db()
    assert submission.title == "New title"  # what was published, edits included
    assert submission.invitation.state == InvitationState.APPROVED
    (entry,) = LogEntry.objects.filter(object_id=str(session.pk))
    assert entry.get_change_message().startswith("Approved Ada Lovelace's details: title,")


def test_an_edit_the_checks_refuse_keeps_every_edit_and_approves_nothing(admin_client, submission):
    posted = as_shown(submission, title="", bio="Mended bio.", homepage="not a url at all")
    response = admin_client.post(review_url(submission), {**posted, "approve": "1"})
    page = page_text(response)
    assert "Please correct the edits marked below." in page
    assert "This field is required." in page and "Enter a valid URL." in page
    assert "Mended bio.</textarea>" in page and 'value="not a url at all"' in page
    assert Session.objects.get().title == "Old title"
    submission.invitation.refresh_from_db()
    assert submission.invitation.state == InvitationState.SUBMITTED


def test_showing_the_changes_marks_the_edits_and_saves_nothing(admin_client, submission):
    posted = {**as_shown(submission, title="New title"), "show": "1"}
    page = page_text(admin_client.post(review_url(submission), posted))
    assert '<td class="review-new review-diff"><del>Old</del> <ins>New</ins> title</td>' in page
    assert "With your edits, approving changes these fields." in page
    assert 'name="title" value="New title"' in page
    assert Session.objects.get().title == "Old title"
    submission.refresh_from_db()
    assert submission.title == "New titel"


def test_the_diff_marks_words_and_escapes_the_submission(admin_client, submission):
    page = page_text(admin_client.get(review_url(submission)))
    assert '<td class="review-new review-diff"><del>Old title</del> <ins>New titel</ins></td>' in (
        page
    )
    assert (
        '<td class="review-new review-diff">Learning *<del>fast</del> <ins>slow</ins>*'
        "<ins> &lt;b&gt;bold&lt;/b&gt;</ins> models.</td>"
    ) in page
    assert "<b>bold</b>" not in page
    assert '<td class="review-new review-diff"><del>Lovelace</del> <ins>King</ins>' not in page
    assert '<td class="review-new review-diff">Ada <del>Lovelace</del> <ins>King</ins></td>' in page


def test_a_post_without_the_edit_fields_approves_what_the_speaker_sent(submission):
    form = ApprovalForm({"revision": str(submission.revision)}, invitation=submission.invitation)
    assert form.is_valid() and form.edits() == {}
    form.approve(None, "https://example.org")
    assert Session.objects.get().title == "New titel"


def test_line_endings_a_browser_sends_are_no_edit(submission):
    crlf = submission.abstract.replace(" models", "\r\nmodels")
    submission.abstract = submission.abstract.replace(" models", "\nmodels")
    submission.save()
    data = as_shown(submission, abstract=crlf)
    form = ApprovalForm(data, invitation=submission.invitation, submission=submission)
    assert form.is_valid() and form.edits() == {}


def test_only_the_speakers_text_can_be_edited(submission):
    with pytest.raises(ValueError, match="recording_consent"):
        services.approve(
            submission.invitation, submission.revision, edits={"recording_consent": False}
        )
    assert Session.objects.get().title == "Old title"
    session = submission.invitation.speaker.session
    services.approve(submission.invitation, submission.revision)
    slides = services.submit(submission.invitation, {"slides": pdf_upload()})
    Session.objects.filter(pk=session.pk).update(start=session.start, end=session.start)
    slides.slides_only = True
    slides.save()
    with pytest.raises(services.SpeakerWorkflowError, match="no text to edit"):
        services.approve(submission.invitation, slides.revision, edits={"title": "X"})
    form = ApprovalForm({"revision": "3"}, invitation=submission.invitation)
    assert list(form.fields) == ["revision"]  # nothing to mend in slides alone


def test_changes_are_listed_with_a_word_diff_per_field(submission):
    rows = {row.label: row for row in submission_changes(submission, {"bio": "A <i>new</i> bio."})}
    assert rows["Title"].diff == "<del>Old title</del> <ins>New titel</ins>"
    assert rows["Bio"].diff == "<ins>A &lt;i&gt;new&lt;/i&gt; bio.</ins>"
    assert rows["Agrees to publishing the recording"].diff == (
        "<del>Not answered</del> <ins>Yes</ins>"
    )
    assert "Affiliation" in rows and rows["Affiliation"].old == "Engines"


def test_the_mend_form_uses_the_admin_aligned_rows(admin_client, submission):
    page = page_text(admin_client.get(review_url(submission)))
    assert '<fieldset class="module aligned">' in page
    assert (
        '<div class="form-row field-title">\n      \n      <div>\n'
        '        <div class="flex-container"><label for="id_title">'
    ) in page
    assert page.count('<div class="flex-container">') == 7  # one per field to mend
