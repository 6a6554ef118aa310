"""The German columns of a model's sheet (groupsite.sheets.models), on news items."""

import pytest
from django.utils import translation

from groupsite.sheets.plan import CHANGED, NEW, UNCHANGED
from news.models import NewsItem
from news.sheets import NewsSheet
from tests.factories import NewsItemFactory
from tests.sheets import import_rows, plan_rows

pytestmark = pytest.mark.django_db


def row_of(**cells):
    headers, rows = NewsSheet().export(NewsItem.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    row.pop("url")
    row.update(cells)
    return list(row), list(row.values())


def test_each_translated_text_is_followed_by_its_german_column_labelled_german():
    sheet = NewsSheet()
    names = sheet.export_names()
    assert names[:6] == ["slug", "title", "title_de", "date", "teaser", "teaser_de"]
    assert names[names.index("body") + 1] == "body_de"
    assert names[names.index("image_alt") + 1] == "image_alt_de"
    labels = sheet.labels()
    assert (labels["title"], labels["title_de"]) == ("Title", "Title (German)")
    column = next(c for c in sheet.columns if c.name == "title_de")
    assert column.blank_keeps and not column.export_only
    with translation.override("de"):
        assert str(labels["title_de"]) == "Titel (Deutsch)"


def test_export_writes_the_german_text_and_blank_where_there_is_none_not_the_english():
    NewsItemFactory(slug="a", title="Accepted", title_de="Angenommen", teaser="English only")
    headers, rows = NewsSheet().export(NewsItem.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["title"], row["title_de"]) == ("Accepted", "Angenommen")
    assert (row["teaser"], row["teaser_de"]) == ("English only", "")


def test_the_english_column_is_english_whatever_language_is_active():
    NewsItemFactory(slug="a", title="Accepted", title_de="Angenommen")
    with translation.override("de"):
        headers, rows = NewsSheet().export(NewsItem.objects.all())
        row = dict(zip(headers, rows[0], strict=True))
        assert (row["title"], row["title_de"]) == ("Accepted", "Angenommen")
        plan = import_rows(NewsSheet(), ["a", "Accepted again"], headers=["slug", "title"])
    assert plan.rows[0].status == CHANGED
    item = NewsItem.objects.get()
    assert (item.title_en, item.title_de) == ("Accepted again", "Angenommen")


def test_round_trip_with_german_texts_is_unchanged():
    NewsItemFactory(slug="a", title="Accepted", title_de="Angenommen", body_de="**Ja**")
    headers, row = row_of()
    plan = plan_rows(NewsSheet(), row, headers=headers)
    assert [r.status for r in plan.rows] == [UNCHANGED], plan.refusals()
    assert plan.rows[0].changes == []


def test_a_changed_german_cell_shows_before_and_after_and_is_saved_in_german():
    NewsItemFactory(slug="a", title="Accepted", title_de="Angenommen")
    headers, row = row_of(title_de="Endlich angenommen")
    plan = import_rows(NewsSheet(), row, headers=headers)
    assert plan.rows[0].status == CHANGED, plan.refusals()
    assert [(str(c.label), c.before, c.after) for c in plan.rows[0].changes] == [
        ("Title (German)", "Angenommen", "Endlich angenommen")
    ]
    item = NewsItem.objects.get()
    assert (item.title_en, item.title_de) == ("Accepted", "Endlich angenommen")


def test_a_blank_german_cell_keeps_the_stored_german_text():
    NewsItemFactory(slug="a", title="Accepted", title_de="Angenommen")
    headers, row = row_of(title_de="", title="Accepted at last")
    plan = import_rows(NewsSheet(), row, headers=headers)
    assert plan.rows[0].status == CHANGED, plan.refusals()
    item = NewsItem.objects.get()
    assert (item.title_en, item.title_de) == ("Accepted at last", "Angenommen")


def test_a_new_item_takes_its_german_texts():
    plan = import_rows(
        NewsSheet(),
        ["b", "Hello", "Hallo", "2025-01-02", "Hi.", "", "yes"],
        headers=["slug", "title", "title_de", "date", "teaser", "teaser_de", "published"],
    )
    assert plan.rows[0].status == NEW, plan.refusals()
    item = NewsItem.objects.get()
    assert (item.title_en, item.title_de, item.teaser_de) == ("Hello", "Hallo", None)
    with translation.override("de"):
        assert item.title == "Hallo"
