from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    AuthorshipFactory,
    MemberFactory,
    NewsItemFactory,
    PositionFactory,
    PublicationFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)


@pytest.fixture
def api_content(db, site_settings):
    """Published content of every kind, plus a hidden twin of each: drafts, scheduled items,
    a hidden series, a former member's draft, an expired position, papers."""
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
    paper = PublicationFactory(
        title="Public paper", slug="public-paper", bibtex_key="ada2024public", year=2024,
        doi="10.1234/public.5678", arxiv_id="2401.01234", code_url="https://code.example/p",
    )  # fmt: skip
    AuthorshipFactory(publication=paper, position=0, name="Ada Speaker", member=member)
    AuthorshipFactory(publication=paper, position=1, name="Draft Person", member=draft_member)
    AuthorshipFactory(publication=paper, position=2, name="Grace Outsider")
    draft_paper = PublicationFactory(title="Draft paper", slug="draft-paper", published=False)
    PublicationFactory(title="Scheduled paper", slug="scheduled-paper", publish_at=tomorrow)
    news = NewsItemFactory(title="Public news")
    news.members.set([member, draft_member])
    news.sessions.set([talks[0]])
    news.publications.set([paper, draft_paper])
    NewsItemFactory(title="Draft news", published=False)
    NewsItemFactory(title="Scheduled news", publish_at=tomorrow)
    MemberFactory(
        name="Former Member", slug="former", end_date=timezone.localdate() - timedelta(days=30)
    )
    return {"series": series, "member": member, "talks": talks, "paper": paper}


HIDDEN_TITLES = [
    "Hidden Seminar", "Draft talk", "Scheduled talk", "Talk in hidden series",
    "Draft position", "Expired position", "Draft news", "Scheduled news", "Draft paper",
    "Scheduled paper",
    # A draft member may still be named as a speaker, as on the session page; never linked.
    "/people/draft-person/",
]  # fmt: skip
