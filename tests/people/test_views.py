from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    AuthorshipFactory,
    MemberFactory,
    PositionFactory,
    PublicationFactory,
    SessionFactory,
    SpeakerFactory,
    image_upload,
)
from tests.http import german_text, page_text

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
    assert "Postdoctoral researcher, 2018–2021; now at Elsewhere University" in html


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
    assert '<p class="position-apply"><a class="button" href="mailto:jobs@' in html  # spaced


def test_position_list_without_positions_says_so(client, site_settings):
    html = client.get("/positions/").content.decode()
    assert "No positions are advertised right now." in html


def test_people_page_is_one_grid_with_each_role_heading_once(client, site_settings):
    MemberFactory.create_batch(3, role="phd", research_interest="Flows for data assimilation")
    MemberFactory(name="Lee Leader", role="leader", research_interest="Inference for simulators")
    html = client.get("/people/").content.decode()
    assert html.count('<div class="people-grid">') == 1
    # The role is the group's heading, never repeated under each name.
    assert html.count("PhD student") == 1 and ">PhD students</h2>" in html
    assert html.count("Group leader") == 1
    assert 'class="people-group span-3"' in html and 'class="people-group span-1"' in html
    assert html.count('<span class="member-interest">Flows for data assimilation</span>') == 3
    assert '<span class="member-interest">Inference for simulators</span>' in html


def test_a_member_s_own_title_still_shows_in_the_grid(client, site_settings):
    MemberFactory(role="other", title="Scientific coordinator")
    html = client.get("/people/").content.decode()
    assert '<span class="member-title">Scientific coordinator</span>' in html


def test_a_large_role_group_spans_at_most_the_five_columns(client, site_settings):
    MemberFactory.create_batch(7, role="phd")
    assert 'class="people-group span-5"' in client.get("/people/").content.decode()


def test_alumni_show_a_single_year_once(client, site_settings):
    MemberFactory(name="Summer Visitor", role="visitor", title="Visiting researcher (summer 2022)",
                  start_date=date(2022, 6, 1), end_date=date(2022, 9, 30))  # fmt: skip
    MemberFactory(name="Short Stay", role="master", start_date=date(2021, 2, 1),
                  end_date=date(2021, 8, 31))  # fmt: skip
    html = client.get("/people/").content.decode()
    assert "2022–2022" not in html and "2021–2021" not in html
    # The year already in the title is not said again.
    assert "Visiting researcher (summer 2022)</li>" in html.replace("\n", "")
    assert "Master's student, 2021</li>" in html.replace("\n", "").replace("&#x27;", "'")


def test_member_page_lists_talks_and_news_before_the_papers(client, site_settings):
    member = MemberFactory(name="Ada", research_interest="Learned closures")
    talk = SessionFactory(title="My talk", start=timezone.now() - timedelta(days=3))
    SpeakerFactory(session=talk, member=member, name="Ada", affiliation="Test Institute")
    AuthorshipFactory(publication=PublicationFactory(title="A long paper"), member=member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert html.index('id="talks-heading"') < html.index('id="publications-heading"')
    assert '<p class="member-interest">Learned closures</p>' in html
    assert 'class="item session-item' in html
    assert '<span class="affiliation">, Test Institute</span>' in html


@pytest.mark.parametrize("count", [1, 6])
def test_member_page_query_count_does_not_grow_with_talks(
    client, site_settings, django_assert_num_queries, count
):
    member = MemberFactory()
    for _ in range(count):
        talk = SessionFactory(youtube_video="dQw4w9WgXcQ", start=timezone.now() - timedelta(days=3))
        SpeakerFactory(session=talk, member=member)
        SpeakerFactory(session=talk)
    # settings, navigation, member, papers, talks, their speakers, news, partner logos
    with django_assert_num_queries(8):
        html = client.get(member.get_absolute_url()).content.decode()
    assert html.count('<span class="badge badge-recording">') == count


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


def test_people_page_speaks_german_with_german_active(site_settings):
    MemberFactory(name="Pat Student", role="phd")
    MemberFactory(name="Old Timer", role="postdoc", start_date=date(2018, 1, 1),
                  end_date=date(2021, 6, 30), now_at="Elsewhere University")  # fmt: skip
    html = german_text("/people/")
    assert "<title>Team · Test Group</title>" in html
    assert "<h1>Team</h1>" in html
    assert '<h2 id="alumni-heading">Ehemalige</h2>' in html
    assert "; inzwischen bei Elsewhere University</li>" in html
    assert '<a class="skip-link" href="#main">Zum Inhalt springen</a>' in html
    assert '<nav aria-label="Hauptnavigation">' in html
    assert ">Veröffentlichungen</a></li>" in html and ">Stellenangebote</a></li>" in html
    assert "<h1>People</h1>" not in html and "now at" not in html


def test_position_page_speaks_german_with_german_active(site_settings):
    position = PositionFactory(title="PhD in ML", contact_email="jobs@example.org")
    html = german_text(position.get_absolute_url())
    assert "?subject=Bewerbung%3A%20PhD%20in%20ML" in html
    assert ">Per E-Mail bewerben</a>" in html
    assert ">Alle offenen Stellen</a>" in html
