"""The same page in every language: the head's hreflang alternates and the language switcher.

``translate_url`` resolves the address in the page's language and reverses the same view
with the same arguments in the other one, so /news/3/ is /de/news/3/ and back. An address
that has no other language (a 404, the admin) leads to that language's landing page.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from groupsite.http.cache import query_parameters

register = template.Library()


def _in_language(request, url: str, code: str, current: str) -> str:
    translated = translate_url(url, code)
    if code == current or translated != url:
        return translated
    with translation.override(code):
        landing = reverse("pages:landing")
    return request.build_absolute_uri(landing) if "://" in url else landing


@register.simple_tag(takes_context=True)
def language_alternates(context, url=None):
    """{% language_alternates canonical_url as alternates %}: (code, local name, address)
    of this page in every language, the current one included, for <link hreflang>.
    Without ``url``, the request's own address with the filters and page a visitor chose
    (only the parameters the view reads, the ones the page cache keys on: a tracking
    parameter in a kept page would be shown to every later visitor)."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    url = url or _address_with_filters(request)
    return [
        (
            code,
            translation.get_language_info(code)["name_local"],
            _in_language(request, url, code, current),
        )
        for code, _name in settings.LANGUAGES
    ]


def _address_with_filters(request) -> str:
    known = query_parameters(request)
    kept = [(name, values[-1]) for name, values in request.GET.lists() if name in known]
    return f"{request.path}?{urlencode(kept)}" if kept else request.path
