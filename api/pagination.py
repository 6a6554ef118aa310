"""Numbered pages over a queryset in a stable order, with absolute next/previous links."""

from dataclasses import dataclass

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


def paginate(request, queryset, params: PageParams) -> PageOf:
    """One COUNT and one SELECT (plus the queryset's prefetches), whatever the page.

    The queryset must be ordered by unique keys, so no item shows on two pages.
    """
    count = queryset.count()
    offset = (params.page - 1) * params.page_size
    items = list(queryset[offset : offset + params.page_size]) if offset < count else []
    has_next = offset + params.page_size < count
    has_previous = params.page > 1 and count > 0
    return PageOf(
        count=count,
        items=items,
        next=_page_url(request, params.page + 1) if has_next else None,
        previous=_page_url(request, min(params.page - 1, _last_page(count, params)))
        if has_previous
        else None,
    )


def _last_page(count: int, params: PageParams) -> int:
    return max(1, -(-count // params.page_size))


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
