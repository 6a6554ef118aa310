"""The session form fits a 1280 px screen: speakers as a compact stacked inline, the
invitation state and the speaker's own answers first, the profile folded away."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin

from seminar.admin import SpeakerInline
from seminar.models import Session
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_speakers_are_a_stacked_inline_with_the_invitation_first():
    inline = SpeakerInline(Session, admin.site)
    assert isinstance(inline, admin.StackedInline)
    (_, first), (title, profile) = inline.get_fieldsets(request=None)
    assert first["fields"][0] == ("invitation_state", "livestream_consent", "recording_consent")
    assert first["fields"][1] == ("name", "affiliation")
    assert title.startswith("Profile") and profile["classes"] == ["collapse"]
    assert {"bio", "portrait", "member"} <= set(profile["fields"])


def test_the_change_form_shows_the_invitation_before_the_name(admin_client):
    speaker = SpeakerFactory(name="Ada Lovelace")
    html = admin_client.get(f"/admin/seminar/session/{speaker.session_id}/change/").content
    html = html.decode()
    first = html.index('id="speakers-0"')
    order = [html.index(marker, first) for marker in (
        "field-invitation_state", 'name="speakers-0-livestream_consent"',
        'name="speakers-0-recording_consent"', 'name="speakers-0-name"',
        'name="speakers-0-bio"',
    )]  # fmt: skip
    assert order == sorted(order)
    assert "Not invited" in html[first : order[3]]
    # No table of fourteen columns any more.
    assert not re.search(r'<table[^>]*>\s*<thead>\s*<tr>\s*<th class="original"', html)
    # The bio sits in a folded fieldset.
    assert re.search(r"<details[^>]*>\s*<summary>.*Profile", html, re.S)


def test_admin_shows_24_hour_times(admin_client):
    series = SeriesFactory(time_zone="Europe/Berlin")
    session = SessionFactory(
        series=series, title="Afternoon talk",
        start=datetime(2030, 6, 4, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    )  # fmt: skip
    listing = admin_client.get("/admin/seminar/session/").content.decode()
    assert "4 Jun 2030, 15:00" in listing
    assert "p.m." not in listing
    change = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    assert re.search(r'<input type="text" name="start_1" value="15:00"', change)


def test_the_speaker_invitations_page_scrolls_its_table_and_styles_its_buttons(admin_client):
    session = SessionFactory(title="Flows")
    SpeakerFactory(session=session, name="Ada", email="ada@example.org")
    url = f"/admin/seminar/session/{session.pk}/speakers/"
    admin_client.post(url, {"speaker": session.speakers.get().pk, "do": "invite"})
    html = admin_client.get(url).content.decode()
    assert '<div class="table-scroll">\n<table class="speaker-invitations">' in html
    assert 'href="/static/css/admin.css"' in html or "css/admin." in html
    assert '<button type="submit" class="button" name="do" value="invite">' in html
    assert '<button type="submit" class="button" name="do" value="revoke">' in html
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", crumbs)).strip() == (
        f"Home › Seminar › Sessions › {session} › Speaker invitations"
    )


def test_consent_now_is_one_line_per_speaker_and_the_answer_help_is_said_once(admin_client):
    session = SessionFactory()
    SpeakerFactory(session=session, name="Ada <Lovelace>", livestream_consent=True)
    SpeakerFactory(session=session, name="Grace Hopper", recording_consent=False)
    html = admin_client.get(f"/admin/seminar/session/{session.pk}/change/").content.decode()
    readonly = re.search(
        r'field-consent_state.*?<div class="readonly">(.*?)</div>', html, re.S
    ).group(1)
    lines = readonly.split("<br>")
    assert len(lines) == 3
    assert lines[1].startswith("Ada &lt;Lovelace&gt;: stream yes, recording not answered")
    assert lines[2].startswith("Grace Hopper: stream not answered")
    assert html.count("Their own answer, from their approved form.") == 0
    assert html.count("“Unknown” means not answered on their form") == 1
    # admin.css widens these (.model-session .field-… .vTextField); the title shares its
    # row with its German version.
    for row, name in (("title_en field-title_de", "title_en"), ("slug", "slug"),
                      ("location", "location")):  # fmt: skip
        assert re.search(rf'<div class="form-row field-{row}">', html)
        assert re.search(rf'<input type="text" name="{name}"[^>]*class="vTextField', html)
