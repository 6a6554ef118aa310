from datetime import timedelta

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


def test_admin_change_goes_through_services_and_raises_sequence_for_calendar_fields(
    admin_client,
):
    series = SeriesFactory(default_location="Room 7")
    admin_client.post("/admin/seminar/session/add/", session_form(series))
    session = Session.objects.get()
    assert (session.number, session.sequence, session.uid.endswith("@groupsite")) == (1, 0, True)
    change = f"/admin/seminar/session/{session.pk}/change/"
    form = session_form(series, number="1", location="Room 7", **{"speakers-TOTAL_FORMS": "0"})
    admin_client.post(change, {**form, "abstract": "Typo fixed."})
    assert Session.objects.get().sequence == 0
    response = admin_client.post(change, {**form, "title": "Diffusion models, revisited"})
    assert response.status_code == 302
    saved = Session.objects.get()
    assert (saved.sequence, saved.uid, saved.title) == (
        1,
        session.uid,
        "Diffusion models, revisited",
    )
    admin_client.post(change, {**form, "title": saved.title, "duration_minutes": "90"})
    saved = Session.objects.get()
    assert (saved.sequence, saved.end - saved.start) == (2, timedelta(minutes=90))


def test_admin_speaker_with_bad_orcid_gets_exactly_one_message(admin_client):
    form = session_form(SeriesFactory(), **{"speakers-0-orcid": "0000-0002-1825-0098"})
    response = admin_client.post("/admin/seminar/session/add/", form)
    assert response.status_code == 200
    assert response.content.decode().count("this one is malformed or its check digit") == 1
    assert not Session.objects.exists()


def test_admin_speaker_orcid_link_is_stored_bare(admin_client):
    link = "https://orcid.org/0000-0002-1825-0097"
    form = session_form(SeriesFactory(), **{"speakers-0-orcid": link})
    assert admin_client.post("/admin/seminar/session/add/", form).status_code == 302
    assert Session.objects.get().speakers.get().orcid == "0000-0002-1825-0097"


def test_reverting_to_an_old_version_raises_sequence_instead_of_restoring_it(admin_client):
    from reversion.models import Version

    series = SeriesFactory()
    admin_client.post("/admin/seminar/session/add/", session_form(series))
    session = Session.objects.get()
    form = session_form(series, number="1", location="Room 1", **{"speakers-TOTAL_FORMS": "0"})
    change = f"/admin/seminar/session/{session.pk}/change/"
    admin_client.post(change, {**form, "title": "Moved", "location": "Room 9"})
    assert Session.objects.get().sequence == 1
    first = Version.objects.get_for_object(session).order_by("pk").first()
    history = f"/admin/seminar/session/{session.pk}/history/{first.pk}/"
    assert admin_client.get(history).status_code == 200  # a preview changes nothing
    assert Session.objects.get().sequence == 1
    response = admin_client.post(history, form)
    assert response.status_code == 302
    saved = Session.objects.get()
    assert (saved.title, saved.location, saved.sequence) == (form["title"], "Room 1", 2)
