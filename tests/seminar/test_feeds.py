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
