import pytest

from seminar.models import Session
from tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db

INLINE_MANAGEMENT = {
    "speakers-TOTAL_FORMS": "1",
    "speakers-INITIAL_FORMS": "0",
    "references-TOTAL_FORMS": "0",
    "references-INITIAL_FORMS": "0",
}


def session_form(series, **overrides):
    return {
        **INLINE_MANAGEMENT,
        "series": series.pk,
        "number": "",
        "published": "on",
        "title": "Diffusion models for rainfall",
        "slug": "diffusion-models-for-rainfall",
        "start_0": "2025-03-11",
        "start_1": "15:00",
        "duration_minutes": "",
        "format": "hybrid",
        "location": "",
        "livestream_url": "",
        "abstract": "We compare **samplers**.",
        "youtube_video": "https://youtu.be/dQw4w9WgXcQ?t=30",
        "recording_consent": "on",
        "status": "scheduled",
        "status_note": "",
        "speakers-0-order": "0",
        "speakers-0-name": "Grace Hopper",
        "speakers-0-affiliation": "Navy",
        "speakers-0-homepage": "",
        **overrides,
    }


def test_admin_creates_session_with_number_video_id_and_speaker(admin_client):
    series = SeriesFactory(default_location="Room 7")
    SessionFactory(series=series)
    response = admin_client.post("/admin/seminar/session/add/", session_form(series))
    assert response.status_code == 302
    session = Session.objects.get(title="Diffusion models for rainfall")
    assert (session.number, session.youtube_video, session.location) == (2, "dQw4w9WgXcQ", "Room 7")
    assert [speaker.name for speaker in session.speakers.all()] == ["Grace Hopper"]


def test_admin_refuses_foreign_video_link_and_keeps_the_input(admin_client):
    series = SeriesFactory()
    form = session_form(series, youtube_video="https://vimeo.com/123")
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“vimeo.com” is not a YouTube address." in html
    assert 'value="https://vimeo.com/123"' in html
    assert "Grace Hopper" in html
    assert not Session.objects.exists()


def test_admin_session_list_shows_view_on_site_and_filters(admin_client):
    session = SessionFactory()
    change = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert "View on site" in change
    changelist = admin_client.get("/admin/seminar/session/?status__exact=cancelled")
    assert changelist.status_code == 200


def test_admin_reads_and_shows_start_in_the_series_time_zone(admin_client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    series = SeriesFactory(time_zone="America/New_York")
    SeriesFactory()  # two series: the zone comes from the one chosen in the form
    response = admin_client.post(
        "/admin/seminar/session/add/",
        session_form(series, start_0="10/01/2023", start_1="10:00"),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == datetime(2023, 1, 10, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    change = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert 'value="10:00:00"' in change
    assert "Date and time in America/New_York time, the series' zone." in change


def test_admin_with_a_bogus_series_value_gets_a_form_error(admin_client):
    series = SeriesFactory()
    form = {**session_form(series), "series": "x"}
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
