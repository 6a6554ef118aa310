import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from seminar.selectors import ArchiveFilters, archive_sessions
from tests.factories import (
    MemberFactory,
    ReferenceFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)
from tests.http import german_text, page_text

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def make_sessions(series, count, start):
    for index in range(count):
        session = SessionFactory(series=series, start=start - timedelta(weeks=index))
        SpeakerFactory.create_batch(2, session=session)


@pytest.mark.parametrize("count", [3, 30])
def test_seminar_home_query_count_does_not_grow_with_sessions(
    client, site_settings, django_assert_num_queries, count
):
    series = SeriesFactory()
    make_sessions(series, count, timezone.now() - timedelta(days=1))
    make_sessions(series, 3, timezone.now() + timedelta(days=30))
    # site settings, navigation, upcoming + speakers, series, recent past + speakers, partners
    with django_assert_num_queries(8):
        response = client.get("/seminar/")
    assert response.status_code == 200


def test_seminar_home_shows_next_session_then_later_and_recent(client, site_settings):
    series = SeriesFactory()
    SessionFactory(series=series, title="Yesterday", start=timezone.now() - timedelta(days=1))
    SessionFactory(series=series, title="Tomorrow", start=timezone.now() + timedelta(days=1))
    SessionFactory(series=series, title="Next week", start=timezone.now() + timedelta(days=8))
    html = client.get("/seminar/").content.decode()
    assert (
        html.index('id="next-heading"')
        < html.index("Tomorrow")
        < html.index('id="upcoming-heading"')
        < html.index("Next week")
        < html.index('id="recent-heading"')
        < html.index("Yesterday")
    )


def test_seminar_home_offers_subscriptions_and_advertises_feeds(client, site_settings):
    series = SeriesFactory(slug="ml")
    html = client.get("/seminar/ml/").content.decode()
    assert 'href="webcal://testserver/seminar/ml/calendar.ics"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/seminar/ml/feed.rss"' in html
    assert 'type="text/calendar"' in html
    assert series.name in html


@pytest.mark.parametrize("count", [20, 500])
def test_archive_query_count_is_the_same_for_20_and_500_sessions(
    client, site_settings, django_assert_num_queries, count
):
    series = SeriesFactory()
    make_sessions(series, count, timezone.now() - timedelta(days=1))
    # settings, navigation, years, count, page, speakers, partner logos
    with django_assert_num_queries(7):
        response = client.get("/seminar/archive/")
    assert response.status_code == 200
    assert response.content.decode().count('class="item session-item') == 20


def test_archive_paginates_and_keeps_filters_in_page_links(client, site_settings):
    make_sessions(SeriesFactory(), 25, timezone.now() - timedelta(days=1))
    first = client.get("/seminar/archive/?q=Talk").content.decode()
    second = client.get("/seminar/archive/?q=Talk&page=2").content.decode()
    assert 'href="?q=Talk&amp;page=2"' in first
    assert second.count('class="item session-item') == 5
    assert "Page 2 of 2" in second


def test_archive_beyond_last_page_is_404(client, site_settings):
    assert client.get("/seminar/archive/?page=9").status_code == 404


def test_archive_filters_by_year_and_recording(client, site_settings):
    series = SeriesFactory()
    old = datetime(2021, 5, 4, 15, tzinfo=BERLIN)
    SessionFactory(series=series, title="Old recorded", start=old, youtube_video="dQw4w9WgXcQ")
    SessionFactory(series=series, title="Old plain", start=datetime(2021, 6, 1, 15, tzinfo=BERLIN))
    SessionFactory(series=series, title="New plain", start=datetime(2023, 6, 1, 15, tzinfo=BERLIN))
    by_year = client.get("/seminar/archive/?year=2021").content.decode()
    assert "Old recorded" in by_year and "Old plain" in by_year and "New plain" not in by_year
    recorded = client.get("/seminar/archive/?recorded=on").content.decode()
    assert "Old recorded" in recorded and "Old plain" not in recorded
    assert '<option value="2023">2023</option>' in recorded


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diffusion", "By title"),
        ("sediment", "By abstract"),
        ("Lovelace", "By speaker"),
        ("Ronneberger", "By reference"),
        ("u-net segmentation", "By reference"),
        ("Potsdam", "By speaker"),
        ("NeurIPS", "By reference"),
    ],
)
def test_archive_search_covers_titles_abstracts_speakers_and_references(
    client, site_settings, query, expected
):
    series = SeriesFactory()
    SessionFactory(series=series, title="By title: diffusion models")
    SessionFactory(series=series, title="By abstract", abstract="Learning sediment transport.")
    SpeakerFactory(session=SessionFactory(series=series, title="By speaker"), name="Ada Lovelace",
                   affiliation="Uni Potsdam")  # fmt: skip
    ReferenceFactory(session=SessionFactory(series=series, title="By reference"), venue="NeurIPS",
                     authors="O. Ronneberger", title="U-Net: segmentation")  # fmt: skip
    SessionFactory(series=series, title="Unrelated")
    html = client.get("/seminar/archive/", {"q": query}).content.decode()
    assert expected in html
    assert "Unrelated" not in html
    assert "1 session matches." in html


def test_archive_search_needs_every_word_somewhere_in_the_session(client, site_settings):
    series = SeriesFactory()
    day = datetime(2024, 5, 7, 15, tzinfo=BERLIN)
    title_only = SessionFactory(series=series, title="Ocean flows", start=day)
    SpeakerFactory(session=title_only, name="Ada", affiliation="Hamburg")
    SessionFactory(series=series, title="Diffusion for weather", start=day + timedelta(days=7))
    spread = SessionFactory(series=series, title="Spread out", abstract="An ocean model.",
                            start=day + timedelta(days=14))  # fmt: skip
    ReferenceFactory(session=spread, title="Plain title", venue="Diffusion Workshop")
    later = SessionFactory(series=series, title="Ocean diffusion", start=day + timedelta(days=21))

    def found(query):
        return [session.title for session in archive_sessions(ArchiveFilters(query=query))]

    # Newest first; a word may match any field, but every word must match.
    assert found("ocean diffusion") == [later.title, spread.title]
    assert found("hamburg OCEAN") == [title_only.title]
    assert found("ocean nowhere") == []
    html = client.get("/seminar/archive/", {"q": "ocean diffusion"}).content.decode()
    assert "2 sessions match." in html
    assert "Ocean flows" not in html and "Diffusion for weather" not in html


def test_archive_search_uses_at_most_eight_words():
    session = SessionFactory(title="one two three four five six seven eight")
    words = "one two three four five six seven eight"
    assert list(archive_sessions(ArchiveFilters(query=words + " nine"))) == [session]
    assert list(archive_sessions(ArchiveFilters(query="nine " + words))) == []


def test_archive_with_bad_year_explains_and_shows_everything(client, site_settings):
    SessionFactory(title="Still listed")
    response = client.get("/seminar/archive/?year=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in html
    assert "Still listed" in html


def test_archive_has_no_player_before_interaction(client, site_settings):
    SessionFactory(youtube_video="dQw4w9WgXcQ", start=timezone.now() - timedelta(days=2))
    html = page_text(client.get("/seminar/archive/"))
    assert "<iframe" not in html and "youtube.com/embed" not in html


def test_session_page_shows_winter_time_with_zone(client, site_settings):
    session = SessionFactory(start=datetime(2023, 3, 14, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<time datetime="2023-03-14T15:00+01:00">Tue 14 March 2023, 15:00 CET</time>' in html
    assert '<time datetime="2023-03-14T16:00+01:00">16:00 CET</time>' in html


def test_session_page_shows_summer_time_with_zone(client, site_settings):
    session = SessionFactory(start=datetime(2023, 7, 4, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<time datetime="2023-07-04T15:00+02:00">Tue 4 July 2023, 15:00 CEST</time>' in html


def test_session_page_uses_series_time_zone(client, site_settings):
    series = SeriesFactory(time_zone="America/New_York")
    session = SessionFactory(series=series, start=datetime(2023, 1, 10, 15, 0, tzinfo=BERLIN))
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Tue 10 January 2023, 09:00 EST" in html


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


def test_series_pages_show_only_their_sessions(client, site_settings):
    mine, other = SeriesFactory(), SeriesFactory()
    SessionFactory(series=mine, title="Mine")
    SessionFactory(series=other, title="Other")
    for url in (mine.get_absolute_url(), f"/seminar/{mine.slug}/archive/"):
        html = client.get(url).content.decode()
        assert "Mine" in html and "Other" not in html


def test_session_page_offers_calendar_links_while_upcoming(client, site_settings):
    session = SessionFactory(series=SeriesFactory(slug="ml"))
    html = client.get(session.get_absolute_url()).content.decode()
    assert f'href="/seminar/ml/{session.number}.ics" download' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert 'href="webcal://testserver/seminar/ml/calendar.ics"' in html


def test_live_stream_link_shows_until_the_session_ends(client, site_settings):
    session = SessionFactory(start=datetime(2026, 5, 5, 15, tzinfo=BERLIN), duration_minutes=60,
                             livestream_url="https://live.example/stream",
                             livestream_consent=True)  # fmt: skip
    link = '<a href="https://live.example/stream">Watch live</a>'
    for moment, shown in [((14, 0), True), ((15, 59), True), ((16, 1), False)]:
        cache.clear()  # the page cache would keep the earlier page
        with time_machine.travel(datetime(2026, 5, 5, *moment, tzinfo=BERLIN), tick=False):
            html = client.get(session.get_absolute_url()).content.decode()
        assert (link in html) is shown, moment


def test_seminar_home_lists_the_five_most_recent_sessions_newest_first(client, site_settings):
    series = SeriesFactory()
    for days in range(1, 8):
        SessionFactory(series=series, title=f"Past {days} days ago",
                       start=timezone.now() - timedelta(days=days))  # fmt: skip
    html = client.get("/seminar/").content.decode()
    recent = html[html.index('id="recent-heading"') :]
    shown = re.findall(r"Past (\d) days ago", recent)
    assert shown == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("status", "notice", "badge"),
    [
        ("scheduled", None, None),
        ("postponed", "<strong>Postponed.</strong> New date soon.", "Postponed"),
        ("cancelled", "<strong>Cancelled.</strong> New date soon.", "Cancelled"),
    ],
)
def test_only_a_session_off_schedule_carries_a_status_notice_and_badge(
    client, site_settings, status, notice, badge
):
    session = SessionFactory(status=status, status_note="New date soon.")
    page = client.get(session.get_absolute_url()).content.decode()
    notices = re.findall(r'<p class="status-notice status-\w+">(.*?)</p>', page)
    assert notices == ([notice] if notice else [])
    archive = client.get("/seminar/archive/").content.decode()
    badges = re.findall(r'<strong class="badge badge-\w+">(\w+)</strong>', archive)
    assert badges == ([badge] if badge else [])


def test_archive_splits_into_upcoming_soonest_first_and_past_newest_first(client, site_settings):
    series = SeriesFactory()
    now = timezone.now()
    for title, days in (("Last month", -30), ("Next month", 30), ("Yesterday", -1),
                        ("Tomorrow", 1)):  # fmt: skip
        SessionFactory(series=series, title=title, start=now + timedelta(days=days))
    html = client.get("/seminar/archive/").content.decode()
    upcoming = html[html.index('id="archive-upcoming"') : html.index('id="archive-past"')]
    past = html[html.index('id="archive-past"') :]
    assert upcoming.index("Tomorrow") < upcoming.index("Next month")
    assert "Yesterday" not in upcoming and "Last month" not in upcoming
    assert past.index("Yesterday") < past.index("Last month")
    assert "Tomorrow" not in past and "Next month" not in past


def test_archive_without_upcoming_sessions_has_only_past(client, site_settings):
    SessionFactory(title="Done", start=timezone.now() - timedelta(days=3))
    html = client.get("/seminar/archive/").content.decode()
    assert 'id="archive-upcoming"' not in html and ">Past</h2>" in html


def test_archive_pages_after_the_first_hold_only_the_past(client, site_settings):
    series = SeriesFactory()
    make_sessions(series, 2, timezone.now() + timedelta(days=14))
    make_sessions(series, 25, timezone.now() - timedelta(days=1))
    first = client.get("/seminar/archive/").content.decode()
    second = client.get("/seminar/archive/?page=2").content.decode()
    assert first.count('class="item session-item') == 20 and ">Upcoming</h2>" in first
    assert ">Upcoming</h2>" not in second and second.count('class="item session-item') == 7


def test_every_session_list_shows_speakers_with_affiliations_and_one_date_format(
    client, site_settings
):
    series = SeriesFactory(slug="ml")
    start = datetime(timezone.now().year + 1, 8, 14, 15, tzinfo=BERLIN)
    coming = SessionFactory(series=series, title="Coming", start=start, format="online")
    SpeakerFactory(session=coming, name="Ada Lovelace", affiliation="Analytical Engines Ltd")
    past = SessionFactory(series=series, title="Done", start=timezone.now() - timedelta(days=2),
                          youtube_video="dQw4w9WgXcQ")  # fmt: skip
    SpeakerFactory(session=past, name="Alan Turing", affiliation="Bletchley Park")
    speaker = '<span class="speaker">Ada Lovelace<span class="affiliation">, Analytical Engines Ltd'
    for path in ("/", "/seminar/", "/seminar/ml/", "/seminar/archive/"):
        html = client.get(path).content.decode()
        assert speaker in html, path
        assert f"14 August {start.year}" in html and " Aug " not in html, path
        assert '<span class="badge badge-format">Online</span>' in html, path
    html = client.get("/seminar/").content.decode()
    assert '<span class="affiliation">, Bletchley Park</span>' in html
    assert html.count('<span class="badge badge-recording">') == 1


def test_a_member_speaking_without_affiliation_is_from_the_group(client, site_settings):
    session = SessionFactory()
    SpeakerFactory(session=session, member=MemberFactory(), name="Our Own", affiliation="")
    html = client.get("/seminar/").content.decode()
    assert 'Our Own<span class="affiliation">, Test Group</span>' in html


def test_next_session_is_called_the_same_on_landing_and_seminar_pages(client, site_settings):
    SessionFactory(title="Soon")
    for path in ("/", "/seminar/"):
        html = client.get(path).content.decode()
        assert "Next session</h2>" in html and "Next seminar" not in html


def test_embed_snippet_waits_behind_a_details_element_below_the_sessions(client, site_settings):
    SessionFactory(start=timezone.now() + timedelta(days=1))
    SessionFactory(start=timezone.now() + timedelta(days=8))
    html = client.get("/seminar/").content.decode()
    details = re.search(r'<details class="embed-snippet">(.*?)</details>', html, re.DOTALL)
    assert details and "<summary>Show this on your site</summary>" in details[1]
    assert '<textarea id="embed-code"' in details[1]
    assert html.index('id="upcoming-heading"') < html.index('id="recent-heading"') < details.start()
    assert html.count('id="embed-code"') == 1


def test_archive_speaks_german_with_german_active(site_settings):
    series = SeriesFactory()
    past = timezone.now() - timedelta(days=7)
    SessionFactory(series=series, title="Flows", start=past, youtube_video="abcdefghijk")
    SessionFactory(series=series, title="Kernels", start=past - timedelta(days=7))
    html = german_text("/seminar/archive/")
    assert "<h1>Seminararchiv</h1>" in html
    assert "<title>Seminararchiv · Test Group</title>" in html
    assert ">Nur Termine mit Aufzeichnung</label>" in html
    assert '<option value="">Alle Jahre</option>' in html
    assert '<p class="result-count" role="status">2 Termine.</p>' in html
    assert '<h2 id="archive-past">Vergangene Termine</h2>' in html
    assert "Seminar archive" not in html and ">Past<" not in html
    filtered = german_text("/seminar/archive/?q=flows")
    assert '<p class="result-count" role="status">1 Termin gefunden.</p>' in filtered
    assert '<a href="?">Filter zurücksetzen</a>' in filtered
