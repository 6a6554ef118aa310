"""The site's facts live in the core: every app reads them there, once per request."""

import pytest

from groupsite.site.selectors import site_settings_for_request

pytestmark = pytest.mark.django_db


def test_site_settings_are_read_once_per_request(rf, site_settings, django_assert_num_queries):
    request = rf.get("/")
    with django_assert_num_queries(2):  # the row and its partner logos
        first = site_settings_for_request(request)
    with django_assert_num_queries(0):
        assert site_settings_for_request(request) is first
    assert first.group_name == site_settings.group_name
    assert first.partner_logo_list == []
