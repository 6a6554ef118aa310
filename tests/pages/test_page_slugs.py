"""A page slug never hides another part of the site, wherever the admin lives."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import clear_url_caches

import config.urls
from pages.models import validate_page_slug


@pytest.fixture
def admin_at_staff_desk():
    with override_settings(ADMIN_URL="staff-desk/"):
        importlib.reload(config.urls)
        clear_url_caches()
        yield
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "slug",
    ["admin", "seminar", "people", "positions", "healthz", "robots.txt", "sitemap.xml",
     "favicon.ico", "markdownx", "static", "media", "news", "publications", "api", "de", "en"],
)  # fmt: skip
def test_site_paths_are_refused(slug):
    with pytest.raises(ValidationError):
        validate_page_slug(slug)


@pytest.mark.parametrize("slug", ["teaching", "imprint", "staff-desk", "adminstration"])
def test_free_slugs_are_accepted(slug):
    validate_page_slug(slug)


def test_a_custom_admin_url_is_refused_and_admin_becomes_free(admin_at_staff_desk):
    with pytest.raises(ValidationError, match="“staff-desk” is already used"):
        validate_page_slug("staff-desk")
    validate_page_slug("admin")
