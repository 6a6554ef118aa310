import pytest
import tablib

from people.models import Position
from people.resources import PositionResource
from seminar.models import Series
from seminar.resources import SeriesResource
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def sheet(*rows, headers):
    return tablib.Dataset(*rows, headers=headers)


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "invalid", "error")}


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
