"""Reads for the landing page, which gathers content from every app."""

from pages.models import LandingSection, SiteSettings
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
