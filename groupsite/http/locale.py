"""The page's language comes from its address alone: /de/… is German, every other address
English (LANGUAGE_CODE), the API and the feeds' old addresses included. The admin follows
the staff member's browser language instead.

Django's LocaleMiddleware would also read a language cookie and the Accept-Language header
for addresses outside i18n_patterns, and adds ``Vary: Accept-Language`` to every
unprefixed answer. Neither fits here: English pages are the same for every visitor (a
Vary would split nginx's micro-cache and every browser cache per Accept-Language value
for nothing), and a visitor is never redirected by their browser's language. The page
cache (groupsite.http.cache) keys on the same language, read by ``path_language``.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def path_language(path: str) -> str:
    """The language of the page at ``path``: its prefix (/de/…), else the default. The
    prefix counts exactly as written, as Django's URL resolver matches it: /DE/ is no
    German page."""
    language = translation.get_language_from_path(path)
    if language in dict(settings.LANGUAGES) and path.split("/", 2)[1:2] == [language]:
        return language
    return settings.LANGUAGE_CODE


def is_admin(request) -> bool:
    return request.path_info.startswith(settings.ADMIN_PREFIX)


class PathLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware's place (after sessions, before CommonMiddleware), the path's
    language only: no cookie, no Accept-Language, no redirect, no Vary.

    The admin is the exception: it is for staff, never cached for others, and has no /de/
    address, so it speaks the language of the staff member's browser (Accept-Language,
    or Django's language cookie), German or English."""

    def process_request(self, request):
        if is_admin(request):
            translation.activate(translation.get_language_from_request(request))
        else:
            translation.activate(path_language(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if is_admin(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        # The answer is rendered: the thread goes back to the default, so nothing outside
        # this request (the next request's page cache lookup, a test's reverse()) sees it.
        translation.deactivate()
        return response
