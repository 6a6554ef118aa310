"""Whole-page cache for anonymous visitors, shared by every gunicorn worker.

Each cached page is stored under the current *content generation*. Saving or deleting
any content row bumps the generation in the shared cache once the change is committed,
so every worker misses on its very next request and renders fresh. Logged-in users never
see cached pages. Pages are keyed by scheme, host, path and the query parameters views
read (PAGE_CACHE_QUERY_PARAMETERS): tracking parameters and any other unknown ones share
the page without them. A view that reads none of them (the landing page, a member page)
says so with ``page_cache_query_parameters = ()``, so /?page=2 … /?page=N are one page,
not N renders. A cache that fails never fails a request or a save.

The same middleware tells caches in front (nginx's micro-cache, browsers) what they may
keep: anonymous pages are `public` for PROXY_CACHE_SECONDS, since nginx cannot see an
edit the way the generation does; anything answering a session or CSRF cookie, or
setting a cookie, is `private, no-store`; everything else `no-cache`. Every such
response varies on Cookie.
"""

import hashlib
import logging
import time
from functools import lru_cache
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Paths that are never cached: staff tools, health, uploads (served as files).
FILE_PREFIXES = ("/media/", "/static/")
UNCACHED_PREFIXES = ("/markdownx/", "/healthz", *FILE_PREFIXES)
MAX_PARAMETER_LENGTH = 200
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


def bump_content_generation(using=None, **_signal_kwargs) -> None:
    """Invalidate every cached page once the current transaction commits: bumped any
    earlier, a visitor's request could store the old page under the new generation."""
    transaction.on_commit(_bump_now, using=using)


_bump_failed = False  # retried by this worker's next cached request


def _bump_now() -> None:
    global _bump_failed
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet, or evicted: any new value invalidates
            cache.set(GENERATION_KEY, content_generation() + 1, timeout=None)
    except Exception as error:
        _bump_failed = True
        logger.warning("Page cache unavailable; cached pages may be old: %s", error)
    else:
        _bump_failed = False


def connect_invalidation() -> None:
    for app_label in settings.CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"page-cache-{model._meta.label_lower}"
            post_save.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-del")
    m2m_changed.connect(bump_content_generation, dispatch_uid="page-cache-m2m")


def _is_cacheable_request(request) -> bool:
    # Asks the session only when a cookie came: a made-up session id costs one lookup,
    # not a render.
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith((settings.ADMIN_PREFIX, *UNCACHED_PREFIXES))
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


#: Resolved paths remembered per worker, and the longest path remembered. At most about
#: MEMO_SIZE x MEMO_PATH_LENGTH bytes of paths (0.25 MB) however many addresses are asked
#: for; a longer path is resolved each time (resolving costs microseconds).
MEMO_SIZE = 1024
MEMO_PATH_LENGTH = 256


def _declared_parameters(path: str, urlconf) -> tuple[str, ...] | None:
    """The ``page_cache_query_parameters`` of the view at ``path``, or None when it
    declares none (or there is no view). Only paths that reach a view are remembered, so
    made-up addresses cannot fill the memo."""
    try:
        if len(path) > MEMO_PATH_LENGTH:
            return _view_parameters(path, urlconf)
        return _remembered_parameters(path, urlconf)
    except Resolver404:  # an exception is never remembered by lru_cache
        return None


def _view_parameters(path: str, urlconf) -> tuple[str, ...] | None:
    match = resolve(path, urlconf)
    view = getattr(match.func, "view_class", match.func)
    declared = getattr(view, "page_cache_query_parameters", None)
    return None if declared is None else tuple(declared)


_remembered_parameters = lru_cache(maxsize=MEMO_SIZE)(_view_parameters)


@receiver(setting_changed)
def _forget_paths(setting, **kwargs) -> None:
    """Another URLconf (tests, override_settings) resolves paths differently."""
    if setting == "ROOT_URLCONF":
        _remembered_parameters.cache_clear()


def query_parameters(request) -> set[str]:
    """The parameters that make a different page at this address: what the view declares
    it reads, else every parameter some view reads (PAGE_CACHE_QUERY_PARAMETERS)."""
    declared = _declared_parameters(request.path_info, getattr(request, "urlconf", None))
    return settings.PAGE_CACHE_QUERY_PARAMETERS if declared is None else set(declared)


def page_key(request) -> str | None:
    """The cache key of this request's page, or None when it is not worth keeping
    (a parameter value longer than any real filter)."""
    known = query_parameters(request)
    # Views read the last value of a repeated parameter (QueryDict.get): key on that one,
    # so ?q=a&q=b and ?q=b&q=a (different pages) never share a key.
    parameters = sorted(
        (name, values[-1]) for name, values in request.GET.lists() if name in known and values
    )
    if any(len(value) > MAX_PARAMETER_LENGTH for _, value in parameters):
        return None
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(parameters)}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{content_generation()}:{digest}"


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and "no-store" not in response.get("Cache-Control", "")
    )


def _is_personal(request, response) -> bool:
    """Answers a visitor who holds a session or CSRF cookie, or hands out a cookie."""
    held = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} & request.COOKIES.keys()
    return bool(held or response.cookies)


def declare_cacheability(request, response):
    """Cache-Control and Vary, so caches in front keep exactly what this cache would."""
    if request.path_info.startswith(FILE_PREFIXES):
        return response  # files carry their own caching headers
    if response.has_header("Cache-Control"):
        return response  # the view decided (the admin, /healthz, the API)
    patch_vary_headers(response, ("Cookie",))
    if _is_personal(request, response):
        response["Cache-Control"] = "private, no-store"
    elif _is_cacheable_request(request) and _is_cacheable_response(response):
        response["Cache-Control"] = f"public, max-age={settings.PROXY_CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "no-cache"
    return response


class CacheHeadersMiddleware:
    """Outside the session and CSRF middleware, so it sees every cookie they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return declare_cacheability(request, self.get_response(request))


class AnonymousPageCacheMiddleware:
    """After authentication, so that only real logins bypass it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            return self.get_response(request)
        try:
            if _bump_failed:
                _bump_now()
            key = page_key(request)
            cached = cache.get(key) if key else None
        except Exception as error:
            logger.warning("Page cache unavailable: %s", error)
            return self.get_response(request)
        if key is None:
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
