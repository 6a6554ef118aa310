"""set_speakers: how the imports write a session's speakers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from seminar import services
from seminar.models import Session, Speaker
from seminar.speakers.models import SpeakerInvitation, SpeakerSubmission
from tests.factories import MemberFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _speaker_on(session, name, **fields):
    order = session.speakers.count()
    return SpeakerFactory(session=session, name=name, order=order, **fields)


def test_set_speakers_updates_in_place_and_keeps_what_the_import_does_not_carry():
    session = SessionFactory(livestream_consent=True)
    alice = _speaker_on(
        session, "Alice Müller", affiliation="Old Uni", email="alice@example.org",
        bio="Her bio.", homepage="https://alice.example/", livestream_consent=False,
        recording_consent=False,
    )  # fmt: skip
    bob = _speaker_on(session, "Bob", affiliation="")
    invitation = SpeakerInvitation.objects.create(
        speaker=alice, email=alice.email, nonce="n", invited_at=timezone.now()
    )

    changed = services.set_speakers(
        session,
        [{"name": "alice  MULLER", "affiliation": "New Uni"}, {"name": "Bob", "affiliation": ""}],
    )

    assert changed is True
    alice.refresh_from_db()
    assert (alice.name, alice.affiliation) == ("alice  MULLER", "New Uni")
    assert (alice.email, alice.bio, alice.homepage) == (
        "alice@example.org", "Her bio.", "https://alice.example/",
    )  # fmt: skip
    assert (alice.livestream_consent, alice.recording_consent) == (False, False)
    assert SpeakerInvitation.objects.get(speaker=alice) == invitation
    assert list(session.speakers.values_list("pk", flat=True)) == [alice.pk, bob.pk]
    assert Session.objects.get(pk=session.pk).may_stream is False


def test_set_speakers_adds_removes_and_reorders_and_reports_no_change_when_equal():
    session = SessionFactory()
    anna = _speaker_on(session, "Anna", orcid="0000-0002-1825-0097", recording_consent=True)
    ben = _speaker_on(session, "Ben")
    _speaker_on(session, "Cleo")

    services.set_speakers(
        session,
        [
            {"name": "Dora", "affiliation": "D"},
            {"name": "Ben", "affiliation": "Somewhere"},
            {"name": "Anna Other-Name", "affiliation": "", "orcid": "0000-0002-1825-0097"},
        ],
    )

    speakers = list(session.speakers.all())
    assert [s.name for s in speakers] == ["Dora", "Ben", "Anna Other-Name"]
    assert [s.order for s in speakers] == [0, 1, 2]
    assert speakers[1].pk == ben.pk and speakers[2].pk == anna.pk
    assert speakers[2].recording_consent is True
    assert (
        services.set_speakers(
            session,
            [{"name": "Dora"}, {"name": "Ben"}, {"name": "Anna Other-Name"}],
        )
        is False
    )


def test_set_speakers_pairs_namesakes_in_order_and_never_across_members():
    session = SessionFactory()
    member = MemberFactory()
    first = _speaker_on(session, "Li Wei")
    second = _speaker_on(session, "Li Wei")

    services.set_speakers(
        session, [{"name": "Li Wei", "affiliation": "A"}, {"name": "Li Wei", "affiliation": "B"}]
    )
    assert [s.pk for s in session.speakers.all()] == [first.pk, second.pk]

    Speaker.objects.filter(pk=first.pk).update(member=member)
    Speaker.objects.filter(pk=second.pk).update(member=MemberFactory())
    other = MemberFactory()
    services.set_speakers(session, [{"name": "Li Wei", "member_id": other.pk}])
    (speaker,) = session.speakers.all()
    assert speaker.pk not in (first.pk, second.pk) and speaker.member_id == other.pk


def test_set_speakers_pairs_namesakes_by_affiliation_before_order():
    session = SessionFactory(livestream_consent=True)
    tsinghua = _speaker_on(
        session, "Li Wei", affiliation="Tsinghua", email="li1@example.org", livestream_consent=False
    )
    mit = _speaker_on(session, "Li Wei", affiliation="MIT", email="li2@example.org")

    services.set_speakers(
        session,
        [{"name": "Li Wei", "affiliation": "MIT"}, {"name": "Li Wei", "affiliation": "tsinghua"}],
    )

    speakers = list(session.speakers.all())
    assert [(s.pk, s.affiliation, s.email, s.livestream_consent) for s in speakers] == [
        (mit.pk, "MIT", "li2@example.org", None),
        (tsinghua.pk, "tsinghua", "li1@example.org", False),
    ]


ALICE_REFUSED = (
    "“Alice” (Old Uni) {how}, and the file no longer names them (by name, member or ORCID "
    "iD). Rename them on the session in the admin so the names match, or remove them there "
    "first; nothing was imported."
)


def _alice_who_said_no(**session_fields):
    session = SessionFactory(**session_fields)
    alice = _speaker_on(
        session, "Alice", affiliation="Old Uni", email="alice@example.org",
        livestream_consent=False, recording_consent=False,
    )  # fmt: skip
    _speaker_on(session, "Bob", affiliation="")
    SpeakerInvitation.objects.create(
        speaker=alice, email=alice.email, nonce="n", invited_at=timezone.now()
    )
    return session, alice


@pytest.mark.parametrize(
    "incoming",
    [
        [{"name": "Alice Smith", "affiliation": "Old Uni"}, {"name": "Bob"}],
        [{"name": "Bob"}],
        [{"name": "Alice", "affiliation": "Old Uni", "member_id": "another"}, {"name": "Bob"}],
    ],
    ids=["renamed", "dropped", "another-member"],
)
def test_set_speakers_never_removes_a_speaker_who_answered_so_the_stream_stays_hidden(incoming):
    session, alice = _alice_who_said_no(
        livestream_url="https://stream.example.org/live", livestream_consent=True
    )
    if incoming[0].get("member_id") == "another":
        Speaker.objects.filter(pk=alice.pk).update(member=MemberFactory())
        incoming[0]["member_id"] = MemberFactory().pk
    assert Session.objects.get(pk=session.pk).public_livestream_url == ""

    with pytest.raises(ValidationError) as refused:
        services.set_speakers(session, incoming)

    how = "answered through their link"
    assert refused.value.message_dict == {"speakers": [ALICE_REFUSED.format(how=how)]}
    assert [s.name for s in session.speakers.all()] == ["Alice", "Bob"]
    alice = Speaker.objects.get(pk=alice.pk)
    assert (alice.livestream_consent, alice.email, alice.invitation.nonce) == (
        False, "alice@example.org", "n",
    )  # fmt: skip
    assert Session.objects.get(pk=session.pk).public_livestream_url == ""


def test_set_speakers_never_removes_a_speaker_who_answered_so_the_recording_stays_hidden():
    session, alice = _alice_who_said_no(recording_consent=True)
    Session.objects.filter(pk=session.pk).update(youtube_video="dQw4w9WgXcQ")
    session.refresh_from_db()
    assert session.public_youtube_video == ""

    with pytest.raises(ValidationError) as refused:
        services.set_speakers(
            session, [{"name": "Alice Smith", "affiliation": "Old Uni"}, {"name": "Bob"}]
        )

    assert "“Alice” (Old Uni) answered" in refused.value.message_dict["speakers"][0]
    assert Session.objects.get(pk=session.pk).public_youtube_video == ""
    assert Speaker.objects.get(pk=alice.pk).recording_consent is False


@pytest.mark.parametrize(
    ("state", "submitted", "answer", "how"),
    [
        ("invited", False, None, "was invited to their speaker form"),
        ("revoked", False, None, "was invited to their speaker form"),
        ("submitted", True, None, "sent details through their link that await your review"),
        ("approved", True, None, "sent details through their link"),
        ("changes_requested", True, None, "sent details through their link"),
        (None, False, True, "has their own consent answer"),
    ],
)
def test_set_speakers_never_removes_a_speaker_with_an_invitation_submission_or_answer(
    state, submitted, answer, how
):
    session = SessionFactory()
    alice = _speaker_on(session, "Alice", affiliation="Old Uni", recording_consent=answer)
    if state:
        invitation = SpeakerInvitation.objects.create(
            speaker=alice, email="a@example.org", nonce="n", invited_at=timezone.now(),
            state=state,
        )  # fmt: skip
        if submitted:
            SpeakerSubmission.objects.create(
                invitation=invitation, title="Mine", submitted_at=timezone.now()
            )

    with pytest.raises(ValidationError) as refused:
        services.set_speakers(session, [{"name": "Alicia", "affiliation": "Old Uni"}])

    assert refused.value.message_dict == {"speakers": [ALICE_REFUSED.format(how=how)]}
    assert list(session.speakers.all()) == [alice]
    assert SpeakerSubmission.objects.count() == (1 if submitted else 0)


def test_set_speakers_refusal_names_every_speaker_concerned_and_removes_the_others():
    session = SessionFactory()
    _speaker_on(session, "Ann", affiliation="", recording_consent=True)
    _speaker_on(session, "Ben", affiliation="B", livestream_consent=False)
    quiet = _speaker_on(session, "Cy")

    with pytest.raises(ValidationError) as refused:
        services.set_speakers(session, [{"name": "Dee"}])

    assert refused.value.messages[0].startswith(
        "“Ann” has their own consent answer; “Ben” (B) has their own consent answer, and the "
        "file no longer names them"
    )
    assert session.speakers.count() == 3
    # Speakers who never took part themselves are replaced as before.
    Speaker.objects.exclude(pk=quiet.pk).delete()
    assert services.set_speakers(session, [{"name": "Dee"}]) is True
    assert [s.name for s in session.speakers.all()] == ["Dee"]
