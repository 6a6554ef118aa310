"""Reads of the site's facts, for every page's header and footer, feeds and job postings."""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings as django_settings

from groupsite.http.cache import content_generation
from groupsite.site.models import SiteSettings

T = TypeVar("T")

# What every page's header and footer show changes only with an edit, so each worker
# keeps it until the content generation moves, and at most SITE_CHROME_SECONDS (scheduled
# pages appear in the navigation by then).
_kept: dict[str, tuple] = {}


def kept_per_worker(key: str, read: Callable[[], T]) -> T:
    """``read()`` once per worker until content changes or SITE_CHROME_SECONDS pass."""
    try:
        generation = content_generation()
    except Exception:  # no shared cache: read afresh
        generation = None
    kept = _kept.get(key)
    if kept and generation is not None and kept[0] == generation and kept[1] > time.monotonic():
        return kept[2]
    value = read()
    lifetime = django_settings.SITE_CHROME_SECONDS
    if lifetime:
        _kept[key] = (generation, time.monotonic() + lifetime, value)
    return value


def forget_kept() -> None:
    """Tests never commit, so the content generation that renews the kept reads never moves."""
    _kept.clear()


def site_settings_for_request(request) -> SiteSettings:
    """Read once per request however many views, feeds and templates ask."""
    if not hasattr(request, "_site_settings"):
        request._site_settings = kept_per_worker("site_settings", _site_settings)
    return request._site_settings


def _site_settings() -> SiteSettings:
    settings = SiteSettings.load()
    # The footer lists them; fetched now so that pages reuse them.
    settings.partner_logo_list = list(settings.partner_logos.all())
    return settings
