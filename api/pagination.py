"""Numbered pages over a queryset in a stable order, with absolute next/previous links."""

from dataclasses import dataclass
from urllib.parse import urlencode

from ninja import Query, Schema
from pydantic import Field

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Far beyond any real list; keeps OFFSET bounded however large a number a client sends.
MAX_PAGE = 10_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1–100)."
    )


PageQuery = Query[PageParams]


@dataclass(frozen=True)
class PageOf:
    count: int
    items: list
    next: str | None
    previous: str | None


def parameter_names(*schemas) -> set[str]:
    """The query parameters the schemas declare, as clients write them (aliases)."""
    return {
        field.alias or name for schema in schemas for name, field in schema.model_fields.items()
    }


def paginate(request, queryset, params: PageParams, keep=()) -> PageOf:
    """One COUNT and one SELECT (plus the queryset's prefetches), whatever the page.

    The queryset must be ordered by unique keys, so no item shows on two pages. The
    next/previous links carry only ``page_size`` and the parameters named in ``keep``
    (the endpoint's own filters): the page cache keys on those alone, so a parameter it
    ignores (``?utm_source=…``) must not reach a link another visitor is served.
    """
    keep = {"page_size", *keep}
    count = queryset.count()
    offset = (params.page - 1) * params.page_size
    items = list(queryset[offset : offset + params.page_size]) if offset < count else []
    has_next = offset + params.page_size < count
    has_previous = params.page > 1 and count > 0
    return PageOf(
        count=count,
        items=items,
        next=_page_url(request, params.page + 1, keep) if has_next else None,
        previous=_page_url(request, min(params.page - 1, _last_page(count, params)), keep)
        if has_previous
        else None,
    )


def _last_page(count: int, params: PageParams) -> int:
    return max(1, -(-count // params.page_size))


def _page_url(request, page: int, keep: set[str]) -> str:
    # The last value of a repeated parameter, as the page cache keys on it.
    query = {name: values[-1] for name, values in request.GET.lists() if name in keep}
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
