"""The news admin: a new item starts as a draft; the address help shows the real pattern."""

import re

import pytest

from news.models import NewsItem
from tests.admin_forms import in_english

pytestmark = pytest.mark.django_db


def news_form(**overrides):
    return in_english({
        "title": "Paper accepted", "slug": "paper-accepted", "date": "03/02/2025",
        "teaser": "Our paper was accepted.", "body": "", "image_alt": "",
        "publish_at_0": "", "publish_at_1": "", **overrides,
    }, NewsItem)  # fmt: skip


def test_a_new_news_item_starts_as_a_draft(admin_client):
    html = admin_client.get("/admin/news/newsitem/add/").content.decode()
    checkbox = re.search(r'<input type="checkbox" name="published"[^>]*>', html)[0]
    assert "checked" not in checkbox
    response = admin_client.post("/admin/news/newsitem/add/", news_form())
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.published is False and not item.is_live


def test_staff_may_publish_on_the_first_save(admin_client):
    response = admin_client.post("/admin/news/newsitem/add/", news_form(published="on"))
    assert response.status_code == 302
    assert NewsItem.objects.get().is_live


def test_the_address_help_shows_the_pattern_with_the_year(admin_client):
    html = admin_client.get("/admin/news/newsitem/add/").content.decode()
    assert "The address: /news/YEAR/slug/, the year of the date below." in html
    assert "/news//slug/" not in re.sub(r"<[^>]+>", "", html)
