from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pages.models import Page
from tests.factories import (
    LandingSectionFactory,
    MemberFactory,
    PageFactory,
    PositionFactory,
    SessionFactory,
)
from tests.http import page_text

pytestmark = pytest.mark.django_db
LATER = timezone.now() + timedelta(days=3)


def drafts():
    return {
        "page": PageFactory(published=False).get_absolute_url(),
        "member": MemberFactory(published=False).get_absolute_url(),
        "position": PositionFactory(published=False).get_absolute_url(),
        "session": SessionFactory(published=False).get_absolute_url(),
        "scheduled page": PageFactory(publish_at=LATER).get_absolute_url(),
        "scheduled session": SessionFactory(publish_at=LATER).get_absolute_url(),
    }


def test_visitors_get_404_for_drafts_and_scheduled_items(client, site_settings):
    for kind, url in drafts().items():
        assert client.get(url).status_code == 404, kind


def test_a_logged_in_user_who_is_not_staff_gets_404_for_drafts(
    client, django_user_model, site_settings
):
    user = django_user_model.objects.create_user("reader", password="x", is_active=True)
    client.force_login(user)
    for kind, url in drafts().items():
        assert client.get(url).status_code == 404, kind


def test_staff_preview_drafts_with_a_notice(staff_client, site_settings):
    for kind, url in drafts().items():
        response = staff_client.get(url)
        assert response.status_code == 200, kind
        html = response.content.decode()
        if kind.startswith("scheduled"):
            assert "Visitors will see this from" in html, kind
        else:
            assert "This is a draft: visitors cannot see it." in html, kind


def test_draft_landing_section_shows_to_staff_only(client, staff_user, site_settings):
    LandingSectionFactory(heading="Secret plans", published=False)
    assert "Secret plans" not in page_text(client.get("/"))
    client.force_login(staff_user)
    assert "Secret plans" in client.get("/").content.decode()


def test_scheduled_page_appears_once_its_time_has_come(client, site_settings):
    page = PageFactory(publish_at=timezone.now() + timedelta(hours=1))
    assert client.get(page.get_absolute_url()).status_code == 404
    Page.objects.filter(pk=page.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert client.get(page.get_absolute_url()).status_code == 200


def test_staff_can_look_at_an_expired_position(client, staff_user, site_settings):
    position = PositionFactory(deadline=timezone.localdate() - timedelta(days=1))
    assert client.get(position.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    html = client.get(position.get_absolute_url()).content.decode()
    assert "The deadline has passed: visitors no longer see this position." in html


@pytest.mark.parametrize(
    ("days_left", "badge"), [(0, True), (14, True), (15, False), (None, False)]
)
def test_closing_soon_badge_in_the_last_two_weeks(client, site_settings, days_left, badge):
    deadline = None if days_left is None else timezone.localdate() + timedelta(days=days_left)
    position = PositionFactory(deadline=deadline)
    for url in ("/positions/", position.get_absolute_url(), "/"):
        assert ("Closing soon" in client.get(url).content.decode()) is badge, url


def test_markdown_image_without_alt_text_is_refused():
    page = PageFactory.build(body="Look: ![](/media/editor/chart.png)")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["body"] == [
        "Every image needs alt text describing it: write "
        "![what it shows](/media/editor/chart.png). "
        "For a purely decorative image write ![decorative](/media/editor/chart.png)."
    ]


def test_decorative_markdown_image_is_accepted_and_gets_empty_alt(client, site_settings):
    page = PageFactory(body="![decorative](https://example.org/wave.png)")
    page.full_clean()
    html = client.get(page.get_absolute_url()).content.decode()
    assert '<img src="https://example.org/wave.png" alt="" loading="lazy">' in html


def test_can_preview_is_active_staff_only(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    from groupsite.content.publishing import can_preview

    staff = django_user_model(username="s", is_staff=True, is_active=True)
    assert can_preview(staff) is True
    assert can_preview(django_user_model(username="i", is_staff=True, is_active=False)) is False
    assert can_preview(django_user_model(username="v", is_staff=False, is_active=True)) is False
    assert can_preview(AnonymousUser()) is False


def test_deactivated_staff_see_what_visitors_see(client, staff_user, site_settings):
    # A switched-off account loses every preview (pages, positions, the editor) at once.
    urls = drafts()
    position = PositionFactory(deadline=timezone.localdate() - timedelta(days=1))
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)
    for label, url in [*urls.items(), ("expired position", position.get_absolute_url())]:
        assert client.get(url).status_code == 404, label
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_staff_preview_a_draft_series_page_and_visitors_do_not(client, staff_user, site_settings):
    from tests.factories import SeriesFactory

    series = SeriesFactory(published=False)
    assert client.get(series.get_absolute_url()).status_code == 404
    assert client.get(f"/seminar/{series.slug}/archive/").status_code == 404
    client.force_login(staff_user)
    assert client.get(series.get_absolute_url()).status_code == 200
