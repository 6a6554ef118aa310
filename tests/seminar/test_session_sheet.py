from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from reversion.models import Version

from groupsite.sheets.files import read_sheet, write_sheet
from seminar.models import Session
from seminar.session_sheet import SessionSheet, export_sessions
from tests.factories import (
    MemberFactory,
    ReferenceFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.sheets import dataset, errors, import_table

DATA = Path(__file__).parent / "data" / "spreadsheets"
BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def load(name: str):
    from tests.sheets import load

    return load(DATA / name)


def import_sheet(table, dry_run=False):
    return import_table(SessionSheet(), table, dry_run=dry_run)


def snapshot():
    sessions = Session.objects.order_by("uid").prefetch_related("speakers", "references")
    return [
        (
            {k: v for k, v in vars(s).items() if k not in {"_state", "_prefetched_objects_cache"}},
            [(p.name, p.affiliation, p.orcid, p.homepage, p.member_id) for p in s.speakers.all()],
            [
                (r.title, r.authors, r.venue, r.year, r.url, r.doi, r.arxiv_id)
                for r in s.references.all()
            ],
        )
        for s in sessions
    ]


def counts(plan):
    return plan.counts


def without_recordings(table):
    """The sheet without its recording column: a sheet never grants consent, so the
    recordings come in once the speakers' consent is recorded."""
    keep = [n for n, header in enumerate(table.headers) if str(header).lower() != "recording"]
    return dataset(
        *([row[n] for n in keep] for row in table.rows), headers=[table.headers[n] for n in keep]
    )


@pytest.mark.parametrize("name", ["programme.xlsx", "programme.csv"])
def test_organiser_programme_imports_once_and_then_changes_nothing(name):
    series = SeriesFactory(slug="ml-seminar", default_location="Seminar room 2")
    first = import_sheet(without_recordings(load(name)))
    assert counts(first) == {"new": 66, "changed": 0, "unchanged": 0, "refused": 0}
    refused = import_sheet(load(name))
    assert counts(refused)["refused"] == 49  # a recording each, no consent recorded
    Session.objects.update(recording_consent=True)  # as staff tick it in the admin
    recorded = import_sheet(load(name))
    assert counts(recorded) == {"new": 0, "changed": 49, "unchanged": 17, "refused": 0}
    sessions = list(series.sessions.order_by("start"))
    # Listed newest first, numbered oldest first.
    assert [s.number for s in sessions] == list(range(1, 67))
    oldest = sessions[0]
    assert oldest.title == "Neural operators for ocean models (1)"
    assert oldest.start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") == "2021-01-12 16:00"
    assert [(s.name, s.affiliation) for s in oldest.speakers.all()] == [
        ("Jörg Müller", "Universität Hamburg")
    ]
    assert [s.youtube_video for s in sessions[:6]] == [
        "vid0000abcd",
        "vid0001abcd",
        "vid0002abcd",
        "vid0003abcd",
        "vid0004abcd",
        "vid0005abcd",
    ]
    assert sessions[9].speakers.count() == 2
    assert sessions[17].status == "cancelled"
    assert oldest.location == "Seminar room 2"
    before = snapshot()
    second = import_sheet(load(name))
    assert counts(second) == {"new": 0, "changed": 0, "unchanged": 66, "refused": 0}
    assert snapshot() == before


def test_xlsx_and_csv_programmes_give_the_same_sessions():
    SeriesFactory(slug="ml-seminar")
    import_sheet(without_recordings(load("programme.xlsx")))
    assert counts(import_sheet(without_recordings(load("programme.csv"))))["unchanged"] == 66
    Session.objects.update(recording_consent=True)
    import_sheet(load("programme.xlsx"))
    assert counts(import_sheet(load("programme.csv")))["unchanged"] == 66


BAD_ROWS = [
    ["ml", "Fine talk", "2024-03-05 15:00", ""],
    ["ml", "Bad date", "2024-02-30 15:00", ""],
    ["ml", "Bad link", "2024-03-12 15:00", "https://vimeo.com/12345"],
    ["ml", "Same slot again", "2024-03-05 15:00", ""],
]


def test_invalid_rows_refuse_the_whole_file_naming_every_row():
    SeriesFactory(slug="ml")
    result = import_sheet(dataset(*BAD_ROWS, headers=["series", "title", "start", "recording"]))
    assert result.refused
    problems = errors(result)
    assert sorted(problems) == [3, 4, 5]  # spreadsheet rows: the header is row 1
    assert "not a date and time" in problems[3]["start"][0]
    assert "not a YouTube address" in problems[4]["recording"][0]
    assert "repeats ml / 2024-03-05 15:00 from row 2" in problems[5][""][0]
    assert Session.objects.count() == 0


CONSENT_REFUSAL = (
    "The speakers have not agreed to publishing the recording; record their consent in the "
    "admin first, or leave the recording empty."
)


def test_a_sheet_never_grants_consent_to_publish_a_recording():
    SeriesFactory(slug="ml")
    headers = ["series", "title", "start", "speakers", "recording"]
    row = ["ml", "Talk", "2024-03-05 15:00", "Ada (Uni)", "https://youtu.be/dQw4w9WgXcQ"]
    result = import_sheet(dataset(row, headers=headers))
    assert errors(result) == {2: {"recording": [CONSENT_REFUSAL]}}
    assert not Session.objects.exists()
    import_sheet(dataset([*row[:4], ""], headers=headers))
    session = Session.objects.get()
    assert not session.recording_consent
    Session.objects.update(recording_consent=True)  # staff record the consent
    assert counts(import_sheet(dataset(row, headers=headers)))["changed"] == 1
    assert Session.objects.get().youtube_video == "dQw4w9WgXcQ"


def test_duplicate_uid_is_refused():
    SeriesFactory(slug="ml")
    table = dataset(
        ["ml", "a@x", "One", "2024-03-05 15:00"],
        ["ml", "a@x", "Two", "2024-03-12 15:00"],
        headers=["series", "uid", "title", "start"],
    )
    result = import_sheet(table)
    assert sorted(errors(result)) == [3]
    assert Session.objects.count() == 0


def test_export_then_import_into_an_empty_site_gives_equal_sessions():
    series = SeriesFactory(slug="ml", time_zone="America/New_York")
    member = MemberFactory(slug="ada")
    # Sheets hold times to the minute.
    talk = SessionFactory(
        series=series,
        start=datetime(2024, 3, 5, 15, 0, tzinfo=BERLIN),
        status_note="Moved.",  # no recording: a sheet never grants consent (test below)
        abstract="Line one.\n\nLine two, with ünïcödé.",
        published=False,
    )
    SpeakerFactory(
        session=talk,
        name="Ada",
        affiliation="Uni (CEN)",
        member=member,
        orcid="0000-0002-1825-0097",
        homepage="https://ada.example/",
    )
    SpeakerFactory(session=talk, name="Bob", affiliation="")
    ReferenceFactory(
        session=talk,
        title="U-Net",
        authors="O. R. et al.",
        venue="MICCAI",
        year=2015,
        arxiv_id="1505.04597",
        doi="10.1007/978-3-319-24574-4_28",
    )
    SessionFactory(
        series=series,
        status="cancelled",
        format="online",
        duration_minutes=45,
        start=datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN),
    )
    before = snapshot()
    for file_format in ("csv", "xlsx", "json"):
        exported = write_sheet(*export_sessions(Session.objects.all()), file_format)
        Session.objects.all().delete()
        result = import_sheet(read_sheet(exported, file_format))
        assert not result.refused, result.refusals()
        after = snapshot()
        for old, new in zip(before, after, strict=True):
            ignored = {"id", "updated_at", "announced_at", "announced_to", "reminded_at"}
            assert {k: v for k, v in old[0].items() if k not in ignored} == {
                k: v for k, v in new[0].items() if k not in ignored
            }
            assert old[1:] == new[1:]


def test_changed_speaker_is_an_update_recorded_in_history():
    SeriesFactory(slug="ml")
    table = dataset(
        ["ml", "One", "2024-03-05 15:00", "Ada (Uni)"],
        headers=["series", "title", "start", "speakers"],
    )
    import_sheet(table)
    table.rows[0] = ["ml", "One", "2024-03-05 15:00", "Ada (Other Uni)"]
    result = import_sheet(table)
    assert counts(result)["changed"] == 1
    session = Session.objects.get()
    assert [str(s) for s in session.speakers.all()] == ["Ada (Other Uni)"]
    versions = Version.objects.get_for_object(session)
    assert len(versions) == 2
    assert versions[0].revision.comment == "Imported from the spreadsheet."


def test_dry_run_writes_nothing():
    SeriesFactory(slug="ml")
    table = dataset(["ml", "One", "2024-03-05 15:00"], headers=["series", "title", "start"])
    result = import_sheet(table, dry_run=True)
    assert counts(result)["new"] == 1
    assert Session.objects.count() == 0
    assert Version.objects.count() == 0


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("speaker_orcids", "0000-0002-1825-0098", "check digit"),
        ("abstract", "![](https://x.example/a.png)", "alt text"),
        ("series", "nope", "No series “nope”"),
        ("status", "maybe", "not a status"),
    ],
)
def test_rows_are_validated_like_the_admin_form(column, value, message):
    SeriesFactory(slug="ml")
    row = {"series": "ml", "title": "One", "start": "2024-03-05 15:00", "speakers": "Ada"}
    row[column] = value
    result = import_sheet(dataset(list(row.values()), headers=list(row)))
    (invalid,) = errors(result).values()
    assert message in " ".join(" ".join(v) for v in invalid.values())
    assert Session.objects.count() == 0


def test_unknown_column_refuses_the_file():
    SeriesFactory(slug="ml")
    from groupsite.sheets.files import SheetError

    with pytest.raises(SheetError, match=r"Unknown column\(s\): speaker\."):
        import_sheet(dataset(["ml", "One", "x"], headers=["series", "title", "speaker"]))


def test_blank_published_cell_never_publishes_a_draft():
    series = SeriesFactory(slug="ml")
    draft = SessionFactory(
        series=series, published=False, start=datetime(2024, 3, 5, 15, 0, tzinfo=BERLIN)
    )
    table = dataset(
        ["ml", draft.uid, "Renamed", "2024-03-05 15:00", ""],
        ["ml", "", "New one", "2024-03-12 15:00", ""],
        headers=["series", "uid", "title", "start", "published"],
    )
    import_sheet(table)
    draft.refresh_from_db()
    assert (draft.title, draft.published) == ("Renamed", False)
    assert Session.objects.get(title="New one").published is True


def test_two_rows_with_one_series_and_number_are_refused_in_the_preview_naming_both():
    SeriesFactory(slug="ml")
    table = dataset(
        ["ml", "5", "One", "2024-03-05 15:00"],
        ["ml", "5", "Two", "2024-03-12 15:00"],
        headers=["series", "number", "title", "start"],
    )
    preview = import_sheet(table, dry_run=True)
    problems = errors(preview)
    message = (
        "Session #5 is also given to row 2 of the file; each session of a series needs its "
        "own number."
    )
    assert problems == {3: {"number": [message]}}
    assert import_sheet(table).refused
    assert Session.objects.count() == 0


def test_calendar_and_sheet_match_sessions_in_the_same_place():
    """A calendar's sessions, exported and read back as a sheet, are the same sessions."""
    from seminar.importing import import_calendar

    series = SeriesFactory(slug="ml")
    import_calendar((Path(__file__).parent / "data" / "sample.ics").read_bytes(), series)
    headers, rows = export_sessions(Session.objects.all())
    plan = SessionSheet().plan(dataset(*rows, headers=headers))
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}
    # Without the UID column, the series and start find the same sessions.
    keep = [n for n, name in enumerate(headers) if name != "uid"]
    plan = SessionSheet().plan(
        dataset(*[[row[n] for n in keep] for row in rows], headers=[headers[n] for n in keep])
    )
    assert plan.counts["unchanged"] == 3
