"""Reads for the landing page, which gathers content from every app."""

from pages.models import LandingSection
from people.models import Position
from seminar.models import Session


def landing_page_content(user) -> dict:
    return {
        "sections": LandingSection.objects.visible_to(user),
        "next_session": Session.objects.published().upcoming().with_listing_data().first(),
        "open_positions": Position.objects.open(),
    }
