"""Reads for the landing page, which gathers content from every app, and for the header
and footer every page shares."""

import time
from dataclasses import dataclass

from django.conf import settings as django_settings

from groupsite.http.cache import content_generation
from pages.models import LandingSection, Page, SiteSettings
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


# What every page's header and footer show changes only with an edit, so each worker
# keeps it until the content generation moves, and at most SITE_CHROME_SECONDS (scheduled
# pages appear in the navigation by then).
_chrome: dict[str, tuple] = {}


def site_chrome_for_request(request) -> SiteChrome:
    """Read once per request however many views and templates ask."""
    if not hasattr(request, "_site_chrome"):
        request._site_chrome = site_chrome()
    return request._site_chrome


def site_settings_for_request(request) -> SiteSettings:
    return site_chrome_for_request(request).settings


def site_chrome() -> SiteChrome:
    try:
        generation = content_generation()
    except Exception:  # no shared cache: read afresh
        generation = None
    kept = _chrome.get("current")
    if kept and generation is not None and kept[0] == generation and kept[1] > time.monotonic():
        return kept[2]
    lifetime = django_settings.SITE_CHROME_SECONDS
    settings = SiteSettings.load()
    # The footer lists them; fetched now so that pages reuse them.
    settings.partner_logo_list = list(settings.partner_logos.all())
    chrome = SiteChrome(
        settings=settings,
        navigation_pages=tuple(Page.objects.in_navigation().only("title", "slug")),
    )
    if lifetime:
        _chrome["current"] = (generation, time.monotonic() + lifetime, chrome)
    return chrome
