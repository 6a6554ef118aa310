from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    MemberFactory,
    NewsItemFactory,
    PositionFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)


@pytest.fixture
def api_content(db, site_settings):
    """Published content of every kind, plus a hidden twin of each: drafts, scheduled items,
    a hidden series, a former member's draft, an expired position."""
    now = timezone.now()
    tomorrow = now + timedelta(days=1)
    series = SeriesFactory(name="Open Seminar", slug="open")
    hidden_series = SeriesFactory(name="Hidden Seminar", slug="hidden", published=False)
    member = MemberFactory(name="Ada Speaker", slug="ada")
    draft_member = MemberFactory(name="Draft Person", slug="draft-person", published=False)
    talks = []
    for day in range(-3, 3):
        talks.append(
            SessionFactory(
                series=series, title=f"Public talk {day}", start=now + timedelta(days=day, hours=1)
            )
        )
    SpeakerFactory(session=talks[0], name="Ada Speaker", member=member)
    SpeakerFactory(session=talks[1], name="Draft Person", member=draft_member)
    talks[0].youtube_video = "dQw4w9WgXcQ"
    talks[0].recording_consent = True
    talks[0].save()
    SessionFactory(series=series, title="Draft talk", published=False)
    SessionFactory(series=series, title="Scheduled talk", publish_at=tomorrow)
    SessionFactory(series=hidden_series, title="Talk in hidden series")
    PositionFactory(title="Open position")
    PositionFactory(title="Draft position", published=False)
    PositionFactory(title="Expired position", deadline=timezone.localdate() - timedelta(days=1))
    news = NewsItemFactory(title="Public news")
    news.members.set([member, draft_member])
    news.sessions.set([talks[0]])
    NewsItemFactory(title="Draft news", published=False)
    NewsItemFactory(title="Scheduled news", publish_at=tomorrow)
    MemberFactory(
        name="Former Member", slug="former", end_date=timezone.localdate() - timedelta(days=30)
    )
    return {"series": series, "member": member, "talks": talks}


HIDDEN_TITLES = [
    "Hidden Seminar", "Draft talk", "Scheduled talk", "Talk in hidden series",
    "Draft position", "Expired position", "Draft news", "Scheduled news",
    # A draft member may still be named as a speaker, as on the session page; never linked.
    "/people/draft-person/",
]  # fmt: skip
