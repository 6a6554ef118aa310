from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from reversion.models import Version

from seminar import services
from seminar.importing import CalendarImportError, import_calendar
from seminar.models import Session, Speaker
from seminar.speakers.models import SpeakerInvitation
from tests.factories import SeriesFactory
from tests.seminar.calendars import one_event

SAMPLE = Path(__file__).parent / "data" / "sample.ics"
BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def snapshot():
    return list(Session.objects.order_by("uid").values())


def test_import_maps_every_supported_property():
    series = SeriesFactory(default_duration_minutes=60, default_location="Main hall")
    report = import_calendar(SAMPLE.read_bytes(), series)
    assert sorted(report.created) == ["talk-1@old.example", "talk-2@old.example",
                                      "talk-3@old.example"]  # fmt: skip
    first, second, third = Session.objects.order_by("start")
    assert first.title == "Neural operators for ocean models"
    assert first.start == datetime(2023, 3, 14, 15, tzinfo=BERLIN)
    assert first.duration_minutes == 90
    assert first.abstract == "Learning solution operators of PDEs.\nWith examples."
    assert (first.location, first.youtube_video) == ("Room 1", "dQw4w9WgXcQ")
    assert second.start == datetime(2023, 7, 11, 15, tzinfo=BERLIN)  # 13:00 UTC
    assert (second.duration_minutes, second.youtube_video) == (45, "")
    assert second.location == "Main hall"
    assert third.status == "cancelled"
    assert third.start == datetime(2023, 7, 18, 15, tzinfo=BERLIN)  # floating: series zone
    assert third.duration_minutes == 60
    assert [s.number for s in (first, second, third)] == [1, 2, 3]


def test_import_twice_is_idempotent(capsys):
    series = SeriesFactory(slug="ml")
    call_command("import_ics", str(SAMPLE), series="ml")
    before = snapshot()
    call_command("import_ics", str(SAMPLE), series="ml")
    assert snapshot() == before
    assert capsys.readouterr().out.splitlines() == [
        "3 created, 0 updated, 0 unchanged.",
        "0 created, 0 updated, 3 unchanged.",
    ]
    assert series.sessions.count() == 3


def test_import_updates_changed_session_and_bumps_sequence(tmp_path):
    series = SeriesFactory()
    import_calendar(SAMPLE.read_bytes(), series)
    moved = SAMPLE.read_bytes().replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
    report = import_calendar(moved, series)
    assert (report.updated, len(report.unchanged)) == (["talk-1@old.example"], 2)
    session = Session.objects.get(uid="talk-1@old.example")
    assert (session.location, session.sequence) == ("Room 9", 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a calendar", "not a valid iCalendar file"),
        (SAMPLE.read_bytes()[:400], "not a valid iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
        (SAMPLE.read_bytes().replace(b"UID:talk-2@old.example\r\n", b""), "Event 2: it has no UID"),
        (SAMPLE.read_bytes().replace(b"DTSTART:20230718T150000", b"DTSTART;VALUE=DATE:20230718"),
         "Event 3: “Cancelled talk” (talk-3@old.example) is an all-day event"),
        (SAMPLE.read_bytes().replace(b"talk-3@", b"talk-1@"), "UID talk-1@old.example appears"),
    ],
)  # fmt: skip
def test_broken_file_is_refused_and_changes_nothing(tmp_path, content, message):
    series = SeriesFactory(slug="ml")
    call_command("import_ics", str(SAMPLE), series="ml", stdout=StringIO())
    before = snapshot()
    broken = tmp_path / "broken.ics"
    broken.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        call_command("import_ics", str(broken), series="ml")
    assert message in str(error.value)
    assert snapshot() == before
    assert series.sessions.count() == 3


def test_import_into_unknown_series_names_the_known_ones():
    SeriesFactory(slug="ml")
    with pytest.raises(CommandError, match=r"No series “nope”\. Known series: ml\."):
        call_command("import_ics", str(SAMPLE), series="nope")


def test_import_of_missing_file_says_so():
    SeriesFactory(slug="ml")
    with pytest.raises(CommandError, match=r"Cannot read /no/such\.ics"):
        call_command("import_ics", "/no/such.ics", series="ml")


def test_import_error_lists_every_problem():
    broken = SAMPLE.read_bytes().replace(b"SUMMARY:", b"X-SUMMARY:")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(broken, SeriesFactory())
    assert len(error.value.problems) == 3


def fail_on_save_number(monkeypatch, failing_call: int):
    """Make the n-th session save of the import fail, as a full disk or a lost database would."""
    original = Session.save
    calls = []

    def save(self, *args, **kwargs):
        calls.append(self.uid)
        if len(calls) == failing_call:
            raise DatabaseError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "save", save)
    return calls


def test_a_failure_while_writing_leaves_no_session_behind(monkeypatch):
    series = SeriesFactory()
    calls = fail_on_save_number(monkeypatch, 3)
    with pytest.raises(DatabaseError):
        import_calendar(SAMPLE.read_bytes(), series)
    assert len(calls) == 3  # two sessions were written before the third failed
    assert not Session.objects.exists()


def test_a_failure_while_writing_undoes_earlier_updates(monkeypatch):
    series = SeriesFactory()
    import_calendar(SAMPLE.read_bytes(), series)
    before = snapshot()
    moved = (
        SAMPLE.read_bytes()
        .replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
        .replace(b"SUMMARY:Cancelled talk", b"SUMMARY:Renamed talk")
    )
    fail_on_save_number(monkeypatch, 2)
    with pytest.raises(DatabaseError):
        import_calendar(moved, series)
    assert snapshot() == before


def test_uid_of_another_series_refuses_the_file_and_changes_nothing(tmp_path):
    theirs = SeriesFactory(slug="a", name="Series A")
    SeriesFactory(slug="b", name="Series B")
    import_calendar(SAMPLE.read_bytes(), theirs)
    before = snapshot()
    moved = tmp_path / "moved.ics"
    moved.write_bytes(
        SAMPLE.read_bytes()
        .replace(b"LOCATION:Room 1", b"LOCATION:Room 9")
        .replace(b"talk-2@old.example", b"new-talk@b.example")
    )
    with pytest.raises(CommandError) as error:
        call_command("import_ics", str(moved), series="b")
    message = str(error.value)
    first, _, third = Session.objects.order_by("start")
    assert message.splitlines() == [
        f"Nothing was imported from {moved}:",
        f"  - UID talk-1@old.example belongs to #{first.number} “{first.title}” in the series "
        "“Series A” (a), not to “Series B”.",
        f"  - UID talk-3@old.example belongs to #{third.number} “{third.title}” in the series "
        "“Series A” (a), not to “Series B”.",
    ]
    assert snapshot() == before  # the new UID in the file was not created either


def test_same_uid_in_the_series_itself_is_updated_not_refused():
    series = SeriesFactory(slug="b")
    SeriesFactory(slug="a")
    import_calendar(SAMPLE.read_bytes(), series)
    report = import_calendar(SAMPLE.read_bytes().replace(b"Room 1", b"Room 2"), series)
    assert (report.updated, report.created) == (["talk-1@old.example"], [])


def test_a_session_refused_by_validation_rolls_back_the_whole_file(monkeypatch):
    series = SeriesFactory()
    real_create = services.create_session

    def refuse_the_third(*, series, **fields):
        if fields["uid"] == "talk-3@old.example":
            raise ValidationError({"title": ["Too loud."]})
        return real_create(series=series, **fields)

    monkeypatch.setattr(services, "create_session", refuse_the_third)
    with pytest.raises(CalendarImportError) as error:
        import_calendar(SAMPLE.read_bytes(), series)
    assert error.value.problems == ["Event 3 (talk-3@old.example): title: Too loud."]
    assert not Session.objects.exists()  # the two created before it are gone too


def test_an_event_ending_after_the_year_9999_is_refused():
    huge = SAMPLE.read_bytes().replace(b"DTSTART:20230718T150000", b"DTSTART:99991231T233000")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(huge, SeriesFactory())
    assert error.value.problems == [
        "Event 3: “Cancelled talk” (talk-3@old.example) starts in the year 9999; sessions must "
        "lie between 1900 and 2199."
    ]
    assert not Session.objects.exists()


def calendar(*events: tuple[str, str, str]) -> bytes:
    """A calendar listing (uid, local start, description) events in the order given."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Archive//EN"]
    for uid, start, description in events:
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20240101T000000Z", f"SUMMARY:Talk {uid}",
            f"DTSTART;TZID=Europe/Berlin:{start}", "DURATION:PT1H",
            f"DESCRIPTION:{description}", "END:VEVENT",
        ]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR", ""])).encode()


NEWEST_FIRST = calendar(
    ("c", "20240305T150000", "Third."),
    ("b", "20231107T150000", "Second."),
    ("a", "20230110T150000", "First."),
)


def numbers(series):
    return dict(series.sessions.values_list("uid", "number"))


def test_newest_first_calendar_into_empty_series_gives_1_to_the_oldest():
    series = SeriesFactory()
    import_calendar(NEWEST_FIRST, series)
    assert numbers(series) == {"a": 1, "b": 2, "c": 3}


def test_new_sessions_are_numbered_by_start_after_the_existing_numbers():
    series = SeriesFactory()
    import_calendar(NEWEST_FIRST, series)
    later = calendar(("e", "20250101T150000", ""), ("d", "20220101T150000", ""))
    report = import_calendar(later, series)
    assert report.created == ["d", "e"]
    # The existing numbers (and so the addresses) stay; newcomers follow in time order.
    assert numbers(series) == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}


def test_fresh_import_numbers_the_whole_series_by_time():
    series = SeriesFactory()
    import_calendar(NEWEST_FIRST, series)
    everything = calendar(("c", "20240305T150000", ""), ("b", "20231107T150000", ""),
                          ("a", "20230110T150000", ""), ("z", "20220101T150000", ""))  # fmt: skip
    import_calendar(everything, series, fresh=True)
    assert numbers(series) == {"z": 1, "a": 2, "b": 3, "c": 4}


def test_fresh_import_is_refused_when_the_series_has_other_sessions(tmp_path):
    series = SeriesFactory(slug="ml")
    import_calendar(NEWEST_FIRST, series)
    before = snapshot()
    partial = tmp_path / "partial.ics"
    partial.write_bytes(calendar(("a", "20230110T150000", "")))
    with pytest.raises(CommandError, match=r"already has 2 session\(s\) this file does not list"):
        call_command("import_ics", str(partial), series="ml", fresh=True)
    assert snapshot() == before


def test_leading_speaker_line_becomes_speakers_and_leaves_the_abstract():
    series = SeriesFactory()
    data = calendar(
        ("one", "20240305T150000", r"Speaker: Jörg Müller (Universität Hamburg)\nOn waves."),
        ("two", "20240312T150000",
         r"Speakers: Zoë Ångström (KTH (Stockholm)); Chloé Durand\n\nTwo voices."),
        ("three", "20240319T150000", r"No speaker line.\nSpeaker: not at the start"),
    )  # fmt: skip
    import_calendar(data, series)
    one, two, three = Session.objects.order_by("start")
    assert [(s.name, s.affiliation) for s in one.speakers.all()] == [
        ("Jörg Müller", "Universität Hamburg")
    ]
    assert one.abstract == "On waves."
    assert [(s.name, s.affiliation) for s in two.speakers.all()] == [
        ("Zoë Ångström", "KTH (Stockholm)"),
        ("Chloé Durand", ""),
    ]
    assert two.abstract == "Two voices."
    assert list(three.speakers.all()) == []
    assert three.abstract == "No speaker line.\nSpeaker: not at the start"


def test_reimport_keeps_speaker_details_added_in_the_admin():
    series = SeriesFactory()
    data = calendar(("one", "20240305T150000", r"Speaker: Ada Lovelace (Engines)\nAbstract."))
    import_calendar(data, series)
    Session.objects.get().speakers.update(orcid="0000-0002-1825-0097")
    report = import_calendar(data, series)
    assert report.unchanged == ["one"]
    assert Session.objects.get().speakers.get().orcid == "0000-0002-1825-0097"
    renamed = data.replace(b"Ada Lovelace", b"Ada King")
    assert import_calendar(renamed, series).updated == ["one"]
    assert Session.objects.get().speakers.get().name == "Ada King"


def test_reimport_keeps_the_speakers_own_answers_invitation_and_private_details():
    series = SeriesFactory()
    data = calendar(("one", "20240305T150000", r"Speakers: Ada Lovelace (Engines)\; Bo Li"))
    import_calendar(data, series)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(livestream_consent=True)
    ada = session.speakers.get(name="Ada Lovelace")
    Speaker.objects.filter(pk=ada.pk).update(
        email="ada@example.org", bio="Counted.", livestream_consent=False
    )
    invitation = SpeakerInvitation.objects.create(
        speaker=ada, email="ada@example.org", nonce="n", invited_at=session.start
    )

    moved = data.replace(b"(Engines)", b"(Analytical Engines)")
    assert import_calendar(moved, series).updated == ["one"]

    ada = Session.objects.get().speakers.get(name="Ada Lovelace")
    assert ada.affiliation == "Analytical Engines"
    assert (ada.email, ada.bio, ada.livestream_consent) == ("ada@example.org", "Counted.", False)
    assert ada.invitation == invitation
    assert Session.objects.get().may_stream is False


def test_reimport_that_renames_a_speaker_who_answered_is_refused_naming_her():
    series = SeriesFactory()
    data = calendar(("one", "20240305T150000", r"Speakers: Alice (Old Uni)\; Bob"))
    import_calendar(data, series)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(
        livestream_url="https://stream.example.org/live", livestream_consent=True
    )
    alice = session.speakers.get(name="Alice")
    Speaker.objects.filter(pk=alice.pk).update(
        email="alice@example.org", livestream_consent=False, recording_consent=False
    )
    SpeakerInvitation.objects.create(
        speaker=alice, email="alice@example.org", nonce="n", invited_at=session.start
    )
    before = snapshot()

    renamed = data.replace(b"Alice (Old Uni)", b"Alice Smith (Old Uni)")
    with pytest.raises(CalendarImportError) as refused:
        import_calendar(renamed.replace(b"SUMMARY:Talk one", b"SUMMARY:New title"), series)

    assert refused.value.problems == [
        "Event 1 (one): speakers: “Alice” (Old Uni) answered through their link, and the file "
        "no longer names them (by name, member or ORCID iD). Rename them on the session in "
        "the admin so the names match, or remove them there first; nothing was imported."
    ]
    assert snapshot() == before
    session = Session.objects.get()
    assert session.title == "Talk one"
    assert session.public_livestream_url == ""
    assert Speaker.objects.get(pk=alice.pk).invitation.email == "alice@example.org"


def test_reimport_swapping_namesakes_keeps_each_with_their_affiliation():
    series = SeriesFactory()
    data = calendar(("one", "20240305T150000", r"Speakers: Li Wei (Tsinghua)\; Li Wei (MIT)"))
    import_calendar(data, series)
    tsinghua, mit = Session.objects.get().speakers.all()
    Speaker.objects.filter(pk=tsinghua.pk).update(email="li1@example.org", livestream_consent=False)
    Speaker.objects.filter(pk=mit.pk).update(email="li2@example.org")

    swapped = calendar(("one", "20240305T150000", r"Speakers: Li Wei (MIT)\; Li Wei (Tsinghua)"))
    assert import_calendar(swapped, series).updated == ["one"]

    speakers = Session.objects.get().speakers.all()
    assert [(s.pk, s.affiliation, s.email, s.livestream_consent) for s in speakers] == [
        (mit.pk, "MIT", "li2@example.org", None),
        (tsinghua.pk, "Tsinghua", "li1@example.org", False),
    ]


# History ----------------------------------------------------------------------------------
def test_created_and_updated_sessions_get_a_history_entry_naming_the_file_and_user(
    tmp_path, django_user_model
):
    series = SeriesFactory(slug="ml")
    editor = django_user_model.objects.create_user(username="editor")
    file = tmp_path / "old.ics"
    file.write_bytes(SAMPLE.read_bytes())
    call_command("import_ics", str(file), series="ml", user="editor", stdout=StringIO())
    sessions = list(Session.objects.order_by("start"))
    for session in sessions:
        (version,) = Version.objects.get_for_object(session)
        assert version.revision.comment == "Imported from the calendar old.ics."
        assert version.revision.user == editor

    file.write_bytes(SAMPLE.read_bytes().replace(b"Room 1", b"Room 2"))
    report = import_calendar(file.read_bytes(), series, file_name="old.ics")
    (moved,) = Session.objects.filter(uid__in=report.updated)
    latest = Version.objects.get_for_object(moved)
    assert len(latest) == 2
    assert latest[0].revision.user is None
    assert latest[0].field_dict["location"] == "Room 2"
    unchanged = [s for s in sessions if s.uid in report.unchanged]
    assert unchanged and all(len(Version.objects.get_for_object(s)) == 1 for s in unchanged)


def test_a_changed_speaker_line_alone_is_recorded_in_history():
    series = SeriesFactory()
    import_calendar(one_event("DTSTART:20230711T130000Z", "DESCRIPTION:Speaker: Ada (X)"), series)
    import_calendar(one_event("DTSTART:20230711T130000Z", "DESCRIPTION:Speaker: Ada (Y)"), series)
    versions = Version.objects.get_for_object(Session.objects.get())
    assert len(versions) == 2


def test_an_unknown_user_is_refused(tmp_path):
    SeriesFactory(slug="ml")
    file = tmp_path / "old.ics"
    file.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(CommandError) as refused:
        call_command("import_ics", str(file), series="ml", user="nobody")
    assert str(refused.value) == "No user “nobody”."
    assert not Session.objects.exists()
