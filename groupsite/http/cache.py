"""Whole-page cache for anonymous visitors, shared by every gunicorn worker.

Each cached page is stored under the current *content generation*. Saving or deleting a
row visitors see (PAGE_CACHE_PUBLIC_MODELS) bumps the generation in the shared cache
once the change is committed, so every worker misses on its very next request and
renders fresh; private workflow rows (a speaker's invitation or submission) never do.
Logged-in users never see cached pages. Pages are keyed by scheme, host, path and the
query parameters views read (PAGE_CACHE_QUERY_PARAMETERS): tracking parameters and any
other unknown ones share the page without them. A view that reads none of them (the
landing page, a member page) says so with ``page_cache_query_parameters = ()``, so
/?page=2 … /?page=N are one page, not N renders. A search (``q``) is never kept: each
distinct search would be one more entry, as many as visitors care to type, and a search
is rarely asked twice; one that means no search (only spaces or NUL characters, which
the views read as spaces) is the page without ``q``, and the view is handed the request
without it, so the page it renders is exactly the one kept for that address. A cache
that fails never fails a request or a save.

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
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from groupsite.http.conditional import answer_conditionally
from groupsite.http.locale import path_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# Paths that are never cached: staff tools, health, uploads (served as files).
FILE_PREFIXES = ("/media/", "/static/")
UNCACHED_PREFIXES = ("/markdownx/", "/healthz", *FILE_PREFIXES)
MAX_PARAMETER_LENGTH = 200
SEARCH_PARAMETER = "q"
# What a 304 from a kept answer repeats besides the validators (the API's CORS).
KEPT_ON_304 = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "X-Page-Cache")
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
    """Only the models visitors see (PAGE_CACHE_PUBLIC_MODELS) invalidate, and only the
    links of their own many-to-many fields: a private row never flushes the cache."""
    for label in settings.PAGE_CACHE_PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump_content_generation, sender=model, dispatch_uid=uid + "-del")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                bump_content_generation, sender=through, dispatch_uid=f"{uid}-{field.name}"
            )


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
    it reads, else every parameter some view reads (PAGE_CACHE_QUERY_PARAMETERS). The
    path is resolved in its own language (this runs before the locale middleware, and
    /de/… only resolves with German active), so the memo holds one answer per path."""
    with translation.override(path_language(request.path_info)):
        declared = _declared_parameters(request.path_info, getattr(request, "urlconf", None))
    return settings.PAGE_CACHE_QUERY_PARAMETERS if declared is None else set(declared)


def means_no_search(value: str) -> bool:
    """Only spaces and NUL characters: every view reads a NUL as a space and ignores
    spaces around words, so such a search finds everything, as no search does."""
    return not value.replace("\x00", " ").split()


def drop_empty_search(request) -> None:
    """Hands the view the request without a ``q`` that means no search (its last value,
    the one views read), so the page rendered is the one kept without ``q``."""
    searches = request.GET.getlist(SEARCH_PARAMETER)
    if searches and means_no_search(searches[-1]):
        query = request.GET.copy()
        del query[SEARCH_PARAMETER]
        request.GET = query


def page_key(request) -> str | None:
    """The cache key of this request's page, or None when it is not worth keeping:
    a search, or a parameter value longer than any real filter. One key per address,
    whatever the generation: the entry says which generation it belongs to, so a new
    generation overwrites the old copies instead of adding to them. The page's language
    (from the path, as the locale middleware reads it) is part of the key: English and
    German copies never share an entry, whatever else the address has in common."""
    known = query_parameters(request)
    # Views read the last value of a repeated parameter (QueryDict.get): key on that one,
    # so ?year=2020&year=2021 and ?year=2021&year=2020 (different pages) never share a key.
    parameters = sorted(
        (name, values[-1]) for name, values in request.GET.lists() if name in known and values
    )
    if any(
        len(value) > MAX_PARAMETER_LENGTH or name == SEARCH_PARAMETER for name, value in parameters
    ):
        return None
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(parameters)}"
    language = path_language(request.path_info)
    return f"page:{language}:{hashlib.sha256(address.encode()).hexdigest()}"


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


def _cached(key: str) -> tuple[int, tuple | None]:
    """The current generation and this key's stored answer if it belongs to it: one
    round trip to the cache (two small file reads with the file cache)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = content_generation()
    entry = found.get(key)
    return generation, entry if entry is not None and entry[0] == generation else None


def _store(key: str, generation: int, response) -> None:
    """Everything a hit needs, as plain values: the status, every header the whole
    middleware stack set (CSP, security headers, Cache-Control, ETag, CORS,
    Content-Length) and the body, so serving it is one read and no other work."""
    headers = dict(response.items())
    headers["Content-Length"] = str(len(response.content))
    try:
        cache.set(
            key,
            (generation, response.status_code, headers, response.content),
            settings.PAGE_CACHE_SECONDS,
        )
    except Exception as error:
        logger.warning("Page cache unavailable: %s", error)


def _from_entry(entry) -> HttpResponse:
    _generation, status, headers, body = entry
    response = HttpResponse(body, status=status, headers=headers)
    response["X-Page-Cache"] = "hit"
    return response


def _answer_hit(request, entry):
    """The stored answer, or 304 when the client's validators match it (the API's
    ETag and Last-Modified come with it); HEAD gets the headers without the body."""
    response = _from_entry(entry)
    if response.has_header("ETag") and (
        "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
    ):
        conditional = answer_conditionally(request, response, KEPT_ON_304)
        if conditional is not response:
            return conditional
    if request.method == "HEAD":
        response.content = b""  # its Content-Length stays the body's, as for GET
    return response


def _holds_cookie(request) -> bool:
    return bool({settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} & request.COOKIES.keys())


def _key_and_entry(request):
    """(key, generation, entry), or None when the cache is down: never a failed request.
    An address Django refuses (a host not in ALLOWED_HOSTS) has no key."""
    try:
        if _bump_failed:
            _bump_now()
        drop_empty_search(request)
        key = page_key(request)
        if key is None:
            return None, 0, None
        return (key, *_cached(key))
    except DisallowedHost:
        return None, 0, None
    except Exception as error:
        logger.warning("Page cache unavailable: %s", error)
        return None


class PageCacheMiddleware:
    """First in MIDDLEWARE: a visitor without a session or CSRF cookie (nearly all) gets
    a kept page before any other middleware runs, so a hit costs one cache read and
    building the response, no CSP, session, CSRF, authentication or API work. What is
    kept is the answer as the whole stack finished it, and only one the stack declared
    ``public`` (CacheHeadersMiddleware and the API say who may keep what)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_SECONDS
            or not _is_cacheable_request(request)
            or _holds_cookie(request)
        ):
            return self.get_response(request)
        found = _key_and_entry(request)
        if found is None or found[0] is None:
            return self.get_response(request)
        key, generation, entry = found
        if entry is not None:
            return _answer_hit(request, entry)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and _is_cacheable_response(response)
            and "public" in response.get("Cache-Control", "")
        ):
            _store(key, generation, response)
            response["X-Page-Cache"] = "miss"
        return response


class AnonymousPageCacheMiddleware:
    """After authentication: an anonymous visitor who holds a session or CSRF cookie (a
    made-up one, or one a form handed out) gets the page kept for everyone, with its
    caching headers decided again for them (private); a real login never does. It
    keeps nothing itself: only answers finished for visitors without cookies are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_SECONDS
            or not _is_cacheable_request(request)
            or not _holds_cookie(request)
        ):
            return self.get_response(request)
        found = _key_and_entry(request)
        if found is None or found[2] is None:
            return self.get_response(request)
        response = _from_entry(found[2])
        del response["Cache-Control"]  # CacheHeadersMiddleware decides for this visitor
        return response
