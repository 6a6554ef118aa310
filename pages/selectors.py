"""Reads for the landing page, which gathers content from every app."""

from pages.models import LandingSection
from people.models import Position
from seminar.models import Session


def landing_page_content() -> dict:
    return {
        "sections": LandingSection.objects.published(),
        "next_session": Session.objects.published().upcoming().with_listing_data().first(),
        "open_positions": Position.objects.open(),
    }
