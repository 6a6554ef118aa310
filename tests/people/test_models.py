from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from people.models import Member, Position
from people.validators import normalise_github, normalise_orcid, validate_google_scholar
from tests.factories import MemberFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_alumni_are_derived_from_end_dates():
    today = timezone.localdate()
    no_end = MemberFactory()
    ends_today = MemberFactory(end_date=today)
    ends_later = MemberFactory(end_date=today + timedelta(days=30))
    ended = MemberFactory(end_date=today - timedelta(days=1))
    assert set(Member.objects.current()) == {no_end, ends_today, ends_later}
    assert list(Member.objects.alumni()) == [ended]
    assert ended.is_alumnus and not ends_today.is_alumnus


def test_unpublished_member_is_neither_current_nor_alumnus():
    MemberFactory(published=False)
    MemberFactory(published=False, end_date=date(2020, 1, 1))
    assert not Member.objects.current().exists()
    assert not Member.objects.alumni().exists()


def test_current_members_by_role_put_group_leader_first():
    MemberFactory(name="Zoe", role="master")
    MemberFactory(name="Bea", role="phd")
    MemberFactory(name="Al", role="leader")
    MemberFactory(name="Cy", role="postdoc")
    names = [member.name for member in Member.objects.current().by_role()]
    assert names == ["Al", "Cy", "Bea", "Zoe"]


def test_end_date_before_start_date_is_refused():
    member = MemberFactory.build(start_date=date(2022, 1, 1), end_date=date(2021, 1, 1))
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict["end_date"] == ["The end date cannot be before the start date."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1694-233X", "0000-0002-1694-233X"),
    ],
)
def test_orcid_is_normalised(value, expected):
    assert normalise_orcid(value) == expected


@pytest.mark.parametrize("value", ["0000-0002-1825-0098", "1234", "https://evil.example/0000"])
def test_orcid_with_bad_form_or_checksum_is_refused(value):
    with pytest.raises(ValidationError, match="check digit is wrong"):
        normalise_orcid(value)


@pytest.mark.parametrize(
    "value", ["octocat", "@octocat", "https://github.com/octocat", "https://github.com/octocat/"]
)
def test_github_user_is_normalised(value):
    assert normalise_github(value) == "octocat"


@pytest.mark.parametrize(
    "value", ["https://gitlab.com/octocat", "bad name", "-dash", "https://[x", "[::1"]
)
def test_github_foreign_or_malformed_is_refused(value):
    with pytest.raises(ValidationError):
        normalise_github(value)


@pytest.mark.parametrize(
    "value", ["https://example.org/citations?user=x", "https://[scholar.google.com/?user=x"]
)
def test_google_scholar_foreign_or_malformed_is_refused(value):
    with pytest.raises(ValidationError, match="Enter a Google Scholar profile link"):
        validate_google_scholar(value)


def test_member_clean_stores_bare_orcid_and_github_name():
    member = MemberFactory.build(
        orcid="https://orcid.org/0000-0002-1825-0097", github="https://github.com/octocat"
    )
    member.full_clean()
    assert (member.orcid, member.github) == ("0000-0002-1825-0097", "octocat")
    assert member.orcid_url == "https://orcid.org/0000-0002-1825-0097"


def test_google_scholar_link_must_be_a_profile():
    member = MemberFactory.build(google_scholar="https://example.org/profile")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "google_scholar" in error.value.message_dict


def test_positions_expire_after_their_deadline_day():
    today = timezone.localdate()
    open_ended = PositionFactory()
    last_day = PositionFactory(deadline=today)
    expired = PositionFactory(deadline=today - timedelta(days=1))
    PositionFactory(published=False)
    assert set(Position.objects.open()) == {open_ended, last_day}
    assert expired.is_open is False
    assert Position.objects.count() == 4


def test_position_deadline_uses_site_time_zone():
    position = PositionFactory(deadline=date(2024, 3, 1))
    # 22:30 UTC on 1 March is 23:30 in Berlin: the deadline day, still open.
    with time_machine.travel(datetime(2024, 3, 1, 22, 30, tzinfo=UTC), tick=False):
        assert list(Position.objects.open()) == [position]
        assert position.is_open
    # 23:30 UTC on 1 March is already 2 March in Berlin: closed, though UTC still says 1 March.
    with time_machine.travel(datetime(2024, 3, 1, 23, 30, tzinfo=UTC), tick=False):
        assert list(Position.objects.open()) == []
        assert not position.is_open


def test_alumni_change_over_at_berlin_midnight():
    member = MemberFactory(end_date=date(2024, 3, 1))
    with time_machine.travel(datetime(2024, 3, 1, 22, 59, tzinfo=UTC), tick=False):
        assert list(Member.objects.current()) == [member]
        assert not member.is_alumnus
    with time_machine.travel(datetime(2024, 3, 1, 23, 1, tzinfo=UTC), tick=False):
        assert list(Member.objects.alumni()) == [member]
        assert list(Member.objects.current()) == []
        assert member.is_alumnus


def test_position_needs_a_way_to_apply():
    position = PositionFactory.build(contact_email="", contact_member=None)
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert error.value.messages == [
        "Give a contact email, or choose a contact member who has an email address."
    ]


def test_position_falls_back_to_contact_member_email():
    leader = MemberFactory(email="lead@example.org")
    position = PositionFactory(contact_email="", contact_member=leader)
    assert position.application_email == "lead@example.org"


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2020, 2, 1), date(2023, 7, 31), "2020–2023"),
        (date(2022, 6, 1), date(2022, 9, 30), "2022"),
        (None, date(2021, 3, 31), "until 2021"),
        (date(2021, 3, 1), None, "since 2021"),
        (None, None, ""),
    ],
)
def test_years_in_the_group_say_a_single_year_once(start, end, years):
    assert MemberFactory.build(start_date=start, end_date=end).years == years


def test_member_fields_are_labelled_and_explained_in_german_under_german():
    from django.forms import modelform_factory
    from django.utils import translation

    form_class = modelform_factory(Member, fields=["end_date", "publish_at", "now_at"])
    with translation.override("de"):
        form = form_class()
        assert form["end_date"].label == "Ende"
        assert form["end_date"].help_text == (
            "Ab dem Tag nach diesem Datum gilt die Person als ehemaliges Mitglied."
        )
        assert form["publish_at"].label == "Veröffentlichen am"
        assert form["now_at"].label == "Jetzt bei"
        assert str(Member._meta.verbose_name_plural) == "Mitarbeitende"
    english = form_class()
    assert english["end_date"].label == "End date"
    assert english["end_date"].help_text == "Members become alumni the day after this date."
