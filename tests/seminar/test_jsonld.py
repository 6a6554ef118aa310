import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import MemberFactory, SeriesFactory, SessionFactory, SpeakerFactory

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def structured_data(client, session):
    html = client.get(session.get_absolute_url()).content.decode()
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(payload)


def test_session_page_carries_schema_org_event(client, site_settings):
    series = SeriesFactory(slug="ml", name="ML Seminar")
    session = SessionFactory(
        series=series, title="Flows", start=datetime(2023, 7, 4, 15, tzinfo=BERLIN),
        format="hybrid", location="Room 1", livestream_url="https://live.example/",
        livestream_consent=True,
        youtube_video="dQw4w9WgXcQ", abstract="About **flows**.", recording_consent=True,
    )  # fmt: skip
    member = MemberFactory(slug="ada")
    SpeakerFactory(session=session, name="Ada", affiliation="Uni", member=member,
                   orcid="0000-0002-1825-0097", homepage="https://ada.example/")  # fmt: skip
    data = structured_data(client, session)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Flows"
    assert data["description"] == "About flows."
    assert data["startDate"] == "2023-07-04T15:00:00+02:00"
    assert data["endDate"] == "2023-07-04T16:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {"@type": "Place", "name": "Room 1", "address": "Room 1"},
        {"@type": "VirtualLocation", "url": "https://live.example/"},
    ]
    assert data["performer"] == [
        {
            "@type": "Person",
            "name": "Ada",
            "affiliation": {"@type": "Organization", "name": "Uni"},
            "sameAs": [
                "https://orcid.org/0000-0002-1825-0097",
                "https://ada.example/",
                "http://testserver/people/ada/",
            ],
        }
    ]
    assert data["organizer"] == {
        "@type": "Organization", "name": "Test Group", "url": "http://testserver/",
    }  # fmt: skip
    assert data["recordedIn"]["@type"] == "VideoObject"
    assert data["recordedIn"]["contentUrl"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("session_format", "status", "mode", "event_status", "location_types"),
    [
        ("in_person", "cancelled", "OfflineEventAttendanceMode", "EventCancelled", ["Place"]),
        ("online", "postponed", "OnlineEventAttendanceMode", "EventPostponed", ["VirtualLocation"]),
    ],
)
def test_event_modes_and_statuses(
    client, site_settings, session_format, status, mode, event_status, location_types
):
    session = SessionFactory(format=session_format, status=status, location="Room 1")
    data = structured_data(client, session)
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert data["eventStatus"] == f"https://schema.org/{event_status}"
    assert [location["@type"] for location in data["location"]] == location_types
    assert "recordedIn" not in data and "performer" not in data


def test_structured_data_cannot_close_its_script_element(client, site_settings):
    session = SessionFactory(title="</script><script>alert(1)</script>")
    html = client.get(session.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert structured_data(client, session)["name"] == "</script><script>alert(1)</script>"
