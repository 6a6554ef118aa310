"""A draft member stays hidden even where public content refers to them."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MemberFactory, PositionFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block[1])


@pytest.mark.parametrize(
    "member_state",
    [{"published": False}, {"publish_at": timezone.now() + timedelta(days=3)}],
    ids=["draft", "scheduled"],
)
def test_session_does_not_link_a_hidden_speaker_member(client, site_settings, member_state):
    member = MemberFactory(name="Hidden Person", slug="hidden-person", **member_state)
    speaker = SpeakerFactory(name="Hidden Person", member=member)
    html = client.get(speaker.session.get_absolute_url()).content.decode()
    assert "Hidden Person" in html
    assert "/people/hidden-person/" not in html
    assert "hidden-person" not in json.dumps(json_ld(html))


def test_session_links_a_published_speaker_member_in_page_and_json_ld(client, site_settings):
    member = MemberFactory(name="Known Person", slug="known-person")
    session = SessionFactory()
    SpeakerFactory(session=session, name="Known Person", member=member)
    html = client.get(session.get_absolute_url()).content.decode()
    assert '<a href="/people/known-person/">Known Person</a>' in html
    performer = json_ld(html)["performer"][0]
    assert performer["sameAs"] == ["http://testserver/people/known-person/"]


def test_position_does_not_name_a_draft_contact_member(client, site_settings):
    member = MemberFactory(
        name="Unannounced Hire", slug="unannounced", email="hire@example.org", published=False
    )
    position = PositionFactory(contact_member=member, contact_email="")
    html = client.get(position.get_absolute_url()).content.decode()
    assert "Unannounced Hire" not in html
    assert "/people/unannounced/" not in html
    assert "mailto:hire@example.org" in html


def test_position_names_a_published_contact_member(client, site_settings):
    member = MemberFactory(name="Open Door", slug="open-door", email="door@example.org")
    position = PositionFactory(contact_member=member)
    html = client.get(position.get_absolute_url()).content.decode()
    assert '<a href="/people/open-door/">Open Door</a>' in html
