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


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 2000])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/sessions?page_size=100", 3),  # count, page, speakers with members
        ("/api/v1/sessions?page=2&page_size=10", 3),
        ("/api/v1/sessions?series=big&speaker=frequent&recorded=true&q=talk", 5),
        ("/api/v1/series", 2),
    ],
)
def test_list_queries_do_not_grow_with_the_number_of_sessions(
    client, settings, django_assert_num_queries, count, url, queries
):
    settings.PAGE_CACHE_SECONDS = 0
    make_sessions(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == (1 if url == "/api/v1/series" else count)


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


@pytest.mark.django_db
@pytest.mark.parametrize("count", [20, 2000])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/publications?page_size=100", 3),  # count, page, authors with members
        ("/api/v1/publications?page=2&page_size=10", 3),
        ("/api/v1/publications?member=writer&selected=true&q=learning", 4),  # + the member
        ("/api/v1/publications/paper-7", 2),  # the paper, its authors
        ("/api/v1/news", 5),  # count, page, members, sessions, publications
    ],
)
def test_publication_queries_do_not_grow_with_the_number_of_papers(
    client, settings, django_assert_num_queries, count, url, queries
):
    settings.PAGE_CACHE_SECONDS = 0
    make_publications(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if "page" in url:
        assert response.json()["count"] == count
