"""The site's own facts (group name, host institution, city) for code that cannot import the
app that stores them.

``pages`` keeps the editable SiteSettings row and registers its loader here in its
AppConfig.ready(); people and seminar views and feeds ask ``site_facts(request)`` and so
never import pages (the layers contract in pyproject.toml forbids it).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_loader: Callable[[Any], Any] | None = None


def register_site_facts(loader: Callable[[Any], Any]) -> None:
    """Called once by the app that owns the site settings: ``loader(request)`` returns an
    object with ``group_name``, ``host_institution``, ``city``, … (read once per request)."""
    global _loader
    _loader = loader


def site_facts(request):
    if _loader is None:
        raise ImproperlyConfigured("No installed app registered the site's facts.")
    return _loader(request)
