"""The calendar feed filtered like the API: one series, or one member's talks."""

import icalendar
import pytest

from tests.factories import MemberFactory, SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def talks(site_settings):
    ml = SeriesFactory(name="ML Seminar", slug="ml")
    reading = SeriesFactory(name="Reading Group", slug="reading")
    ada = MemberFactory(name="Ada Member", slug="ada")
    MemberFactory(name="Draft Member", slug="draft", published=False)
    for series, title, member in [
        (ml, "Ada at ML", ada), (ml, "Someone at ML", None), (reading, "Ada reads", ada),
        (reading, "Someone reads", None),
    ]:  # fmt: skip
        session = SessionFactory(series=series, title=title)
        SpeakerFactory(session=session, member=member)
        if member:
            SpeakerFactory(session=session, member=member)  # twice in one session: one event
    SessionFactory(series=ml, title="Draft by Ada", published=False).speakers.create(
        name="Ada", member=ada
    )


def summaries(response) -> list[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/seminar/calendar.ics", ["Ada at ML", "Ada reads", "Someone at ML", "Someone reads"]),
        ("/seminar/calendar.ics?speaker=ada", ["Ada at ML", "Ada reads"]),
        ("/seminar/calendar.ics?series=reading", ["Ada reads", "Someone reads"]),
        ("/seminar/calendar.ics?series=ml&speaker=ada", ["Ada at ML"]),
        ("/seminar/ml/calendar.ics?speaker=ada", ["Ada at ML"]),
    ],
)
def test_calendar_filters(client, talks, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries(response) == expected


def test_filtered_calendar_is_named_after_the_filter(client, talks):
    calendar = icalendar.Calendar.from_ical(
        client.get("/seminar/ml/calendar.ics?speaker=ada").content
    )
    assert str(calendar["X-WR-CALNAME"]) == "ML Seminar: talks by Ada Member"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/seminar/calendar.ics?speaker=nobody", 404, "There is no published member “nobody”."),
        ("/seminar/calendar.ics?speaker=draft", 404, "There is no published member “draft”."),
        ("/seminar/calendar.ics?series=nope", 404, "There is no published seminar series “nope”."),
        ("/seminar/calendar.ics?speaker=a%20b", 400, "speaker must be the slug of a member page"),
        ("/seminar/calendar.ics?series=%00", 400, "series must be a series' slug"),
        ("/seminar/calendar.ics?speaker=" + "a" * 51, 400, "at most 50 characters"),
    ],
)
def test_bad_calendar_filters_get_a_clear_answer(client, talks, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()
