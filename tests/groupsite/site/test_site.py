"""The site's facts live in the core: every app reads them there, once per request."""

import pytest

from groupsite.site.selectors import site_settings_for_request
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def test_site_settings_are_read_once_per_request(rf, site_settings, django_assert_num_queries):
    request = rf.get("/")
    with django_assert_num_queries(2):  # the row and its partner logos
        first = site_settings_for_request(request)
    with django_assert_num_queries(0):
        assert site_settings_for_request(request) is first
    assert first.group_name == site_settings.group_name
    assert first.partner_logo_list == []


def test_staff_fill_in_the_postal_address_in_the_site_settings(admin_client, site_settings):
    url = f"/admin/site/sitesettings/{site_settings.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "Postal address" in page and "no map is embedded" in page
    data = form_data(page, "sitesettings_form")
    data |= {"street_address": "Max-Planck-Straße 1", "postal_code": "21502",
             "city": "Geesthacht", "country_en": "Germany",
             "map_url": "https://www.openstreetmap.org/#map=17/53.40/10.43"}  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    site_settings.refresh_from_db()
    assert site_settings.postal_address_lines == [
        "Test Institute", "Max-Planck-Straße 1", "21502 Geesthacht", "Germany",
    ]  # fmt: skip
    assert site_settings.map_url == "https://www.openstreetmap.org/#map=17/53.40/10.43"


def test_a_city_alone_makes_no_postal_address(site_settings):
    site_settings.city = "Geesthacht"
    assert site_settings.postal_address_lines == []
    site_settings.postal_code = "21502"
    assert site_settings.postal_address_lines == ["Test Institute", "21502 Geesthacht"]
