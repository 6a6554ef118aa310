"""The session sheet's speakers and references columns: any text reads back exactly."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from groupsite.sheets.files import read_sheet, write_sheet
from seminar.models import Reference, Series, Session, Speaker
from seminar.session_sheet import SessionSheet, export_sessions, session_cells
from seminar.speakers.models import SpeakerInvitation
from tests.factories import (
    MemberFactory,
    ReferenceFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.sheets import dataset, errors, import_table

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def stored(session):
    return (
        [(s.name, s.affiliation, s.orcid, s.homepage) for s in session.speakers.all()],
        [
            (r.title, r.authors, r.venue, r.year, r.url, r.doi, r.arxiv_id)
            for r in session.references.all()
        ],
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_separators_in_speakers_and_references_survive_export_and_import(file_format):
    series = SeriesFactory(slug="ml")
    talk = SessionFactory(series=series, start=datetime(2030, 1, 8, 15, tzinfo=BERLIN))
    SpeakerFactory(session=talk, name="Jean (JJ) Dupont", affiliation="CNRS")
    # As import_ics reads "Speaker: Ana Lee (Dept; Univ)".
    SpeakerFactory(session=talk, name="Ana Lee", affiliation="Dept; Univ")
    SpeakerFactory(session=talk, name="Back\\slash; (odd", affiliation="Lab (North")
    ReferenceFactory(session=talk, title="Pipes | filters", authors="Doe", year=None)
    ReferenceFactory(
        session=talk,
        title="A | B",
        authors="C \\ D",
        venue="E|F",
        year=2020,
        url="https://example.org/a|b",
        doi="10.1000/182",
        arxiv_id="1505.04597",
    )
    before = stored(talk)
    exported = write_sheet(*export_sessions(Session.objects.all()), file_format)

    again = import_table(SessionSheet(), read_sheet(exported, file_format))

    assert [row.status for row in again.rows] == ["unchanged"], again.refusals()
    assert stored(Session.objects.get()) == before
    # Into an empty site the same file gives the same speakers and references.
    Session.objects.all().delete()
    import_table(SessionSheet(), read_sheet(exported, file_format))
    assert stored(Session.objects.get()) == before


def test_a_changed_speaker_shows_in_the_preview_diff():
    series = SeriesFactory(slug="ml")
    talk = SessionFactory(series=series, start=datetime(2030, 1, 8, 15, tzinfo=BERLIN))
    SpeakerFactory(session=talk, name="Jean (JJ) Dupont", affiliation="CNRS")
    table = dataset(
        [talk.uid, "ml", "Jean (JJ) Dupont (CNRS)"], headers=["uid", "series", "speakers"]
    )
    # As typed by hand, parentheses in the name are refused instead of silently split.
    refused = SessionSheet().plan(table)
    (invalid,) = errors(refused).values()
    assert "is not “Name” or “Name (Affiliation)”" in invalid["speakers"][0]

    table.rows[0] = [talk.uid, "ml", "Jean (CNRS)"]
    (row,) = SessionSheet().plan(table).rows
    assert row.status == "changed"
    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Speakers", "Jean \\(JJ\\) Dupont (CNRS)", "Jean (CNRS)")
    ]


# Any text, including every special character and letters beyond ASCII.
any_text = st.text(
    st.one_of(
        st.sampled_from("()\\;,|& "),
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    ),
    max_size=25,
).map(str.strip)
speakers = st.lists(
    st.builds(Speaker, name=any_text.filter(bool), affiliation=any_text), max_size=4
)
references = st.lists(
    st.builds(
        Reference,
        title=any_text.filter(bool),
        authors=any_text,
        venue=any_text,
        year=st.none() | st.integers(1900, 2100),
        url=st.sampled_from(["", "https://example.org/a|b\\c"]),
        doi=st.sampled_from(["", "10.1000/182"]),
        arxiv_id=st.sampled_from(["", "1505.04597"]),
    ),
    max_size=4,
)


def cells_of(speaker_list, reference_list) -> dict:
    """An unsaved session's cells, as a row shows it."""
    session = Session(
        series=Series(slug="ml", time_zone="Europe/Berlin"),
        title="Talk",
        start=datetime(2030, 1, 8, 15, tzinfo=BERLIN),
    )
    speakers = [{"name": s.name, "affiliation": s.affiliation} for s in speaker_list]
    fields = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
    references = [{name: getattr(r, name) for name in fields} for r in reference_list]
    return session_cells(session, speakers, references)


def speaker_values(speaker_list):
    return [(s.name, s.affiliation) for s in speaker_list]


def reference_values(reference_list):
    fields = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
    return [tuple(getattr(r, name) for name in fields) for r in reference_list]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(speakers, references)
def test_any_speakers_and_references_read_back_exactly(speaker_list, reference_list):
    sheet = SessionSheet()
    sheet.members_by_slug, sheet.series_by_slug, sheet.series_by_uid = {}, {}, {}
    cells = cells_of(speaker_list, reference_list)
    row = {c: cells[c] for c in ("speakers", "speaker_orcids", "speaker_homepages", "references")}
    read = sheet.read_row(2, row)
    assert read.errors == {}
    assert [(s["name"], s["affiliation"]) for s in read.speakers] == speaker_values(speaker_list)
    fields = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
    assert [tuple(r[name] for name in fields) for r in read.references] == reference_values(
        reference_list
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(speakers, speakers, references, references)
# What the unescaped sheet made of "Jean (JJ) Dupont (CNRS)" and "Pipes | filters | Doe".
@example(
    [Speaker(name="Jean (JJ) Dupont", affiliation="CNRS")],
    [Speaker(name="Jean", affiliation="JJ) Dupont (CNRS")],
    [Reference(title="Pipes | filters", authors="Doe", venue="")],
    [Reference(title="Pipes", authors="filters", venue="Doe")],
)
def test_the_preview_diff_shows_a_difference_exactly_when_there_is_one(
    old_speakers, new_speakers, old_references, new_references
):
    left = cells_of(old_speakers, old_references)
    right = cells_of(new_speakers, new_references)
    assert (left["speakers"] != right["speakers"]) == (
        speaker_values(old_speakers) != speaker_values(new_speakers)
    )
    assert (left["references"] != right["references"]) == (
        reference_values(old_references) != reference_values(new_references)
    )


# Re-imports and the speakers who took part themselves ---------------------------------------

ALICE_REFUSED = (
    "“Alice” (Old Uni) answered through their link, and the file no longer names them (by "
    "name, member or ORCID iD). Rename them on the session in the admin so the names match, "
    "or remove them there first; nothing was imported."
)


def talk_with_alice_who_said_no(**alice_fields):
    talk = SessionFactory(
        series=SeriesFactory(slug="ml"),
        start=datetime(2030, 1, 8, 15, tzinfo=BERLIN),
        livestream_url="https://stream.example.org/live",
        livestream_consent=True,
    )
    alice = SpeakerFactory(
        session=talk, name="Alice", affiliation="Old Uni", email="alice@example.org",
        livestream_consent=False, order=0, **alice_fields,
    )  # fmt: skip
    SpeakerFactory(session=talk, name="Bob", affiliation="", order=1)
    SpeakerInvitation.objects.create(
        speaker=alice, email=alice.email, nonce="n", invited_at=talk.start
    )
    return talk, alice


def exported_row(talk, **changes):
    headers, rows = export_sessions(Session.objects.filter(pk=talk.pk))
    row = dict(zip(headers, rows[0], strict=True)) | changes
    return dataset(list(row.values()), headers=list(row))


def without(table, column):
    """The table without ``column``."""
    keep = [n for n, name in enumerate(table.headers) if name != column]
    return dataset(*[[row[n] for n in keep] for row in table.rows],
                   headers=[table.headers[n] for n in keep])  # fmt: skip


def speaker_rows(talk):
    return list(
        Speaker.objects.filter(session=talk).values_list(
            "pk", "name", "email", "livestream_consent", "member_id"
        )
    )


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
def test_a_sheet_renaming_a_speaker_who_answered_is_refused_naming_her(dry_run):
    talk, _ = talk_with_alice_who_said_no()
    before = speaker_rows(talk)
    table = exported_row(talk, speakers="Alice Smith (Old Uni); Bob", title="New title")

    result = import_table(SessionSheet(), table, dry_run=dry_run)

    (invalid,) = errors(result).values()
    assert invalid == {"speakers": [ALICE_REFUSED]}
    assert speaker_rows(talk) == before
    talk.refresh_from_db()
    assert talk.title != "New title"
    assert talk.public_livestream_url == ""


def test_a_sheet_linking_a_speaker_who_answered_to_another_member_is_refused():
    first, second = MemberFactory(slug="first"), MemberFactory(slug="second")
    talk, _ = talk_with_alice_who_said_no(member=first)
    before = speaker_rows(talk)
    table = exported_row(talk, speaker_members="second")

    result = import_table(SessionSheet(), table)

    (invalid,) = errors(result).values()
    assert invalid == {"speakers": [ALICE_REFUSED]}
    assert speaker_rows(talk) == before
    assert Session.objects.get(pk=talk.pk).public_livestream_url == ""
    assert second.talks.count() == 0


def test_a_sheet_may_still_replace_a_speaker_who_never_took_part():
    talk, alice = talk_with_alice_who_said_no()
    table = exported_row(talk, speakers="Alice (Old Uni); Bea")

    result = import_table(SessionSheet(), table)

    assert [row.status for row in result.rows] == ["changed"]
    assert [s.name for s in Speaker.objects.filter(session=talk)] == ["Alice", "Bea"]
    assert Speaker.objects.get(session=talk, name="Alice").pk == alice.pk
    assert Session.objects.get(pk=talk.pk).public_livestream_url == ""


@pytest.mark.parametrize(
    ("column", "field", "value"),
    [
        ("speaker_orcids", "orcid", "0000-0002-1825-0097"),
        ("speaker_homepages", "homepage", "https://alice.example/"),
        ("speaker_members", "member", "member"),
    ],
)
def test_a_sheet_without_a_speaker_column_leaves_that_field_as_it_is(column, field, value):
    talk = SessionFactory(
        series=SeriesFactory(slug="ml"), start=datetime(2030, 1, 8, 15, tzinfo=BERLIN)
    )
    if value == "member":
        value = MemberFactory(slug="alice")
    SpeakerFactory(session=talk, name="Alice", affiliation="Old Uni", **{field: value})
    unchanged = SessionSheet().plan(without(exported_row(talk), column))
    assert [row.status for row in unchanged.rows] == ["unchanged"]

    exported = without(exported_row(talk, speakers="Alice (New Uni)"), column)
    (row,) = SessionSheet().plan(exported).rows
    assert [c.label for c in row.changes] == ["Speakers"]
    result = import_table(SessionSheet(), exported)

    assert [row.status for row in result.rows] == ["changed"]
    (alice,) = Speaker.objects.filter(session=talk)
    assert (alice.affiliation, getattr(alice, field)) == ("New Uni", value)
