"""Sessions' German columns (title_de, abstract_de, status_note_de) and their language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from seminar.models import Session
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import SeriesFactory, SessionFactory
from tests.sheets import dataset, import_table

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    series = SeriesFactory(slug="ml")
    return SessionFactory(
        series=series, title="Flows", title_de="Flüsse", abstract="On flows.",
        abstract_de="Über Flüsse.", start=datetime(2024, 3, 5, 15, tzinfo=BERLIN),
    )  # fmt: skip


def exported(**cells):
    headers, rows = export_sessions(Session.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    for name in ("end", "url"):
        row.pop(name)
    row.update(cells)
    return dataset(list(row.values()), headers=list(row))


def test_german_columns_follow_the_english_ones_with_german_labels():
    names = SessionSheet().export_names()
    for name in ("title", "status_note", "abstract"):
        assert names[names.index(name) + 1] == f"{name}_de"
    assert names[names.index("format") + 1] == "language"
    labels = SessionSheet().labels()
    assert str(labels["abstract_de"]) == "Abstract (German)"


def test_export_writes_english_and_german_apart_whatever_language_is_active(talk):
    with translation.override("de"):
        headers, rows = export_sessions(Session.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["title"], row["title_de"]) == ("Flows", "Flüsse")
    assert (row["abstract"], row["abstract_de"]) == ("On flows.", "Über Flüsse.")
    assert (row["status_note"], row["status_note_de"], row["language"]) == ("", "", "en")


def test_round_trip_with_german_texts_is_unchanged(talk):
    plan = import_table(SessionSheet(), exported())
    assert plan.counts["unchanged"] == 1, plan.refusals()


def test_a_changed_german_title_is_shown_and_saved_in_german(talk):
    plan = import_table(SessionSheet(), exported(title_de="Neue Flüsse"))
    assert plan.counts["changed"] == 1, plan.refusals()
    assert [(str(c.label), c.before, c.after) for c in plan.rows[0].changes] == [
        ("Title (German)", "Flüsse", "Neue Flüsse")
    ]
    talk.refresh_from_db()
    assert (talk.title_en, talk.title_de) == ("Flows", "Neue Flüsse")


def test_a_blank_german_cell_keeps_the_german_text(talk):
    plan = import_table(SessionSheet(), exported(title_de="", abstract_de="", title="Rivers"))
    assert plan.counts["changed"] == 1, plan.refusals()
    talk.refresh_from_db()
    assert (talk.title_en, talk.title_de, talk.abstract_de) == ("Rivers", "Flüsse", "Über Flüsse.")


def test_the_english_column_writes_english_under_german_too(talk):
    with translation.override("de"):
        plan = import_table(SessionSheet(), exported(title="Rivers"))
    assert plan.counts["changed"] == 1, plan.refusals()
    talk.refresh_from_db()
    assert (talk.title_en, talk.title_de) == ("Rivers", "Flüsse")


def test_a_new_session_takes_its_german_texts_and_language():
    SeriesFactory(slug="ml")
    table = dataset(
        ["ml", "Flows", "Flüsse", "2024-03-05 15:00", "de", "Ausgefallen?"],
        headers=["series", "title", "title_de", "start", "language", "status_note_de"],
    )
    plan = import_table(SessionSheet(), table)
    assert plan.counts["new"] == 1, plan.refusals()
    session = Session.objects.get()
    assert (session.title_en, session.title_de, session.language) == ("Flows", "Flüsse", "de")
    assert (session.status_note_en, session.status_note_de) == ("", "Ausgefallen?")
    assert session.abstract_de is None


def test_a_blank_language_is_the_series_and_a_wrong_one_is_refused(talk):
    talk.series.language = "de"
    talk.series.save()
    plan = import_table(SessionSheet(), exported(language=""))
    assert plan.counts["changed"] == 1, plan.refusals()
    talk.refresh_from_db()
    assert talk.language == "de"
    plan = import_table(SessionSheet(), exported(language="fr"), dry_run=True)
    assert list(plan.errors_by_number()[2]) == ["language"]
