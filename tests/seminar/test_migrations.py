"""Data migrations, run on rows as the code before them wrote them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("seminar", "0006_assume_consent_for_existing_recordings")
AFTER = ("seminar", "0007_speakers_own_consent_and_random_slide_names")


@pytest.fixture
def migrate_0007(transactional_db):
    """Yields the models as of 0006; calling ``run()`` migrates to 0007."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state(BEFORE).apps

    def run():
        executor.loader.build_graph()
        executor.migrate([AFTER])
        return executor.loader.project_state(AFTER).apps

    yield old, run
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_0007_recovers_approved_answers_and_clears_ticks_computed_from_them(migrate_0007):
    old, run = migrate_0007
    Series, Session = old.get_model("seminar", "Series"), old.get_model("seminar", "Session")
    Speaker = old.get_model("seminar", "Speaker")
    Invitation = old.get_model("seminar", "SpeakerInvitation")
    Submission = old.get_model("seminar", "SpeakerSubmission")
    now = timezone.now()
    series = Series.objects.create(name="S", slug="s")

    def session(number, tick):
        start = now - timedelta(days=2)
        return Session.objects.create(
            series=series, number=number, title=f"t{number}", slug=f"t{number}", start=start,
            end=start + timedelta(hours=1), uid=f"u{number}", livestream_consent=tick,
            recording_consent=tick,
        )  # fmt: skip

    def submitted(session, name, state, slides_only, answer, revision):
        speaker = Speaker.objects.create(session=session, name=name)
        invitation = Invitation.objects.create(
            speaker=speaker, email="x@example.org", nonce="n", state=state, invited_at=now
        )
        Submission.objects.create(
            invitation=invitation, slides_only=slides_only, livestream_consent=answer,
            recording_consent=answer, submitted_at=now, title="t", revision=revision,
        )  # fmt: skip
        return speaker.pk

    # An approved "no", then slides after the talk (approved): the old code kept the answers.
    no_then_slides = submitted(session(1, False), "A", "approved", True, False, 2)
    # An approved "no", then a "yes" awaiting review.
    no_then_pending_yes = submitted(session(2, False), "B", "submitted", False, True, 2)
    # An approved "yes" set the ticks; the co-speaker was never asked.
    both = session(3, True)
    approved_yes = submitted(both, "C", "approved", False, True, 1)
    never_asked = Speaker.objects.create(session=both, name="D").pk
    # Slides sent after the talk, never asked anything; staff ticked by e-mail.
    slides_first = submitted(session(4, True), "E", "approved", True, False, 1)

    new = run()
    Speaker, Session = new.get_model("seminar", "Speaker"), new.get_model("seminar", "Session")
    Submission = new.get_model("seminar", "SpeakerSubmission")

    def answers(pk):
        return (
            Speaker.objects.filter(pk=pk)
            .values_list("livestream_consent", "recording_consent")
            .get()
        )

    assert answers(no_then_slides) == (False, False)
    assert answers(no_then_pending_yes) == (False, False)
    assert answers(approved_yes) == (True, True)
    assert answers(never_asked) == (None, None)
    assert answers(slides_first) == (None, None)
    ticks = dict(Session.objects.values_list("number", "recording_consent"))
    assert ticks == {1: False, 2: False, 3: False, 4: True}
    assert set(
        Submission.objects.filter(slides_only=True).values_list("recording_consent", flat=True)
    ) == {None}
    # The pending re-submission keeps its answers for the review.
    assert Submission.objects.get(invitation__speaker_id=no_then_pending_yes).recording_consent


def migrate_between(before, after):
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state(before).apps

    def run():
        executor.loader.build_graph()
        executor.migrate([after])
        return executor.loader.project_state(after).apps

    return executor, old, run


@pytest.fixture
def migrate_texts(transactional_db):
    executor, old, run = migrate_between(
        ("seminar", "0010_url_labels"), ("seminar", "0012_languages_of_talks_and_mail")
    )
    yield old, run
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_0011_keeps_every_text_as_the_english_version_and_0012_gives_talks_their_language(
    migrate_texts,
):
    old, run = migrate_texts
    Series, Session = old.get_model("seminar", "Series"), old.get_model("seminar", "Session")
    series = Series.objects.create(name="S", slug="s", description="About.", cadence="Weekly")
    now = timezone.now()
    Session.objects.create(
        series=series, number=1, title="Flows", slug="flows", start=now,
        end=now + timedelta(hours=1), uid="u1", abstract="Abstract.", status_note="",
    )  # fmt: skip
    new = run()
    series = new.get_model("seminar", "Series").objects.get()
    session = new.get_model("seminar", "Session").objects.get()
    assert (series.description_en, series.cadence_en, series.description_de) == (
        "About.", "Weekly", None,
    )  # fmt: skip
    assert (session.title_en, session.abstract_en, session.title_de) == (
        "Flows", "Abstract.", None,
    )  # fmt: skip
    assert (series.language, session.language) == ("en", "en")
