import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import tablib
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import XLSX
from reversion.models import Version

from news.models import NewsItem
from news.resources import NewsItemResource
from tests.factories import (
    MemberFactory,
    NewsItemFactory,
    PublicationFactory,
    SeriesFactory,
    SessionFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
HEADERS = ["slug", "title", "date", "teaser", "body", "members", "sessions", "publications",
           "published", "publish_at"]  # fmt: skip


def sheet(*rows, headers=HEADERS):
    return tablib.Dataset(*rows, headers=headers)


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "invalid", "error")}


def errors_by_row(result):
    """Spreadsheet rows (the header is row 1) and the columns refused in each."""
    return {row.number + 1: row.error_dict for row in result.invalid_rows}


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
    result = NewsItemResource().import_data(NEWS)
    assert totals(result) == {"new": 2, "update": 0, "skip": 0, "invalid": 0, "error": 0}
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
    again = NewsItemResource().import_data(NEWS)
    assert totals(again) == {"new": 0, "update": 0, "skip": 2, "invalid": 0, "error": 0}


@pytest.mark.parametrize(
    ("column", "value"),
    [("members", "ada"), ("sessions", "ml/1"), ("publications", "ocean-paper"),
     ("publish_at", "2025-04-01 10:00"), ("title", "Another title")],
)  # fmt: skip
def test_changing_any_column_is_an_update(linked, column, value):
    NewsItemResource().import_data(NEWS)
    changed = sheet(*NEWS)
    row = list(changed[0])
    row[HEADERS.index(column)] = value
    changed[0] = row
    result = NewsItemResource().import_data(changed)
    assert totals(result)["update"] == 1 and totals(result)["skip"] == 1
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
    result = NewsItemResource().import_data(bad)
    errors = errors_by_row(result)
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert errors[3]["members"] == ["No member “ghost”; use members' slugs."]
    assert errors[4]["sessions"] == [
        "No session “ml/9”, “ml-2”; write a series' slug and a number: ml-seminar/12."
    ]
    assert errors[5]["publications"] == ["No publication “no-paper”; use publications' slugs."]
    assert set(errors[6]) == {"date", "published", "publish_at"}
    assert "“tomorrow” is not a date and time" in errors[6]["publish_at"][0]
    assert "repeats fine from row 2" in errors[7]["__all__"][0]
    assert "teaser" in errors[7]
    assert NewsItem.objects.count() == 0


def test_an_item_with_an_image_keeps_needing_alt_text(linked):
    NewsItemFactory(slug="pic", image=image_upload(), image_alt="A cup")
    result = NewsItemResource().import_data(sheet(["pic", ""], headers=["slug", "image_alt"]))
    assert "Describe the image" in errors_by_row(result)[2]["image_alt"][0]
    assert NewsItem.objects.get().image_alt == "A cup"


def test_blank_published_cell_keeps_a_draft_hidden(db):
    NewsItemFactory(slug="draft", title="Draft", published=False)
    NewsItemResource().import_data(
        sheet(["draft", "Draft, retitled", ""], headers=["slug", "title", "published"])
    )
    item = NewsItem.objects.get()
    assert (item.title, item.published) == ("Draft, retitled", False)


def test_export_writes_keys_and_addresses_and_reimports_unchanged(
    linked, django_assert_num_queries
):
    NewsItemResource().import_data(NEWS)
    NewsItemFactory.create_batch(3)
    # Count, items, then members, sessions, their series and papers: not one per item.
    with django_assert_num_queries(6):
        exported = NewsItemResource(base_url="https://group.example").export()
    rows = {row["slug"]: row for row in exported.dict}
    award = rows["award"]
    assert award["members"] in ("ada; zoe", "zoe; ada")
    assert (award["sessions"], award["published"]) == ("ml/2", "yes")
    assert award["url"] == "https://group.example/news/2025/award/"
    assert rows["thesis"]["publish_at"] == "2025-04-01 09:30"
    result = NewsItemResource().import_data(exported)
    assert totals(result) == {"new": 0, "update": 0, "skip": 5, "invalid": 0, "error": 0}


# The admin --------------------------------------------------------------------------------
IMPORT = "/admin/news/newsitem/import/"


def upload(client, content: str):
    file = SimpleUploadedFile("news.csv", content.encode(), content_type="text/csv")
    return client.post(IMPORT, {"import_file": file, "format": "0", "resource": "0"})


def test_editor_previews_then_confirms_and_each_item_gets_history(editor_client, linked):
    csv = "slug,title,date,teaser,publications\naward,Best paper,2025-03-01,Ada won.,ocean-paper\n"
    preview = upload(editor_client, csv)
    assert preview.status_code == 200
    assert "1 new, 0 changed, 0 unchanged." in preview.content.decode()
    assert NewsItem.objects.count() == 0
    done = editor_client.post(
        "/admin/news/newsitem/process_import/", preview.context["confirm_form"].initial
    )
    assert done.status_code == 302
    item = NewsItem.objects.get()
    assert [p.slug for p in item.publications.all()] == ["ocean-paper"]
    assert Version.objects.get_for_object(item).get().revision.user.username == "ed"
    again = upload(editor_client, csv).content.decode()
    assert "0 new, 0 changed, 1 unchanged." in again


def test_invalid_upload_names_the_row_and_column_and_offers_no_confirm(editor_client, linked):
    html = upload(editor_client, "slug,title,date,teaser,members\nx,X,2025-01-01,T,nobody\n")
    html = html.content.decode()
    assert "Confirm import" not in html
    assert re.findall(r'<tr class="invalid-row"><td>(\d+)</td><td>(\w*)</td>', html) == [
        ("2", "members")
    ]
    assert "No member “nobody”" in html


def test_unknown_column_refuses_the_file(editor_client):
    html = upload(editor_client, "slug,title,image\nx,X,cup.png\n").content.decode()
    assert "Unknown column(s): image." in html
    assert NewsItem.objects.count() == 0


def test_sample_sheet_has_every_column_and_imports(editor_client):
    response = editor_client.get("/admin/news/newsitem/import/sample.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="news-items-sample.xlsx"'
    dataset = XLSX().create_dataset(response.content)
    assert dataset.headers == [
        "slug", "title", "date", "teaser", "body", "image_alt", "members", "sessions",
        "publications", "published", "publish_at",
    ]  # fmt: skip
    result = NewsItemResource().import_data(dataset)
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert NewsItem.objects.get().slug == "paper-accepted-at-iclr"


def test_export_respects_the_change_list_filters(rf, django_user_model):
    NewsItemFactory(title="Kept", published=False)
    NewsItemFactory(title="Filtered out")
    request = rf.get("/admin/news/newsitem/export/", {"published__exact": "0"})
    request.user = django_user_model.objects.create_superuser("boss", "b@x.example", "pw")
    dataset = NewsItemResource().export(site._registry[NewsItem].get_export_queryset(request))
    assert dataset["title"] == ["Kept"]


# Preview cost, round trips, keys -----------------------------------------------------------
def rows_of(count: int) -> tablib.Dataset:
    return sheet(
        *[
            [f"item-{i}", "T", "2025-01-01", "t", "", "ada; zoe", "ml/1; ml/2", "ocean-paper",
             "yes", ""]
            for i in range(count)
        ]
    )  # fmt: skip


@pytest.mark.parametrize("rows", [5, 50])
def test_preview_reads_links_once_per_file(linked, django_assert_num_queries, rows):
    """Per file, inside the library's transaction and savepoints: the items the file names
    with their links (members, sessions and their series, publications) and the three
    kinds of link target; per row only the library's savepoint (SAVEPOINT, RELEASE) and
    the slug's uniqueness check: 14 + 3 per row."""
    NewsItemFactory(slug="item-0")
    with django_assert_num_queries(14 + 3 * rows):
        result = NewsItemResource().import_data(rows_of(rows), dry_run=True)
    assert totals(result) == {"new": rows - 1, "update": 1, "skip": 0, "invalid": 0, "error": 0}
    assert NewsItem.objects.count() == 1  # the preview writes nothing


def test_preview_shows_links_before_and_after(linked):
    item = NewsItemFactory(slug="item-0")
    item.members.set([MemberFactory(slug="bea")])
    result = NewsItemResource().import_data(rows_of(1), dry_run=True)
    diff = dict(zip(NewsItemResource().get_diff_headers(), result.rows[0].diff, strict=True))
    assert "bea" in diff["members"] and "ada; zoe" in diff["members"]
    assert "ml/1; ml/2" in diff["sessions"]


def test_round_trip_of_a_time_with_microseconds_changes_nothing(linked):
    item = NewsItemFactory(
        slug="exact", publish_at=datetime(2025, 4, 1, 9, 30, 12, 345678, tzinfo=BERLIN)
    )
    updated = NewsItem.objects.get(pk=item.pk).updated_at
    exported = NewsItemResource().export()
    result = NewsItemResource().import_data(exported)
    assert totals(result)["skip"] == 1 and totals(result)["update"] == 0
    assert NewsItem.objects.get(pk=item.pk).updated_at == updated


@pytest.mark.parametrize("key", ["ml/02", "ML/2", "Ml/0002"])
def test_session_keys_in_any_case_and_with_leading_zeros(linked, key):
    row = ["talk", "Talk", "2025-01-01", "t", "", "", key, "", "yes", ""]
    result = NewsItemResource().import_data(sheet(row))
    assert totals(result)["new"] == 1, errors_by_row(result)
    assert [s.number for s in NewsItem.objects.get().sessions.all()] == [2]


def test_many_unknown_keys_are_listed_up_to_ten(linked):
    ghosts = "; ".join(f"ghost-{i}" for i in range(25))
    row = ["ghosts", "G", "2025-01-01", "t", "", ghosts, "", "", "yes", ""]
    [message] = errors_by_row(NewsItemResource().import_data(sheet(row)))[2]["members"]
    listed = ", ".join(f"“ghost-{i}”" for i in range(10))
    assert message == f"No member {listed} and 15 more; use members' slugs."


def test_nul_in_a_cell_is_refused_with_a_message(linked):
    row = ["nul", "a\x00b", "2025-01-01", "t", "", "", "", "", "yes", ""]
    for dry_run in (True, False):
        result = NewsItemResource().import_data(sheet(row), dry_run=dry_run)
        assert not result.has_errors()
        assert errors_by_row(result)[2]["title"] == [
            "Contains a NUL character (\\0), which a database cannot store. Remove it (it "
            "often comes from copying out of a PDF) and upload again."
        ]
    assert NewsItem.objects.count() == 0
