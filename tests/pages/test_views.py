from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views.defaults import page_not_found

from groupsite.site.models import SiteSettings
from pages.models import LandingSection, Page
from tests.factories import (
    LandingSectionFactory,
    PageFactory,
    PositionFactory,
    SessionFactory,
    SpeakerFactory,
    image_upload,
)
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_landing_page_query_count(client, site_settings, django_assert_num_queries):
    LandingSectionFactory.create_batch(5)
    PositionFactory.create_batch(3)
    session = SessionFactory(start=timezone.now() + timedelta(days=2))
    SpeakerFactory.create_batch(2, session=session)
    PageFactory.create_batch(3)
    # settings, navigation, next session, its speakers, sections, positions, partner logos
    with django_assert_num_queries(7):
        assert client.get("/").status_code == 200


def test_landing_page_shows_sections_in_order_and_next_session(client, site_settings):
    LandingSectionFactory(heading="Second", order=2)
    LandingSectionFactory(heading="First", order=1)
    LandingSectionFactory(heading="Hidden", published=False)
    SessionFactory(title="Past talk", start=timezone.now() - timedelta(days=7))
    SessionFactory(title="Next talk", start=timezone.now() + timedelta(days=1))
    SessionFactory(title="Later talk", start=timezone.now() + timedelta(days=8))
    html = client.get("/").content.decode()
    assert html.index(">First</h2>") < html.index(">Second</h2>")
    assert "Hidden" not in html
    assert "Next talk" in html and "Later talk" not in html and "Past talk" not in html


def test_landing_page_links_code_youtube_and_mailing_list(client, site_settings):
    html = client.get("/").content.decode()
    for url in ("https://code.example/group", "https://www.youtube.com/channel/UCtest",
                "https://lists.example/join", "/seminar/", "/people/", "/positions/"):  # fmt: skip
        assert f'href="{url}"' in html


def test_landing_page_without_positions_has_a_sensible_line(client, site_settings):
    html = client.get("/").content.decode()
    assert "No positions are advertised right now." in html


def test_landing_page_shows_figure_with_alt_and_caption(client, site_settings):
    LandingSectionFactory(
        figure=image_upload("l96.png", size=(390, 210)),
        figure_alt="A Lorenz-96 run",
        figure_caption="Forty variables over time.",
    )
    html = client.get("/").content.decode()
    assert 'width="390" height="210" alt="A Lorenz-96 run" loading="lazy"' in html
    assert "<figcaption>Forty variables over time.</figcaption>" in html


def test_figure_without_alt_text_is_refused():
    section = LandingSectionFactory.build(figure=image_upload(), figure_alt="")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert error.value.message_dict["figure_alt"] == [
        "Describe the figure, or tick “decorative” if it adds nothing."
    ]


def test_decorative_figure_needs_no_alt_text():
    section = LandingSectionFactory.build(figure=image_upload(), figure_decorative=True)
    section.full_clean()


def test_page_is_served_at_its_slug_and_listed_in_navigation(client, site_settings):
    PageFactory(title="Teaching", slug="teaching", body="We teach **deep learning**.")
    response = client.get("/teaching/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>We teach <strong>deep learning</strong>.</p>" in html
    assert '<a href="/teaching/" aria-current="page">Teaching</a>' in html


def test_unpublished_page_is_404_and_not_in_navigation(client, site_settings):
    PageFactory(slug="draft", title="Draft page", published=False)
    assert client.get("/draft/").status_code == 404
    assert "Draft page" not in page_text(client.get("/"))


def test_page_slug_cannot_take_a_site_path():
    page = PageFactory.build(slug="seminar")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["slug"] == [
        "“seminar” is already used by another part of the site; choose another slug."
    ]


def test_site_settings_is_a_single_row():
    SiteSettings(group_name="One").save()
    SiteSettings(group_name="Two").save()
    assert list(SiteSettings.objects.values_list("pk", "group_name")) == [(1, "Two")]


def test_missing_page_renders_friendly_404(client, site_settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_server_error_page_is_friendly(client, site_settings, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Page.objects, "in_navigation", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in html
    assert "RuntimeError" not in html and "Traceback" not in html


def test_landing_sections_unpublished_are_hidden():
    LandingSectionFactory(published=False)
    assert LandingSection.objects.published().count() == 0


def test_landing_page_and_positions_list_show_a_position_the_same_way(client, site_settings):
    deadline = timezone.localdate() + timedelta(days=5)
    PositionFactory(title="PhD in sea-ice forecasting", level="phd", deadline=deadline)
    PositionFactory(title="Postdoc, open", level="postdoc", deadline=None)
    facts = (
        f'<span class="muted">PhD · apply by {deadline:%-d %B %Y}</span>'
        ' <strong class="badge badge-closing">Closing soon</strong>'
    )
    open_ended = '<span class="muted">Postdoc · open until filled</span>'
    for url in ("/", "/positions/"):
        html = client.get(url).content.decode()
        assert facts in html, url
        assert open_ended in html, url


def test_header_and_footer_facts_are_read_once_per_worker_until_content_changes(
    client, site_settings, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.SITE_CHROME_SECONDS = 60
    client.get("/people/")
    with django_assert_num_queries(2):  # current members, alumni: no settings, navigation
        client.get("/people/")
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.group_name = "Renamed Group"
        site_settings.save()
    assert "Renamed Group" in client.get("/people/").content.decode()


def with_address(site_settings, **changes):
    values = {
        "institute": "Coastal Institute", "street_address": "Max-Planck-Straße 1",
        "postal_code": "21502", "city": "Geesthacht", "country": "Germany",
        "map_url": "https://www.openstreetmap.org/#map=17/53.40/10.43", **changes,
    }  # fmt: skip
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()


def test_a_contact_page_shows_the_postal_address_and_map_link_from_site_settings(
    client, site_settings
):
    with_address(site_settings)
    PageFactory(slug="contact", title="Contact", show_postal_address=True)
    html = page_text(client.get("/contact/"))
    assert (
        '<address><span class="postal-address-name">Test Group</span><br>Coastal Institute'
        "<br>Test Institute<br>Max-Planck-Straße 1<br>21502 Geesthacht<br>Germany</address>"
    ) in html
    assert (
        '<a href="https://www.openstreetmap.org/#map=17/53.40/10.43" class="map-link">'
        "Show the address on a map</a>"
    ) in html
    assert html.index("<h1>Contact</h1>") < html.index("<address>") < html.index("Some <strong>")


def test_no_address_without_a_street_or_postal_code_and_no_map_link_without_one(
    client, site_settings
):
    PageFactory(slug="contact", title="Contact", show_postal_address=True)
    with_address(site_settings, street_address="", postal_code="")  # a city alone is no address
    html = page_text(client.get("/contact/"))
    assert "<address>" not in html and "postal-address" not in html and "map-link" not in html
    with_address(site_settings, map_url="")
    html = page_text(client.get("/contact/"))
    assert "21502 Geesthacht" in html and "map-link" not in html


def test_only_pages_that_ask_for_it_show_the_address(client, site_settings):
    with_address(site_settings)
    PageFactory(slug="about", title="About")
    html = page_text(client.get("/about/"))
    assert "Max-Planck-Straße" not in html and "map-link" not in html


def test_missing_page_renders_friendly_404_in_german_with_german_active(site_settings):
    request = RequestFactory().get("/keine-seite/")
    request.user = AnonymousUser()
    with translation.override("de"):
        response = page_not_found(request, Http404())
    html = page_text(response, 404)
    assert "<title>Seite nicht gefunden · Test Group</title>" in html
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert "Unter dieser Adresse gibt es keine Seite." in html
    assert ">Seminartermine und Aufzeichnungen</a></li>" in html
    assert "Page not found" not in html
