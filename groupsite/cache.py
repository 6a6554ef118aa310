"""Whole-page cache for anonymous visitors, shared by every gunicorn worker.

Each cached page is stored under the current *content generation*. Saving or deleting
any content row bumps the generation in the shared cache, so every worker misses on
its very next request and renders fresh. Logged-in users never see cached pages.
"""

import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Paths that are never cached: staff tools, health, uploads (served as files).
UNCACHED_PREFIXES = ("/markdownx/", "/healthz", "/media/", "/static/")
CACHEABLE_TYPES = (
    "text/html", "application/atom+xml", "application/rss+xml", "text/calendar",
    "application/xml", "text/plain", "application/json",
)  # fmt: skip


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, not from 1: if the cache ever drops this key (culling,
        # eviction, a restart), pages stored under an older generation can never match.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_content_generation(**_signal_kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted: any new value invalidates
        cache.set(GENERATION_KEY, content_generation() + 1, timeout=None)


def connect_invalidation() -> None:
    for app_label in settings.CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"page-cache-{model._meta.label_lower}"
            post_save.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-del")
    m2m_changed.connect(bump_content_generation, dispatch_uid="page-cache-m2m")


def _is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith((settings.ADMIN_PREFIX, *UNCACHED_PREFIXES))
    )


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and "no-store" not in response.get("Cache-Control", "")
    )


def _address_digest(request) -> str:
    """Host and full path, hashed: cache keys stay short however long a query string is."""
    address = f"{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(address.encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = f"page:{content_generation()}:{_address_digest(request)}"
            cached = cache.get(key)
        except Exception as error:
            logger.warning("Page cache unavailable: %s", error)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            try:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception as error:
                logger.warning("Page cache unavailable: %s", error)
            response["X-Page-Cache"] = "miss"
        return response
