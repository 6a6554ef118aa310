"""The staff's forms of the speaker workflow (seminar.speakers.staff_forms)."""

import pytest

from seminar.forms import WholeNumberField
from seminar.speakers import services
from seminar.speakers.models import InvitationState
from seminar.speakers.staff_forms import ApprovalForm, InvitationActionForm, RequestChangesForm
from tests.factories import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["x", "²", "١", "-1", "1.0", " 1", "9" * 19])
def test_whole_number_field_takes_only_digits_0_to_9(value):
    field = WholeNumberField()
    with pytest.raises(Exception) as error:
        field.clean(value)
    assert error.value.messages == ["Enter a whole number."]


def test_whole_number_field_reads_digits():
    assert WholeNumberField().clean("0042") == 42
    assert WholeNumberField(required=False).clean("") is None


def test_invitation_form_offers_only_the_sessions_speakers():
    session = SessionFactory()
    own = SpeakerFactory(session=session)
    other = SpeakerFactory()
    form = InvitationActionForm({"speaker": own.pk, "do": "revoke"}, session=session)
    assert form.is_valid() and form.cleaned_data == {"speaker": own, "do": "revoke", "language": ""}
    form = InvitationActionForm(
        {"speaker": own.pk, "do": "invite", "language": "de"}, session=session
    )
    assert form.is_valid() and form.cleaned_data["language"] == "de"
    form = InvitationActionForm(
        {"speaker": own.pk, "do": "invite", "language": "fr"}, session=session
    )
    assert not form.is_valid() and "language" in form.errors
    for chosen in (other.pk, "١", "²", "", "9" * 30):
        form = InvitationActionForm({"speaker": chosen, "do": "invite"}, session=session)
        assert not form.is_valid()
        assert form.errors == {"speaker": ["That speaker is not on this session (any more)."]}
    form = InvitationActionForm({"speaker": own.pk, "do": "delete"}, session=session)
    assert list(form.errors) == ["do"]


@pytest.fixture
def submitted():
    speaker = SpeakerFactory(name="Ada", email="ada@example.org", session__title="Old")
    invitation = services.invite(speaker)
    services.submit(invitation, {"title": "New", "name": "Ada"})
    return invitation


@pytest.mark.parametrize("revision", ["", "0", "-1", "²", "١", "9" * 30])
def test_approval_form_refuses_a_broken_revision(submitted, revision):
    form = ApprovalForm({"revision": revision}, invitation=submitted)
    assert form.errors == {
        "revision": ["The review form was incomplete; look at the details again and approve."]
    }


def test_approval_form_approves_the_revision_reviewed(submitted):
    form = ApprovalForm({"revision": "1"}, invitation=submitted)
    assert form.is_valid()
    assert form.approve(None, "https://example.org") == (["title", "abstract", "affiliation"], None)
    submitted.refresh_from_db()
    assert submitted.state == InvitationState.APPROVED


def test_request_changes_form_needs_a_message_and_sends_it(submitted, mailoutbox):
    blank = RequestChangesForm({"message": "  \n "}, invitation=submitted)
    assert blank.errors == {"message": ["Write what the speaker should change."]}
    form = RequestChangesForm({"message": " Shorter, please. "}, invitation=submitted)
    assert form.is_valid()
    mailoutbox.clear()
    form.send("https://example.org")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_message) == (
        InvitationState.CHANGES_REQUESTED,
        "Shorter, please.",
    )
    assert [message.to for message in mailoutbox] == [["ada@example.org"]]
