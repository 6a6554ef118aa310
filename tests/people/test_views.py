from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    MemberFactory,
    PositionFactory,
    SessionFactory,
    SpeakerFactory,
    image_upload,
)
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 25])
def test_people_page_query_count_is_constant(
    client, site_settings, django_assert_num_queries, count
):
    MemberFactory.create_batch(count, photo=image_upload())
    MemberFactory.create_batch(count, end_date=date(2020, 1, 1))
    # site settings, navigation, current members, alumni, partner logos
    with django_assert_num_queries(5):
        assert client.get("/people/").status_code == 200


def test_people_page_groups_by_role_then_lists_alumni(client, site_settings):
    MemberFactory(name="Pat Student", role="phd")
    MemberFactory(name="Lee Leader", role="leader")
    MemberFactory(name="Old Timer", role="postdoc", start_date=date(2018, 1, 1),
                  end_date=date(2021, 6, 30), now_at="Elsewhere University")  # fmt: skip
    html = client.get("/people/").content.decode()
    assert html.index("Group leader") < html.index("Lee Leader") < html.index("PhD students")
    assert html.index("Pat Student") < html.index("Alumni") < html.index("Old Timer")
    assert "Postdoctoral researcher 2018–2021; now at Elsewhere University" in html


def test_member_page_lists_talks_given(client, site_settings):
    member = MemberFactory(name="Ada")
    talk = SessionFactory(title="My talk")
    SpeakerFactory(session=talk, member=member, name="Ada")
    SessionFactory(title="Someone else's")
    html = client.get(member.get_absolute_url()).content.decode()
    assert f'<a href="{talk.get_absolute_url()}">My talk</a>' in html
    assert "Someone else" not in html


def test_unpublished_member_page_is_404(client, site_settings):
    member = MemberFactory(published=False)
    assert client.get(member.get_absolute_url()).status_code == 404


def test_expired_position_vanishes_from_list_and_detail(client, site_settings):
    expired = PositionFactory(title="Gone", deadline=timezone.localdate() - timedelta(days=1))
    PositionFactory(title="Still open")
    html = client.get("/positions/").content.decode()
    assert "Still open" in html and "Gone" not in html
    assert client.get(expired.get_absolute_url()).status_code == 404


def test_position_list_query_count(client, site_settings, django_assert_num_queries):
    PositionFactory.create_batch(5)
    with django_assert_num_queries(4):
        assert client.get("/positions/").status_code == 200


def test_position_detail_offers_prefilled_mailto(client, site_settings):
    position = PositionFactory(title="PhD on flows", contact_email="jobs@example.org")
    html = client.get(position.get_absolute_url()).content.decode()
    assert 'href="mailto:jobs@example.org?subject=Application%3A%20PhD%20on%20flows"' in html


def test_position_list_without_positions_says_so(client, site_settings):
    html = client.get("/positions/").content.decode()
    assert "No positions are advertised right now." in html


FACTS = {
    "teaser": "Three years on learned ocean mixing.",
    "place": "Geesthacht near Hamburg",
    "start": "1 October 2027",
    "duration": "3 years, full time",
}


def test_positions_show_teaser_place_start_and_duration(client, site_settings):
    position = PositionFactory(title="PhD on mixing", slug="mixing", **FACTS)
    details = (
        '<dl class="position-details">\n'
        "  <div><dt>Place</dt><dd>Geesthacht near Hamburg</dd></div>\n"
        "  <div><dt>Start</dt><dd>1 October 2027</dd></div>\n"
        "  <div><dt>Duration</dt><dd>3 years, full time</dd></div>\n"
        "</dl>"
    )
    listed = page_text(client.get("/positions/"))
    assert '<p class="position-teaser">Three years on learned ocean mixing.</p>' in listed
    assert details in listed
    page = page_text(client.get(position.get_absolute_url()))
    assert '<p class="position-teaser">Three years on learned ocean mixing.</p>' in page
    assert details in page
    assert '<meta name="description" content="Three years on learned ocean mixing.">' in page


def test_a_position_shows_only_the_facts_it_has(client, site_settings):
    PositionFactory(title="Bare", place="Hamburg")
    listed = page_text(client.get("/positions/"))
    assert "<dt>Place</dt><dd>Hamburg</dd>" in listed
    assert "<dt>Start</dt>" not in listed and "<dt>Duration</dt>" not in listed
    assert "position-teaser" not in listed
    PositionFactory(title="Barer")
    assert page_text(client.get("/positions/")).count('<dl class="position-details">') == 1


def test_position_list_query_count_with_all_facts(client, site_settings, django_assert_num_queries):
    PositionFactory.create_batch(5, **FACTS)
    with django_assert_num_queries(4):
        assert "Geesthacht near Hamburg" in page_text(client.get("/positions/"))
