"""The read-only JSON API, version 1: everything a visitor may see, as data.

Each app's endpoints live in a router under api/routers/; a new app (publications,
say) adds its router module there and one ``add_router`` line below.
"""

from functools import cache

from django.urls import reverse
from django.utils.http import http_date
from ninja import NinjaAPI
from ninja.errors import ValidationError

from api.routers import news, people, publications, seminar
from api.schemas import IndexOut

DESCRIPTION = """Read-only data of this site: seminar series and sessions (with speakers),
current members and alumni, open positions, news, and publications with their authors.
Only what visitors may see on the site is here; drafts and scheduled items appear when
they are published.

Times are ISO 8601 with their UTC offset (sessions in their series' time zone), links
are absolute, and lists come in pages with a stable order and a `next` link. Responses
carry `ETag` and `Last-Modified` and answer conditional requests with `304`. Any site
may read the API from a browser (`Access-Control-Allow-Origin: *` on GET).
"""


class ReadOnlyAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # When this body was made; a cached copy keeps it, so clients can revalidate.
        response["Last-Modified"] = http_date()
        return response


api = ReadOnlyAPI(
    title="Group website API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs_url=None,  # our own page (api/views.py): no CDN, and under the site's CSP
)


@api.exception_handler(ValidationError)
def bad_parameters(request, error):
    """A parameter of the wrong form is the client's mistake: 400, saying which and why."""
    problems = [
        {"parameter": str(problem["loc"][-1]), "message": problem["msg"]}
        for problem in error.errors
    ]
    return api.create_response(request, {"detail": problems}, status=400)


api.add_router("/", seminar.router, tags=["Seminar"])
api.add_router("/", people.router, tags=["People"])
api.add_router("/", news.router, tags=["News"])
api.add_router("/", publications.router, tags=["Publications"])


@cache
def list_paths() -> dict[str, str]:
    """Every list of the API by name (the GET operations without path parameters), read
    once from the API's own OpenAPI document so that a new router appears by itself."""
    paths = api.get_openapi_schema()["paths"]
    return {
        path.rstrip("/").rsplit("/", 1)[-1]: path
        for path, operations in paths.items()
        if "get" in operations and "{" not in path and path.rstrip("/") != "/api/v1"
    }


@api.get(
    "/",
    response=IndexOut,
    summary="Index",
    description="Links to every list, the OpenAPI document and the documentation page.",
    tags=["Index"],
)
def index(request):
    absolute = request.build_absolute_uri
    return {
        "lists": {name: absolute(path) for name, path in sorted(list_paths().items())},
        "openapi": absolute(reverse("api:v1:openapi-json")),
        "docs": absolute(reverse("api_docs:docs")),
    }
