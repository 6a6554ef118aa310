import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import (
    ReferenceFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def make_sessions(series, count, start):
    for index in range(count):
        session = SessionFactory(series=series, start=start - timedelta(weeks=index))
        SpeakerFactory.create_batch(2, session=session)


@pytest.mark.parametrize("past_count", [3, 30])
def test_seminar_page_query_count_does_not_grow_with_sessions(
    client, site_settings, django_assert_num_queries, past_count
):
    series = SeriesFactory()
    make_sessions(series, past_count, timezone.now() - timedelta(days=1))
    make_sessions(series, 2, timezone.now() + timedelta(days=30))
    # site settings, navigation, series, past count, past page, its speakers,
    # upcoming, their speakers, partner logos
    with django_assert_num_queries(9):
        response = client.get("/seminar/")
    assert response.status_code == 200


def test_seminar_page_lists_upcoming_then_past(client, site_settings):
    series = SeriesFactory()
    SessionFactory(series=series, title="Yesterday", start=timezone.now() - timedelta(days=1))
    SessionFactory(series=series, title="Tomorrow", start=timezone.now() + timedelta(days=1))
    html = client.get("/seminar/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Tomorrow" in upcoming and "Yesterday" not in upcoming
    assert "Yesterday" in past


def test_seminar_page_paginates_past_sessions(client, site_settings):
    make_sessions(SeriesFactory(), 25, timezone.now() - timedelta(days=1))
    first = client.get("/seminar/").content.decode()
    second = client.get("/seminar/?page=2").content.decode()
    assert first.count('class="session-card') == 20
    assert second.count('class="session-card') == 5
    assert "Page 2 of 2" in second


def test_seminar_page_beyond_last_page_is_404(client, site_settings):
    assert client.get("/seminar/?page=9").status_code == 404


def test_session_page_shows_winter_time_with_zone(client, site_settings):
    session = SessionFactory(start=datetime(2023, 3, 14, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<time datetime="2023-03-14T15:00+01:00">Tue 14 Mar 2023, 15:00 CET</time>' in html
    assert '<time datetime="2023-03-14T16:00+01:00">16:00 CET</time>' in html


def test_session_page_shows_summer_time_with_zone(client, site_settings):
    session = SessionFactory(start=datetime(2023, 7, 4, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<time datetime="2023-07-04T15:00+02:00">Tue 4 Jul 2023, 15:00 CEST</time>' in html


def test_session_page_uses_series_time_zone(client, site_settings):
    series = SeriesFactory(time_zone="America/New_York")
    session = SessionFactory(series=series, start=datetime(2023, 1, 10, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Tue 10 Jan 2023, 09:00 EST" in html


def test_session_page_lists_speakers_and_numbered_references(client, site_settings):
    session = SessionFactory()
    SpeakerFactory(session=session, name="Ada Lovelace", affiliation="Analytical Engines")
    ReferenceFactory(session=session, title="Notes", doi="10.1000/xyz", order=1)
    ReferenceFactory(session=session, title="Sketch", arxiv_id="1505.04597", order=0)
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Ada Lovelace</li>" not in html  # affiliation follows the name
    assert "Ada Lovelace, Analytical Engines" in html
    references = re.findall(r'<li>A\. Author\. <a href="([^"]+)">(\w+)</a>', html)
    assert references == [
        ("https://arxiv.org/abs/1505.04597", "Sketch"),
        ("https://doi.org/10.1000/xyz", "Notes"),
    ]


def test_session_page_with_old_slug_redirects_permanently(client, site_settings):
    session = SessionFactory(title="New title")
    old = f"/seminar/{session.series.slug}/{session.number}-old-title/"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == session.get_absolute_url()


def test_unpublished_session_is_404(client, site_settings):
    session = SessionFactory(published=False)
    assert client.get(session.get_absolute_url()).status_code == 404


def test_session_page_has_recording_facade_and_no_iframe(client, site_settings):
    session = SessionFactory(youtube_video="dQw4w9WgXcQ", start=timezone.now() - timedelta(days=3))
    html = client.get(session.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    assert "youtube.com/embed" not in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html


def test_cancelled_session_is_marked_with_note(client, site_settings):
    session = SessionFactory(status="cancelled", status_note="Speaker unwell.")
    html = client.get(session.get_absolute_url()).content.decode()
    assert "<strong>Cancelled.</strong> Speaker unwell." in html


def test_series_page_shows_only_its_sessions(client, site_settings):
    mine, other = SeriesFactory(), SeriesFactory()
    SessionFactory(series=mine, title="Mine")
    SessionFactory(series=other, title="Other")
    html = client.get(mine.get_absolute_url()).content.decode()
    assert "Mine" in html and "Other" not in html
