"""The session sheet's speakers and references columns: any text reads back exactly."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import tablib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from import_export.formats.base_formats import CSV, XLSX

from seminar.models import Reference, Series, Session, Speaker
from seminar.resources import SessionDiff, SessionResource
from seminar.speakers.models import SpeakerInvitation
from tests.factories import (
    MemberFactory,
    ReferenceFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)

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


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
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
    exported = file_format.export_data(SessionResource().export())

    again = SessionResource().import_data(file_format.create_dataset(exported))

    assert not again.has_errors() and not again.has_validation_errors()
    assert [row.import_type for row in again.rows] == ["skip"]
    assert stored(Session.objects.get()) == before
    # Into an empty site the same file gives the same speakers and references.
    Session.objects.all().delete()
    SessionResource().import_data(file_format.create_dataset(exported))
    assert stored(Session.objects.get()) == before


def test_a_changed_speaker_shows_in_the_preview_diff():
    series = SeriesFactory(slug="ml")
    talk = SessionFactory(series=series, start=datetime(2030, 1, 8, 15, tzinfo=BERLIN))
    SpeakerFactory(session=talk, name="Jean (JJ) Dupont", affiliation="CNRS")
    dataset = tablib.Dataset(
        [talk.uid, "ml", "Jean (JJ) Dupont (CNRS)"], headers=["uid", "series", "speakers"]
    )
    # As typed by hand, parentheses in the name are refused instead of silently split.
    refused = SessionResource().import_data(dataset, dry_run=True)
    (invalid,) = refused.invalid_rows
    assert "is not “Name” or “Name (Affiliation)”" in invalid.error_dict["speakers"][0]

    dataset[0] = (talk.uid, "ml", "Jean (CNRS)")
    result = SessionResource().import_data(dataset, dry_run=True)
    (row,) = result.rows
    assert row.import_type == "update"
    columns = [field.column_name for field in SessionResource().get_import_fields()]
    speakers = columns.index("speakers")
    assert row.diff[speakers] == (
        '<span>Jean </span><del style="background:#ffe6e6;">\\(JJ\\) Dupont </del>'
        "<span>(CNRS)</span>"
    )


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


def sheet_session(speaker_list, reference_list) -> Session:
    """An unsaved session as a row shows it (the resource's writers read import_*)."""
    session = Session(
        pk=1,
        series=Series(slug="ml", time_zone="Europe/Berlin"),
        title="Talk",
        start=datetime(2030, 1, 8, 15, tzinfo=BERLIN),
    )
    session.import_speakers, session.import_references = speaker_list, reference_list
    return session


def speaker_values(speaker_list):
    return [(s.name, s.affiliation) for s in speaker_list]


def reference_values(reference_list):
    fields = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
    return [tuple(getattr(r, name) for name in fields) for r in reference_list]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(speakers, references)
def test_any_speakers_and_references_read_back_exactly(speaker_list, reference_list):
    resource = SessionResource()
    resource.members_by_slug = {}
    session = sheet_session(speaker_list, reference_list)
    row = {
        column: resource.export_field(resource.fields[column], session)
        for column in ("speakers", "speaker_orcids", "speaker_homepages", "references")
    }
    read, errors = Session(series=session.series), {}
    resource._read_speakers(read, row, errors)
    resource._read_references(read, row, errors)
    assert errors == {}
    assert speaker_values(read.import_speakers) == speaker_values(speaker_list)
    assert reference_values(read.import_references) == reference_values(reference_list)


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
    resource = SessionResource()
    before = sheet_session(old_speakers, old_references)
    resource.sessions_by_pk = {before.pk: before}
    after = sheet_session(new_speakers, new_references)
    diff = SessionDiff(resource, after, new=False)
    diff.compare_with(resource, after)
    columns = [field.column_name for field in resource.get_import_fields()]
    left = dict(zip(columns, diff.left, strict=True))
    right = dict(zip(columns, diff.right, strict=True))
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


def exported_row(talk, **changes) -> tablib.Dataset:
    exported = SessionResource().export(Session.objects.filter(pk=talk.pk))
    row = dict(zip(exported.headers, exported[0], strict=True)) | changes
    return tablib.Dataset(list(row.values()), headers=list(row))


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
    dataset = exported_row(talk, speakers="Alice Smith (Old Uni); Bob", title="New title")

    result = SessionResource().import_data(dataset, dry_run=dry_run)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {"speakers": [ALICE_REFUSED]}
    assert speaker_rows(talk) == before
    talk.refresh_from_db()
    assert talk.title != "New title"
    assert talk.public_livestream_url == ""


def test_a_sheet_linking_a_speaker_who_answered_to_another_member_is_refused():
    first, second = MemberFactory(slug="first"), MemberFactory(slug="second")
    talk, _ = talk_with_alice_who_said_no(member=first)
    before = speaker_rows(talk)
    dataset = exported_row(talk, speaker_members="second")

    result = SessionResource().import_data(dataset)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {"speakers": [ALICE_REFUSED]}
    assert speaker_rows(talk) == before
    assert Session.objects.get(pk=talk.pk).public_livestream_url == ""
    assert second.talks.count() == 0


def test_a_sheet_may_still_replace_a_speaker_who_never_took_part():
    talk, alice = talk_with_alice_who_said_no()
    dataset = exported_row(talk, speakers="Alice (Old Uni); Bea")

    result = SessionResource().import_data(dataset)

    assert [row.import_type for row in result.rows] == ["update"]
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
    exported = exported_row(talk)
    del exported[column]

    unchanged = SessionResource().import_data(exported, dry_run=True)
    assert [row.import_type for row in unchanged.rows] == ["skip"]

    exported = exported_row(talk, speakers="Alice (New Uni)")
    del exported[column]
    preview = SessionResource().import_data(exported, dry_run=True)
    (row,) = preview.rows
    columns = [f.column_name for f in SessionResource().get_import_fields()]
    assert "<del" not in row.diff[columns.index(column)]
    result = SessionResource().import_data(exported)

    assert [row.import_type for row in result.rows] == ["update"]
    (alice,) = Speaker.objects.filter(session=talk)
    assert (alice.affiliation, getattr(alice, field)) == ("New Uni", value)
