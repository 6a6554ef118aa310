"""A 304 when the client's validators match: one implementation for the page cache's
hits and the API's fresh answers."""

from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe


def answer_conditionally(request, response, kept: tuple[str, ...] = ()):
    """``response``, or a 304 (or 412) when the request's If-None-Match or
    If-Modified-Since matches its ETag/Last-Modified; the 304 repeats the ``kept``
    headers the response has (Django's own copies only the validators and caching)."""
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
    if conditional is not response:
        for name in kept:
            if response.has_header(name):
                conditional[name] = response[name]
    return conditional
