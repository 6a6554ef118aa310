"""API lists cost the same queries for 20 sessions (or papers) as for 2,000."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from publications.models import Authorship, Publication
from seminar.models import Session, Speaker
from tests.factories import MemberFactory, NewsItemFactory, SeriesFactory


def make_sessions(count: int) -> None:
    series = SeriesFactory(slug="big")
    member = MemberFactory(slug="frequent")
    start = timezone.now() - timedelta(days=count)
    sessions = Session.objects.bulk_create(
        Session(series=series, number=n, title=f"Talk {n}", slug=f"talk-{n}",
                start=start + timedelta(days=n), end=start + timedelta(days=n, hours=1),
                duration_minutes=60, uid=f"{uuid.uuid4()}@test", youtube_video="abcdefghijk",
                recording_consent=True)
        for n in range(1, count + 1)
    )  # fmt: skip
    Speaker.objects.bulk_create(
        Speaker(session=session, name=f"Speaker {session.number}", member=member)
        for session in sessions
    )


def make_publications(count: int) -> None:
    member = MemberFactory(slug="writer")
    papers = Publication.objects.bulk_create(
        Publication(title=f"Paper {n} on learning", slug=f"paper-{n}", year=2000 + n % 25,
                    kind="article", selected=n % 2 == 0, abstract="About **learning**.")
        for n in range(1, count + 1)
    )  # fmt: skip
    Authorship.objects.bulk_create(
        Authorship(publication=paper, position=position, name=f"Author {position}",
                   family_name=f"Author{position}", member=member if position == 0 else None)
        for paper in papers
        for position in range(3)
    )  # fmt: skip
    news = NewsItemFactory()
    news.publications.set(papers[:5])


def sessions_counted(count: int, url: str) -> int:
    return 1 if url == "/api/v1/series" else count


def papers_counted(count: int, url: str) -> int | None:
    return count if "page" in url else None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 2000])
@pytest.mark.parametrize(
    ("make", "url", "queries", "counted"),
    [
        # count, page, speakers with members
        (make_sessions, "/api/v1/sessions?page_size=100", 3, sessions_counted),
        (make_sessions, "/api/v1/sessions?page=2&page_size=10", 3, sessions_counted),
        (make_sessions, "/api/v1/sessions?series=big&speaker=frequent&recorded=true&q=talk", 5,
         sessions_counted),
        (make_sessions, "/api/v1/series", 2, sessions_counted),
        # count, page, authors with members
        (make_publications, "/api/v1/publications?page_size=100", 3, papers_counted),
        (make_publications, "/api/v1/publications?page=2&page_size=10", 3, papers_counted),
        # + the member
        (make_publications, "/api/v1/publications?member=writer&selected=true&q=learning", 4,
         papers_counted),
        # the paper, its authors
        (make_publications, "/api/v1/publications/paper-7", 2, papers_counted),
        # count, page, members, sessions, publications
        (make_publications, "/api/v1/news", 5, papers_counted),
    ],
)  # fmt: skip
def test_list_queries_do_not_grow_with_the_data(
    client, settings, django_assert_num_queries, make, count, url, queries, counted
):
    settings.PAGE_CACHE_SECONDS = 0
    make(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if counted(count, url) is not None:
        assert response.json()["count"] == counted(count, url)
