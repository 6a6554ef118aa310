"""The pure exporters called directly with objects, no HTTP (as pretalx tests its exporters)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from seminar import ical, jsonld
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

BERLIN = ZoneInfo("Europe/Berlin")
BASE = "https://site.example"
pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    series = SeriesFactory(slug="ml", name="ML Seminar")
    session = SessionFactory(
        series=series, number=3, slug="flows", title="Flows", format="hybrid",
        location="Room 1", livestream_url="https://live.example/", livestream_consent=True,
        start=datetime(2023, 7, 11, 15, tzinfo=BERLIN), duration_minutes=90,
        abstract="We study **flows**.",
    )  # fmt: skip
    SpeakerFactory(session=session, name="Ada", affiliation="Uni", orcid="0000-0002-1825-0097")
    return session


def test_ical_event_has_every_property(session):
    event = ical.session_event(session, BASE)
    assert str(event["UID"]) == session.uid
    assert event.decoded("DTSTART") == datetime(2023, 7, 11, 15, tzinfo=BERLIN)
    assert event.decoded("DTEND") == datetime(2023, 7, 11, 16, 30, tzinfo=BERLIN)
    assert (str(event["SUMMARY"]), str(event["STATUS"])) == ("Flows", "CONFIRMED")
    assert str(event["URL"]) == f"{BASE}/seminar/ml/3-flows/"
    assert str(event["LOCATION"]) == "Room 1"
    assert event["SEQUENCE"] == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [("scheduled", "CONFIRMED"), ("postponed", "TENTATIVE"), ("cancelled", "CANCELLED")],
)
def test_ical_status_mapping(session, status, expected):
    session.status = status
    assert str(ical.session_event(session, BASE)["STATUS"]) == expected


def test_online_session_is_located_at_its_stream(session):
    session.format = "online"
    assert str(ical.session_event(session, BASE)["LOCATION"]) == "https://live.example/"


def test_ical_calendar_round_trips_with_one_vtimezone(session):
    other = SessionFactory(series=session.series, start=datetime(2023, 1, 10, 15, tzinfo=BERLIN))
    parsed = icalendar.Calendar.from_ical(
        ical.calendar([session, other], "ML Seminar", BASE, method="PUBLISH")
    )
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == [session.uid, other.uid]
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert (str(parsed["METHOD"]), str(parsed["X-WR-CALNAME"])) == ("PUBLISH", "ML Seminar")
    assert str(parsed["X-PUBLISHED-TTL"]) == "PT1H"


def test_google_calendar_link_is_in_utc_with_the_series_zone(session):
    url = ical.google_calendar_url(session, BASE)
    assert "dates=20230711T130000Z%2F20230711T143000Z" in url
    assert "ctz=Europe%2FBerlin" in url
    assert url.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Flows")


def test_jsonld_event_is_complete(session):
    data = jsonld.session_event(session, BASE, "The Group")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Flows",
        "inLanguage": "en",
        "url": f"{BASE}/seminar/ml/3-flows/",
        "startDate": "2023-07-11T15:00:00+02:00",
        "endDate": "2023-07-11T16:30:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "location": [
            {"@type": "Place", "name": "Room 1", "address": "Room 1"},
            {"@type": "VirtualLocation", "url": "https://live.example/"},
        ],
        "organizer": {"@type": "Organization", "name": "The Group", "url": f"{BASE}/"},
        "superEvent": {"@type": "EventSeries", "name": "ML Seminar", "url": f"{BASE}/seminar/ml/"},
        "description": "We study flows.",
        "performer": [
            {
                "@type": "Person",
                "name": "Ada",
                "affiliation": {"@type": "Organization", "name": "Uni"},
                "sameAs": ["https://orcid.org/0000-0002-1825-0097"],
            }
        ],
    }


def test_jsonld_in_person_session_has_no_virtual_location(session):
    session.format = "in_person"
    data = jsonld.session_event(session, BASE, "The Group")
    assert data["location"] == [{"@type": "Place", "name": "Room 1", "address": "Room 1"}]
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
