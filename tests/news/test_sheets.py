import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.sites import site
from reversion.models import Version

from groupsite.sheets.files import Table, read_sheet
from news.models import NewsItem
from news.sheets import NewsSheet
from tests.factories import (
    MemberFactory,
    NewsItemFactory,
    PublicationFactory,
    SeriesFactory,
    SessionFactory,
    image_upload,
)
from tests.sheets import admin_export, confirm, upload

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
HEADERS = ["slug", "title", "date", "teaser", "body", "members", "sessions", "publications",
           "published", "publish_at"]  # fmt: skip


def sheet(*rows, headers=HEADERS) -> Table:
    return Table(headers=list(headers), rows=[list(row) for row in rows])


def preview(table: Table):
    """The plan, as the admin's preview shows it; nothing is written."""
    return NewsSheet().plan(table)


def import_data(table: Table):
    """Plan, then apply if nothing is refused; the plan."""
    plan = NewsSheet().plan(table)
    if not plan.refused:
        NewsSheet().apply(plan)
    return plan


def totals(plan):
    return plan.counts


def errors_by_row(plan):
    """Spreadsheet rows (the header is row 1) and the columns refused in each."""
    return plan.errors_by_number()


def exported(base_url="") -> Table:
    headers, rows = NewsSheet(base_url).export(NewsItem.objects.all())
    return Table(headers=headers, rows=rows)


def dicts(table: Table) -> list[dict]:
    return [dict(zip(table.headers, row, strict=True)) for row in table.rows]


@pytest.fixture
def linked(db):
    MemberFactory(slug="ada")
    MemberFactory(slug="zoe")
    SessionFactory.create_batch(2, series=SeriesFactory(slug="ml"))
    PublicationFactory(slug="ocean-paper")
    PublicationFactory(slug="ice-paper")


NEWS = sheet(
    ["award", "Best paper", "2025-03-01", "Ada won.", "**Well** done.", "ada; zoe", "ml/2",
     "ocean-paper, ice-paper", "yes", ""],
    ["thesis", "A thesis", "2024-11-12", "Zoë defended.", "", "zoe", "", "", "no",
     "2025-04-01 09:30"],
)  # fmt: skip


def test_news_import_by_slug_with_links_by_key_and_then_skip(linked):
    result = import_data(NEWS)
    assert totals(result) == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}
    award = NewsItem.objects.get(slug="award")
    assert (award.title, award.date, award.published) == ("Best paper", date(2025, 3, 1), True)
    assert sorted(award.members.values_list("slug", flat=True)) == ["ada", "zoe"]
    assert [f"{s.series.slug}/{s.number}" for s in award.sessions.all()] == ["ml/2"]
    assert sorted(award.publications.values_list("slug", flat=True)) == [
        "ice-paper", "ocean-paper",
    ]  # fmt: skip
    thesis = NewsItem.objects.get(slug="thesis")
    assert thesis.publish_at == datetime(2025, 4, 1, 9, 30, tzinfo=BERLIN)
    assert thesis.published is False
    again = import_data(NEWS)
    assert totals(again) == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}


@pytest.mark.parametrize(
    ("column", "value"),
    [("members", "ada"), ("sessions", "ml/1"), ("publications", "ocean-paper"),
     ("publish_at", "2025-04-01 10:00"), ("title", "Another title")],
)  # fmt: skip
def test_changing_any_column_is_an_update(linked, column, value):
    import_data(NEWS)
    changed = sheet(*NEWS.rows)
    changed.rows[0][HEADERS.index(column)] = value
    result = import_data(changed)
    assert totals(result)["changed"] == 1 and totals(result)["unchanged"] == 1
    award = NewsItem.objects.get(slug="award")
    if column == "members":
        assert list(award.members.values_list("slug", flat=True)) == ["ada"]
    if column == "publish_at":
        assert award.publish_at == datetime(2025, 4, 1, 10, tzinfo=BERLIN)


def test_invalid_rows_are_refused_whole_with_reasons(linked):
    bad = sheet(
        ["fine", "Fine", "2025-01-01", "Ok.", "", "", "", "", "", ""],
        ["ghosts", "Ghosts", "2025-01-01", "Ok.", "", "ada; ghost", "", "", "", ""],
        ["talks", "Talks", "2025-01-01", "Ok.", "", "", "ml/9; ml-2", "", "", ""],
        ["papers", "Papers", "2025-01-01", "Ok.", "", "", "", "no-paper", "", ""],
        ["dates", "Dates", "2025-13-01", "Ok.", "", "", "", "", "maybe", "tomorrow"],
        ["fine", "Again", "2025-01-01", "", "", "", "", "", "", ""],
    )
    result = import_data(bad)
    errors = errors_by_row(result)
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert errors[3]["members"] == ["No member “ghost”; use members' slugs."]
    assert errors[4]["sessions"] == [
        "No session “ml/9”, “ml-2”; write a series' slug and a number: ml-seminar/12."
    ]
    assert errors[5]["publications"] == ["No publication “no-paper”; use publications' slugs."]
    assert set(errors[6]) == {"date", "published", "publish_at"}
    assert "“tomorrow” is not a date and time" in errors[6]["publish_at"][0]
    assert "repeats fine from row 2" in errors[7][""][0]
    assert "teaser" in errors[7]
    assert NewsItem.objects.count() == 0


def test_an_item_with_an_image_keeps_needing_alt_text(linked):
    NewsItemFactory(slug="pic", image=image_upload(), image_alt="A cup")
    result = import_data(sheet(["pic", ""], headers=["slug", "image_alt"]))
    assert "Describe the image" in errors_by_row(result)[2]["image_alt"][0]
    assert NewsItem.objects.get().image_alt == "A cup"


def test_blank_published_cell_keeps_a_draft_hidden(db):
    NewsItemFactory(slug="draft", title="Draft", published=False)
    import_data(sheet(["draft", "Draft, retitled", ""], headers=["slug", "title", "published"]))
    item = NewsItem.objects.get()
    assert (item.title, item.published) == ("Draft, retitled", False)


def test_export_writes_keys_and_addresses_and_reimports_unchanged(
    linked, django_assert_num_queries
):
    import_data(NEWS)
    NewsItemFactory.create_batch(3)
    # The items, then members, sessions, their series and papers: not one per item.
    with django_assert_num_queries(5):
        table = exported(base_url="https://group.example")
    rows = {row["slug"]: row for row in dicts(table)}
    award = rows["award"]
    assert award["members"] in ("ada; zoe", "zoe; ada")
    assert (award["sessions"], award["published"]) == ("ml/2", "yes")
    assert award["url"] == "https://group.example/news/2025/award/"
    assert rows["thesis"]["publish_at"] == "2025-04-01 09:30"
    result = import_data(table)
    assert totals(result) == {"new": 0, "changed": 0, "unchanged": 5, "refused": 0}


# The admin --------------------------------------------------------------------------------


def test_editor_previews_then_confirms_and_each_item_gets_history(editor_client, linked):
    csv = "slug,title,date,teaser,publications\naward,Best paper,2025-03-01,Ada won.,ocean-paper\n"
    page = upload(editor_client, NewsItem, csv, name="news.csv")
    assert page.status_code == 200
    assert "1 new, 0 changed, 0 unchanged." in page.content.decode()
    assert NewsItem.objects.count() == 0
    done = confirm(editor_client, NewsItem, page)
    assert done.status_code == 302
    item = NewsItem.objects.get()
    assert [p.slug for p in item.publications.all()] == ["ocean-paper"]
    assert Version.objects.get_for_object(item).get().revision.user.username == "ed"
    again = upload(editor_client, NewsItem, csv).content.decode()
    assert "0 new, 0 changed, 1 unchanged." in again


def test_invalid_upload_names_the_row_and_column_and_offers_no_confirm(editor_client, linked):
    csv = "slug,title,date,teaser,members\nx,X,2025-01-01,T,nobody\n"
    html = upload(editor_client, NewsItem, csv).content.decode()
    assert "Confirm import" not in html
    assert re.findall(r'<tr class="invalid-row"><td>(\d+)</td><td>(\w*)</td>', html) == [
        ("2", "Members")
    ]
    assert "No member “nobody”" in html


def test_unknown_column_refuses_the_file(editor_client):
    html = upload(editor_client, NewsItem, "slug,title,image\nx,X,cup.png\n").content.decode()
    assert "Unknown column(s): image." in html
    assert NewsItem.objects.count() == 0


def test_sample_sheet_has_every_column_and_imports(editor_client):
    response = editor_client.get("/admin/news/newsitem/import/sample.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="news-items-sample.xlsx"'
    dataset = read_sheet(response.content, "xlsx")
    assert dataset.headers == [
        "slug", "title", "title_de", "date", "teaser", "teaser_de", "body", "body_de",
        "image_alt", "image_alt_de", "members", "sessions", "publications", "published",
        "publish_at",
    ]  # fmt: skip
    result = import_data(dataset)
    assert not result.refused, result.refusals()
    item = NewsItem.objects.get()
    assert item.slug == "paper-accepted-at-iclr"
    assert item.title_de.startswith("Unser Artikel über neuronale Operatoren")
    assert item.teaser_de is None  # a blank German cell gives no German text


def test_export_respects_the_change_list_filters(rf, django_user_model):
    NewsItemFactory(title="Kept", published=False)
    NewsItemFactory(title="Filtered out")
    request = rf.get("/admin/news/newsitem/export/", {"published__exact": "0"})
    request.user = django_user_model.objects.create_superuser("boss", "b@x.example", "pw")
    objects = site._registry[NewsItem].get_export_queryset(request)
    headers, rows = NewsSheet().export(objects, ["title"])
    assert (headers, rows) == (["title"], [["Kept"]])


def test_the_admins_export_is_a_file_of_every_column(editor_client, linked):
    import_data(NEWS)
    table = read_sheet(admin_export(editor_client, NewsItem, "csv"), "csv")
    assert table.headers == NewsSheet().export_names()
    assert import_data(table).counts["unchanged"] == 2


# Preview cost, round trips, keys -----------------------------------------------------------
def rows_of(count: int) -> Table:
    return sheet(
        *[
            [f"item-{i}", "T", "2025-01-01", "t", "", "ada; zoe", "ml/1; ml/2", "ocean-paper",
             "yes", ""]
            for i in range(count)
        ]
    )  # fmt: skip


@pytest.mark.parametrize("rows", [5, 50])
def test_preview_reads_links_once_per_file(linked, django_assert_num_queries, rows):
    """Per file: the items the file names, their links (members, sessions, publications;
    the sessions' series only if they have sessions) and the three kinds of link target;
    per row only the slug's uniqueness check, as the admin's form makes it: 7 + 1 per row."""
    NewsItemFactory(slug="item-0")
    with django_assert_num_queries(7 + rows):
        result = preview(rows_of(rows))
    assert totals(result) == {"new": rows - 1, "changed": 1, "unchanged": 0, "refused": 0}
    assert NewsItem.objects.count() == 1  # the preview writes nothing


def test_preview_shows_links_before_and_after(linked):
    item = NewsItemFactory(slug="item-0")
    item.members.set([MemberFactory(slug="bea")])
    [row] = preview(rows_of(1)).rows
    diff = {change.label: (change.before, change.after) for change in row.changes}
    assert diff["Members"] == ("bea", "ada; zoe")
    assert diff["Sessions"] == ("", "ml/1; ml/2")


def test_round_trip_of_a_time_with_microseconds_changes_nothing(linked):
    item = NewsItemFactory(
        slug="exact", publish_at=datetime(2025, 4, 1, 9, 30, 12, 345678, tzinfo=BERLIN)
    )
    updated = NewsItem.objects.get(pk=item.pk).updated_at
    result = import_data(exported())
    assert totals(result)["unchanged"] == 1 and totals(result)["changed"] == 0
    assert NewsItem.objects.get(pk=item.pk).updated_at == updated


@pytest.mark.parametrize("key", ["ml/02", "ML/2", "Ml/0002"])
def test_session_keys_in_any_case_and_with_leading_zeros(linked, key):
    row = ["talk", "Talk", "2025-01-01", "t", "", "", key, "", "yes", ""]
    result = import_data(sheet(row))
    assert totals(result)["new"] == 1, errors_by_row(result)
    assert [s.number for s in NewsItem.objects.get().sessions.all()] == [2]


def test_many_unknown_keys_are_listed_up_to_ten(linked):
    ghosts = "; ".join(f"ghost-{i}" for i in range(25))
    row = ["ghosts", "G", "2025-01-01", "t", "", ghosts, "", "", "yes", ""]
    [message] = errors_by_row(import_data(sheet(row)))[2]["members"]
    listed = ", ".join(f"“ghost-{i}”" for i in range(10))
    assert message == f"No member {listed} and 15 more; use members' slugs."


def test_nul_in_a_cell_is_refused_with_a_message(linked):
    row = ["nul", "a\x00b", "2025-01-01", "t", "", "", "", "", "yes", ""]
    for plan in (preview(sheet(row)), import_data(sheet(row))):
        assert errors_by_row(plan)[2]["title"] == [
            "Contains a NUL character (\\0), which a database cannot store. Remove it (it "
            "often comes from copying out of a PDF) and upload again."
        ]
    assert NewsItem.objects.count() == 0
