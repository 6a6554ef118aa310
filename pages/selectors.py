"""Reads for the landing page, which gathers content from every app, and for the header
and footer every page shares."""

from dataclasses import dataclass

from groupsite.site.models import SiteSettings
from groupsite.site.selectors import kept_per_worker, site_settings_for_request
from pages.models import LandingSection, Page
from people.models import Position
from publications.selectors import landing_publications
from seminar.models import Session


def landing_page_content(user, site: SiteSettings | None = None) -> dict:
    site = site or SiteSettings.load()
    return {
        "sections": LandingSection.objects.visible_to(user),
        "next_session": Session.objects.published().upcoming().with_listing_data().first(),
        "open_positions": Position.objects.open(),
        "publications_block": site.landing_publications,
        "landing_publications": landing_publications(
            site.landing_publications, site.landing_publications_count
        ),
    }


@dataclass(frozen=True)
class SiteChrome:
    settings: SiteSettings
    navigation_pages: tuple[Page, ...]


def site_chrome_for_request(request) -> SiteChrome:
    """Read once per request however many views and templates ask."""
    if not hasattr(request, "_site_chrome"):
        request._site_chrome = SiteChrome(
            settings=site_settings_for_request(request),
            navigation_pages=kept_per_worker("navigation_pages", _navigation_pages),
        )
    return request._site_chrome


def _navigation_pages() -> tuple[Page, ...]:
    return tuple(Page.objects.in_navigation().only("title", "slug"))
