from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from seminar.services import update_session
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory
from tests.http import german_response

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_series_calendar_parses_with_vtimezone_and_all_fields(client, site_settings):
    series = SeriesFactory(slug="ml", name="ML Seminar")
    session = SessionFactory(
        series=series, title="Flows", start=datetime(2023, 3, 14, 15, tzinfo=BERLIN),
        location="Room 1", abstract="We study **flows**.", livestream_url="https://live.example/",
        livestream_consent=True,
    )  # fmt: skip
    SpeakerFactory(session=session, name="Ada", affiliation="Uni")
    calendar, (event,) = events(client.get("/seminar/ml/calendar.ics"))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar["X-WR-CALNAME"] == "ML Seminar"
    assert str(event["UID"]) == session.uid
    assert event.decoded("DTSTART") == datetime(2023, 3, 14, 15, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") == datetime(2023, 3, 14, 16, tzinfo=BERLIN)
    assert "DTSTAMP" in event
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Room 1"
    assert str(event["URL"]) == f"http://testserver{session.get_absolute_url()}"
    assert str(event["DESCRIPTION"]) == (
        "Speaker: Ada (Uni)\n\nWe study flows.\n\n"
        f"Details: http://testserver{session.get_absolute_url()}\n"
        "Live stream: https://live.example/"
    )


def test_calendar_uids_are_stable_across_requests(client, site_settings):
    SessionFactory.create_batch(3, series=SeriesFactory(slug="ml"))
    first = [str(e["UID"]) for e in events(client.get("/seminar/ml/calendar.ics"))[1]]
    second = [str(e["UID"]) for e in events(client.get("/seminar/ml/calendar.ics"))[1]]
    assert first == second and len(set(first)) == 3


CALENDAR_CHANGES = {
    "start": lambda session: session.start + timedelta(hours=1),
    "duration_minutes": lambda session: session.duration_minutes + 30,
    "location": lambda session: "Room 2",
    "format": lambda session: "online",
    "title": lambda session: "A better title",
    "status": lambda session: "postponed",
}


@pytest.mark.parametrize("field", CALENDAR_CHANGES)
def test_sequence_rises_when_a_calendar_field_changes(client, site_settings, field):
    session = SessionFactory(series=SeriesFactory(slug="ml"), format="in_person",
                             location="Room 1", status="scheduled")  # fmt: skip
    update_session(session, **{field: CALENDAR_CHANGES[field](session)})
    (event,) = events(client.get(f"/seminar/ml/{session.number}.ics"))[1]
    assert event["SEQUENCE"] == 1
    update_session(session)  # saving again without a change keeps it
    (event,) = events(client.get(f"/seminar/ml/{session.number}.ics"))[1]
    assert event["SEQUENCE"] == 1


def test_sequence_counts_each_change(client, site_settings):
    session = SessionFactory(series=SeriesFactory(slug="ml"))
    update_session(session, start=session.start + timedelta(hours=1))
    update_session(session, location="Room 2")
    (event,) = events(client.get(f"/seminar/ml/{session.number}.ics"))[1]
    assert event["SEQUENCE"] == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("abstract", "Typo fixed."), ("youtube_video", "dQw4w9WgXcQ"), ("slug", "new-slug"),
     ("livestream_url", "https://live.example/")],
)  # fmt: skip
def test_sequence_stays_when_other_fields_change(client, site_settings, field, value):
    session = SessionFactory(series=SeriesFactory(slug="ml"))
    consent = {"recording_consent": True} if field == "youtube_video" else {}
    update_session(session, **{field: value}, **consent)
    (event,) = events(client.get(f"/seminar/ml/{session.number}.ics"))[1]
    assert event["SEQUENCE"] == 0


def test_cancelled_session_is_cancelled_in_calendar(client, site_settings):
    session = SessionFactory(series=SeriesFactory(slug="ml"))
    update_session(session, status="cancelled")
    (event,) = events(client.get("/seminar/ml/calendar.ics"))[1]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_single_session_file_is_an_attachment(client, site_settings):
    session = SessionFactory(series=SeriesFactory(slug="ml"))
    response = client.get(f"/seminar/ml/{session.number}.ics")
    assert response["Content-Disposition"] == f'attachment; filename="ml-{session.number}.ics"'
    calendar, _ = events(response)
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_all_series_calendar_holds_every_published_session(client, site_settings):
    SessionFactory(title="A")
    SessionFactory(title="B")
    SessionFactory(title="Hidden", published=False)
    summaries = sorted(str(e["SUMMARY"]) for e in events(client.get("/seminar/calendar.ics"))[1])
    assert summaries == ["A", "B"]


def test_winter_and_summer_sessions_keep_local_wall_time(client, site_settings):
    series = SeriesFactory(slug="ml")
    SessionFactory(series=series, start=datetime(2023, 1, 10, 15, tzinfo=BERLIN))
    SessionFactory(series=series, start=datetime(2023, 7, 11, 15, tzinfo=BERLIN))
    starts = [e.decoded("DTSTART") for e in events(client.get("/seminar/ml/calendar.ics"))[1]]
    assert [start.utcoffset() for start in starts] == [timedelta(hours=1), timedelta(hours=2)]
    assert [start.hour for start in starts] == [15, 15]


def test_unknown_series_calendar_is_404(client, site_settings):
    assert client.get("/seminar/nope/calendar.ics").status_code == 404


def test_calendar_asks_subscribers_to_refresh_hourly(client, site_settings):
    SessionFactory(series=SeriesFactory(slug="ml"))
    calendar, _ = events(client.get("/seminar/ml/calendar.ics"))
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"


def test_single_session_file_belongs_to_its_own_series(client, site_settings):
    ours = SessionFactory(series=SeriesFactory(slug="ml"), number=1)
    theirs = SessionFactory(series=SeriesFactory(slug="geo"), number=1)
    for series, session in (("ml", ours), ("geo", theirs)):
        (event,) = events(client.get(f"/seminar/{series}/1.ics"))[1]
        assert str(event["UID"]) == session.uid
    assert client.get("/seminar/ml/2.ics").status_code == 404


def test_calendar_speaks_german_with_german_active_and_english_otherwise(client, site_settings):
    series = SeriesFactory(slug="ml", name="ML Seminar")
    session = SessionFactory(series=series, title="Flows", abstract="")
    SpeakerFactory(session=session, name="Ada", affiliation="Uni")
    calendar, (event,) = events(german_response("/seminar/calendar.ics"))
    assert calendar["X-WR-CALNAME"] == "Test Group – Seminar"
    details = f"http://testserver{session.get_absolute_url()}"
    # The German calendar links the German page; the English one the old address.
    german = f"http://testserver/de{session.get_absolute_url()}"
    assert str(event["DESCRIPTION"]) == f"Vortragende: Ada (Uni)\n\nDetails: {german}"
    calendar, (event,) = events(client.get("/seminar/calendar.ics"))
    assert calendar["X-WR-CALNAME"] == "Test Group seminar"
    assert str(event["DESCRIPTION"]) == f"Speaker: Ada (Uni)\n\nDetails: {details}"


def test_the_german_calendar_has_german_titles_and_the_english_one_english(client, site_settings):
    series = SeriesFactory(slug="ml", name="ML Seminar")
    SessionFactory(series=series, title="Flows", title_de="Flüsse",
                   start=datetime(2023, 3, 14, 15, tzinfo=BERLIN))  # fmt: skip
    SessionFactory(series=series, title="Only English",
                   start=datetime(2023, 3, 21, 15, tzinfo=BERLIN))  # fmt: skip
    for path, titles in (
        ("/de/seminar/ml/calendar.ics", ["Flüsse", "Only English"]),
        ("/seminar/ml/calendar.ics", ["Flows", "Only English"]),
    ):
        _calendar, found = events(client.get(path))
        summaries = [str(event["SUMMARY"]) for event in found]
        assert [any(summary.endswith(t) for summary in summaries) for t in titles] == [True] * 2, (
            path,
            summaries,
        )
    _calendar, found = events(client.get("/seminar/ml/calendar.ics"))
    assert not any("Flüsse" in str(event["SUMMARY"]) for event in found)
