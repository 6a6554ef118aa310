from datetime import date

import pytest
from reversion.models import Version

from people.models import Member
from people.sheets import MemberSheet
from tests.factories import MemberFactory
from tests.sheets import errors, import_rows, plan_rows

pytestmark = pytest.mark.django_db

MEMBERS = (
    ["jorg-muller", "Jörg Müller", "PhD student", "https://orcid.org/0000-0002-1825-0097",
     "https://github.com/octocat", "2023-10-01", ""],
    ["zoe-angstrom", "Zoë Ångström", "postdoc", "", "", "2022-04-01", "2024-03-31"],
)  # fmt: skip
HEADERS = ["slug", "name", "role", "orcid", "github", "start_date", "end_date"]


def test_members_import_by_slug_normalised_like_the_admin_and_then_skip():
    plan = import_rows(MemberSheet(), *MEMBERS, headers=HEADERS)
    assert plan.counts == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}
    jorg = Member.objects.get(slug="jorg-muller")
    assert (jorg.role, jorg.orcid, jorg.github) == ("phd", "0000-0002-1825-0097", "octocat")
    assert Member.objects.get(slug="zoe-angstrom").end_date == date(2024, 3, 31)
    again = import_rows(MemberSheet(), *MEMBERS, headers=HEADERS)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "refused": 0}


def test_a_changed_row_shows_before_and_after_with_human_labels():
    MemberFactory(slug="ada", name="Ada", role="phd")
    plan = plan_rows(MemberSheet(), ["ada", "Ada L.", "postdoc"], headers=["slug", "name", "role"])
    [row] = plan.rows
    assert row.status == "changed"
    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("Name", "Ada", "Ada L."),
        ("Role", "phd", "postdoc"),
    ]
    assert Member.objects.get().name == "Ada"  # planning writes nothing


def test_member_rows_are_validated_and_refused_whole():
    bad = (
        ["ok", "Fine", "phd", "", "2020-01-01", ""],
        ["bad-orcid", "Bad", "phd", "0000-0002-1825-0098", "", ""],
        ["bad-dates", "Backwards", "phd", "", "2024-01-01", "2020-01-01"],
        ["ok", "Again", "astronaut", "", "", ""],
    )
    plan = import_rows(
        MemberSheet(), *bad, headers=["slug", "name", "role", "orcid", "start_date", "end_date"]
    )
    found = errors(plan)
    assert sorted(found) == [3, 4, 5]
    assert "check digit" in found[3]["orcid"][0]
    assert "cannot be before the start date" in found[4]["end_date"][0]
    assert "not a role" in found[5]["role"][0]
    assert "repeats ok from row 2" in found[5][""][0]
    assert plan.counts["refused"] == 3
    assert Member.objects.count() == 0


def test_blank_published_cell_keeps_a_member_draft_hidden():
    MemberFactory(slug="ada", name="Ada", published=False)
    import_rows(MemberSheet(), ["ada", "Ada L.", ""], headers=["slug", "name", "published"])
    ada = Member.objects.get()
    assert (ada.name, ada.published) == ("Ada L.", False)


def test_apply_is_one_history_entry_per_member_by_the_importer(django_user_model):
    user = django_user_model.objects.create_user("editor")
    plan = plan_rows(MemberSheet(), *MEMBERS, headers=HEADERS)
    MemberSheet().apply(plan, user=user, file_name="people.csv")
    for member in Member.objects.all():
        [version] = Version.objects.get_for_object(member)
        assert version.revision.user == user
        assert version.revision.comment == "Imported from the spreadsheet people.csv."


def test_a_refused_plan_is_not_applied():
    from groupsite.sheets.plan import PlanRefused

    plan = plan_rows(MemberSheet(), ["x", "X", "astronaut"], headers=["slug", "name", "role"])
    with pytest.raises(PlanRefused):
        MemberSheet().apply(plan)
    assert Member.objects.count() == 0


def test_export_writes_what_the_import_reads_back():
    MemberFactory(slug="ada", name="Ada", start_date=date(2020, 1, 1), published=True)
    headers, rows = MemberSheet().export(Member.objects.all())
    assert headers[:3] == ["slug", "name", "role"]
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["start_date"], row["published"], row["end_date"]) == ("2020-01-01", "yes", "")
    plan = plan_rows(MemberSheet(), *rows, headers=headers)
    assert plan.counts["unchanged"] == 1, plan.refusals()


def test_empty_xlsx_text_cells_import_as_empty_text():
    import io

    import openpyxl

    from groupsite.sheets.files import read_sheet

    book = openpyxl.Workbook()
    book.active.append(["slug", "name", "role", "title", "bio", "now_at", "email"])
    book.active.append(["np", "Neue Person", "phd", None, None, None, None])
    data = io.BytesIO()
    book.save(data)
    plan = MemberSheet().plan(read_sheet(data.getvalue(), "xlsx"))
    assert not plan.refused, plan.refusals()
    MemberSheet().apply(plan)
    assert Member.objects.get().bio == ""


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_research_interest_and_alumni_label_round_trip(file_format):
    from groupsite.sheets.files import read_sheet, write_sheet

    MemberFactory(slug="ada", name="Ada", research_interest="Normalizing flows for the ocean",
                  alumni_label="alumna", end_date=date(2024, 3, 31))  # fmt: skip
    headers, rows = MemberSheet().export(Member.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert (row["research_interest"], row["alumni_label"]) == (
        "Normalizing flows for the ocean",
        "alumna",
    )
    data = write_sheet(headers, rows, file_format)
    Member.objects.all().delete()
    plan = MemberSheet().plan(read_sheet(data, file_format))
    assert plan.counts["new"] == 1, plan.refusals()
    MemberSheet().apply(plan)
    ada = Member.objects.get()
    assert (ada.research_interest, ada.alumni_label) == (
        "Normalizing flows for the ocean",
        "alumna",
    )
    assert MemberSheet().plan(read_sheet(data, file_format)).counts["unchanged"] == 1


def test_alumni_label_reads_its_label_and_a_blank_cell_keeps_it():
    MemberFactory(slug="ada", name="Ada", alumni_label="alumna")
    plan = import_rows(MemberSheet(), ["ada", "Alumnus", "A line"],
                       headers=["slug", "alumni_label", "research_interest"])  # fmt: skip
    assert plan.counts["changed"] == 1, plan.refusals()
    assert Member.objects.get().alumni_label == "alumnus"
    import_rows(MemberSheet(), ["ada", ""], headers=["slug", "alumni_label"])
    assert Member.objects.get().alumni_label == "alumnus"
    plan = plan_rows(MemberSheet(), ["ada", "emeritus"], headers=["slug", "alumni_label"])
    assert list(errors(plan)[2]) == ["alumni_label"]
