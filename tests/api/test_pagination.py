import pytest

from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("page", "page_size"), [(1, 4), (2, 2), (4, 1)])
def test_the_last_page_has_no_next_link_when_the_count_fills_it(client, page, page_size):
    """Four papers in pages of 4, 2 or 1: the last page is full, and nothing follows it."""
    PublicationFactory.create_batch(4, year=2020)
    data = client.get(f"/api/v1/publications?year=2020&page={page}&page_size={page_size}").json()
    assert data["count"] == 4 and len(data["results"]) == page_size
    assert data["next"] is None


def test_a_page_before_the_last_links_to_it(client):
    PublicationFactory.create_batch(4, year=2020)
    data = client.get("/api/v1/publications?year=2020&page=1&page_size=2").json()
    assert data["next"] == "http://testserver/api/v1/publications?year=2020&page_size=2&page=2"
