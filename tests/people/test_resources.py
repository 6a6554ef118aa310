import pytest
import tablib

from people.models import Member, Position
from people.resources import MemberResource, PositionResource
from seminar.models import Series
from seminar.resources import SeriesResource
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def sheet(*rows, headers):
    return tablib.Dataset(*rows, headers=headers)


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "invalid", "error")}


MEMBERS = sheet(
    ["jorg-muller", "Jörg Müller", "PhD student", "https://orcid.org/0000-0002-1825-0097",
     "https://github.com/octocat", "2023-10-01", ""],
    ["zoe-angstrom", "Zoë Ångström", "postdoc", "", "", "2022-04-01", "2024-03-31"],
    headers=["slug", "name", "role", "orcid", "github", "start_date", "end_date"],
)  # fmt: skip


def test_members_import_by_slug_normalised_like_the_admin_and_then_skip():
    result = MemberResource().import_data(MEMBERS)
    assert totals(result)["new"] == 2
    jorg = Member.objects.get(slug="jorg-muller")
    assert (jorg.role, jorg.orcid, jorg.github) == ("phd", "0000-0002-1825-0097", "octocat")
    assert str(Member.objects.get(slug="zoe-angstrom").end_date) == "2024-03-31"
    again = MemberResource().import_data(MEMBERS)
    assert totals(again) == {"new": 0, "update": 0, "skip": 2, "invalid": 0, "error": 0}


def test_member_rows_are_validated_and_refused_whole():
    bad = sheet(
        ["ok", "Fine", "phd", "", "2020-01-01", ""],
        ["bad-orcid", "Bad", "phd", "0000-0002-1825-0098", "", ""],
        ["bad-dates", "Backwards", "phd", "", "2024-01-01", "2020-01-01"],
        ["ok", "Again", "astronaut", "", "", ""],
        headers=["slug", "name", "role", "orcid", "start_date", "end_date"],
    )
    result = MemberResource().import_data(bad)
    errors = {row.number + 1: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [3, 4, 5]
    assert "check digit" in errors[3]["orcid"][0]
    assert "cannot be before the start date" in errors[4]["end_date"][0]
    assert "not a role" in errors[5]["role"][0]
    assert "repeats ok from row 2" in errors[5]["__all__"][0]
    assert Member.objects.count() == 0


def test_positions_import_with_contact_member_by_slug():
    MemberFactory(slug="lead", email="lead@example.org")
    rows = sheet(
        ["phd-ocean", "PhD: ocean ML", "PhD", "Join us.", "lead", "", "2030-01-31"],
        ["nobody", "Orphan", "phd", "Join us.", "ghost", "", ""],
        headers=["slug", "title", "level", "description", "contact_member", "contact_email",
                 "deadline"],
    )  # fmt: skip
    result = PositionResource().import_data(rows)
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert "No member “ghost”" in invalid.error_dict["contact_member"][0]
    assert Position.objects.count() == 0
    rows.pop()
    PositionResource().import_data(rows)
    assert Position.objects.get().application_email == "lead@example.org"


def test_series_import_checks_the_time_zone_and_reads_weekday_names():
    rows = sheet(
        ["ml", "ML seminar", "Europe/Berlin", "Tuesday", "15:00"],
        headers=["slug", "name", "time_zone", "default_weekday", "default_start_time"],
    )
    SeriesResource().import_data(rows)
    series = Series.objects.get()
    assert (series.default_weekday, str(series.default_start_time)) == (1, "15:00:00")
    rows[0] = ("ml", "ML seminar", "Europe/Hamburg", "Tuesday", "15:00")
    result = SeriesResource().import_data(rows)
    assert "not a time zone name" in result.invalid_rows[0].error_dict["time_zone"][0]
    assert Series.objects.get().time_zone == "Europe/Berlin"


def test_blank_published_cell_keeps_a_member_draft_hidden():
    MemberFactory(slug="ada", name="Ada", published=False)
    MemberResource().import_data(
        sheet(["ada", "Ada L.", ""], headers=["slug", "name", "published"])
    )
    ada = Member.objects.get()
    assert (ada.name, ada.published) == ("Ada L.", False)
