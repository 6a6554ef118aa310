"""What every API response gets, cached or not: validators with 304, CORS, no cookies,
and JSON for an unknown address (404) or method (405, with ``Allow: GET, HEAD``).

A browser asks before a cross-origin GET that carries ``If-None-Match`` or
``If-Modified-Since`` (they are not "simple" headers): ``OPTIONS`` with
``Access-Control-Request-Method`` is answered 204 with the methods and headers allowed,
and remembered for PREFLIGHT_MAX_AGE; a preflight for any other method gets the 405.

Sits outside the page cache, so a cached response is still checked against the
client's ``If-None-Match``/``If-Modified-Since`` and answered with 304 when it matches.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import set_response_etag

from groupsite.http.conditional import answer_conditionally

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
CONDITIONAL_HEADERS = ("If-None-Match", "If-Modified-Since")
CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers")
# Seconds a browser may reuse a preflight answer (Chromium keeps it at most 2 hours).
PREFLIGHT_MAX_AGE = 7200


class ApiResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if _is_read_preflight(request):
            return _preflight_answer()
        # HEAD is answered as GET without the body (the operations declare GET only).
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self._respond(request)
        finally:
            if head:
                request.method = "HEAD"
        if head and not response.streaming and response.content:
            # The page cache stored its own copy; only this one loses its body.
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    def _respond(self, request):
        response = _json_errors(request, self.get_response(request))
        # The API is public and stateless: never a session or CSRF cookie.
        response.cookies.clear()
        _drop_vary_cookie(response)
        if request.method not in READ_METHODS:
            return response
        response["Access-Control-Allow-Origin"] = "*"
        # Scripts of other sites may read the validator they send back in If-None-Match.
        response["Access-Control-Expose-Headers"] = "ETag"
        if response.status_code != 200 or response.streaming:
            return response
        # The same for everyone (only what visitors may see): caches in front may keep it.
        response["Cache-Control"] = f"public, max-age={settings.PROXY_CACHE_SECONDS}"
        if not response.has_header("ETag"):
            set_response_etag(response)
        conditional = answer_conditionally(request, response, CORS_HEADERS)
        return conditional


def _is_read_preflight(request) -> bool:
    return (
        request.method == "OPTIONS"
        and request.headers.get("Access-Control-Request-Method") in READ_METHODS
    )


def _preflight_answer() -> HttpResponse:
    answer = HttpResponse(status=204)
    answer["Access-Control-Allow-Origin"] = "*"
    answer["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
    answer["Access-Control-Allow-Headers"] = ", ".join(CONDITIONAL_HEADERS)
    answer["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return answer


def _json_errors(request, response):
    """An unknown address or method under the API answers JSON, like every API error,
    not the site's HTML error page; a 405 names the methods there are."""
    if response.status_code not in (404, 405) or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    if response.status_code == 405:
        answer = JsonResponse(
            {"detail": "The API is read-only: it answers GET and HEAD only."}, status=405
        )
        answer["Allow"] = ", ".join(READ_METHODS)
        return answer
    return JsonResponse(
        {"detail": f"There is no API address {request.path}; the operations are listed at "
         f"{request.build_absolute_uri(reverse('api_docs:docs'))}."},
        status=404,
    )  # fmt: skip


def _drop_vary_cookie(response) -> None:
    if not response.has_header("Vary"):
        return
    kept = [h.strip() for h in response["Vary"].split(",") if h.strip().lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
