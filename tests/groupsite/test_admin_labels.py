"""Admin labels spelled as people write them: URL, YouTube; one note on the time zone."""

import pytest

from groupsite.site.models import SiteSettings
from seminar.models import Series, Session

pytestmark = pytest.mark.django_db


def test_url_and_youtube_labels_are_spelled_right(admin_client, site_settings):
    labels = {field.name: str(field.verbose_name) for field in SiteSettings._meta.fields}
    assert labels["youtube_channel_url"] == "YouTube channel URL"
    assert labels["code_hosting_url"] == "code hosting URL"
    assert Series._meta.get_field("youtube_channel_url").verbose_name == "YouTube channel URL"
    assert Session._meta.get_field("livestream_url").verbose_name == "live-stream URL"
    html = admin_client.get("/admin/site/sitesettings/1/change/").content.decode()
    assert ">YouTube channel URL:</label>" in html
    assert "Youtube" not in html and " url:" not in html


def test_the_browser_time_zone_note_is_hidden_where_the_zone_is_named(admin_client, settings):
    """Django's script adds "You are N hours behind server time" beside every date-time
    field; the help texts name the zone, so admin.css hides the script's note."""
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert ".timezonewarning { display: none; }" in css
    html = admin_client.get("/admin/seminar/session/add/").content.decode()
    assert "css/admin.css" in html and "the series' zone." in html
