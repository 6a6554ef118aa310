from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest

from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/seminar/feed.atom", "/seminar/feed.rss",
                                 "/seminar/ml/feed.atom", "/seminar/ml/feed.rss"])  # fmt: skip
def test_feeds_parse_cleanly_with_sessions(client, site_settings, url):
    series = SeriesFactory(slug="ml", name="ML Seminar")
    session = SessionFactory(series=series, title="Flows & <friends>", abstract="*Deep*")
    SpeakerFactory(session=session, name="Ada")
    SessionFactory(series=series, title="Cancelled one", status="cancelled")
    SessionFactory(series=series, title="Postponed one", status="postponed")
    feed = feedparser.parse(client.get(url).content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = sorted(entry.title for entry in feed.entries)
    assert titles[0].startswith("Flows & <friends> (")
    assert titles[1].startswith("[Cancelled] Cancelled one (")
    assert titles[2].startswith("[Postponed] Postponed one (")
    flows = next(entry for entry in feed.entries if entry.title.startswith("Flows"))
    assert flows.link == f"http://testserver{session.get_absolute_url()}"
    assert "Speaker: Ada (Somewhere)" in flows.summary


def test_series_feed_holds_only_that_series(client, site_settings):
    SessionFactory(series=SeriesFactory(slug="ml"), title="Mine")
    SessionFactory(title="Other")
    feed = feedparser.parse(client.get("/seminar/ml/feed.atom").content)
    assert [entry.title.split(" (")[0] for entry in feed.entries] == ["Mine"]


def test_feed_of_unpublished_series_is_404(client, site_settings):
    SeriesFactory(slug="hidden", published=False)
    assert client.get("/seminar/hidden/feed.rss").status_code == 404


@pytest.mark.parametrize("url", ["/seminar/feed.atom", "/seminar/feed.rss"])
def test_feeds_hold_the_latest_fifty_sessions_newest_first(client, site_settings, url):
    series = SeriesFactory(slug="ml")
    first = datetime(2020, 1, 7, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    for week in range(52):
        SessionFactory(series=series, title=f"Week {week:02}", start=first + timedelta(weeks=week))
    SessionFactory(series=series, title="Draft", published=False, start=first + timedelta(weeks=60))
    feed = feedparser.parse(client.get(url).content)
    titles = [entry.title.split(" (")[0] for entry in feed.entries]
    assert titles == [f"Week {week:02}" for week in range(51, 1, -1)]
