from typing import Literal

from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from api.html import markdown_html
from api.pagination import PageQuery, paginate, parameter_names
from api.schemas import Error, PublicationOut, PublicationPage
from publications import selectors
from publications.models import Publication, PublicationType

router = Router()
ERRORS = {400: Error, 404: Error}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A number (the id), a slug, or a BibTeX key (letters, digits and - _ : . +).
KEY_PATTERN = r"^[-a-zA-Z0-9_:.+]+$"
# The order of the publications page, made unique by the id so pages never overlap.
STABLE_ORDER = [*Publication._meta.ordering, "pk"]
# The types' stored values, listed in the OpenAPI document (and so on the docs page).
Kind = Literal[tuple(PublicationType.values)]


class PublicationQuery(Schema):
    """The list's query parameters (selectors.PublicationFilters is what they select)."""

    year: int | None = Field(None, ge=1000, le=9999, description="Only this year.")
    kind: Kind | None = Field(None, alias="type", description="Only this type.")
    member: str | None = Field(
        None, max_length=50, pattern=SLUG_PATTERN,
        description="Only papers this member wrote (the slug of their member page).",
    )  # fmt: skip
    selected: bool | None = Field(
        None,
        description="`true`: only papers marked as selected; `false`: only those not "
        "marked. Without it, both.",
    )
    q: str = Field(
        "", max_length=200,
        description="Search words, as on the publications page: title, venue, abstract, "
        "keywords, author names.",
    )  # fmt: skip


@router.get(
    "/publications",
    response={200: PublicationPage, **ERRORS},
    summary="Publications with their authors",
    description="In the order of the publications page: newest year first, then by date.",
)
def list_publications(request, filters: Query[PublicationQuery], paging: PageQuery):
    if filters.member and selectors.published_member(filters.member) is None:
        raise HttpError(404, f"There is no published member “{filters.member}”.")
    wanted = selectors.PublicationFilters(
        year=filters.year,
        kind=filters.kind or "",
        member=filters.member or "",
        selected=bool(filters.selected),
        query=selectors.search_words(filters.q),  # as the publications page reads it
    )
    publications = selectors.filtered_publications(wanted).order_by(*STABLE_ORDER)
    if filters.selected is False:
        publications = publications.filter(selected=False)
    page = paginate(request, publications, paging, keep=parameter_names(PublicationQuery))
    return {**page.__dict__, "results": [publication_data(request, p) for p in page.items]}


@router.get(
    "/publications/{key}",
    response={200: PublicationOut, **ERRORS},
    summary="One publication",
    description="By its id, the slug of its page, or its BibTeX key, tried in that order: "
    "a key that is one paper's id and another's slug finds the first, one that is a slug "
    "and another paper's BibTeX key finds the paper with that slug.",
)
def get_publication(
    request,
    key: str = Path(
        ...,
        max_length=200,
        pattern=KEY_PATTERN,
        description="The id (a number), the slug (as in the page's address) or the BibTeX key.",
    ),
):
    # One query, a fixed priority: the id, then the slug, then the BibTeX key (BibTeX
    # keys need not be unique: the oldest entry wins).
    by_id = Q(pk=int(key)) if key.isascii() and key.isdigit() and len(key) < 19 else Q(pk__in=[])
    found = (
        selectors.filtered_publications(selectors.PublicationFilters())
        .filter(by_id | Q(slug=key) | Q(bibtex_key=key))
        .annotate(priority=Case(When(by_id, then=0), When(slug=key, then=1), default=2))
        .order_by("priority", "pk")
        .first()
    )
    if found is None:
        raise HttpError(404, f"There is no published publication “{key}”.")
    return publication_data(request, found)


def publication_data(request, publication) -> PublicationOut:
    absolute = request.build_absolute_uri
    version = publication.published_version
    return PublicationOut(
        id=publication.pk,
        slug=publication.slug,
        bibtex_key=publication.bibtex_key,
        url=absolute(publication.get_absolute_url()),
        type=publication.kind,
        type_label=publication.get_kind_display(),
        title=publication.title,
        authors=[
            {
                "name": authorship.name,
                "member_url": absolute(authorship.member.get_absolute_url())
                if authorship.member and authorship.member.is_live
                else None,
            }
            for authorship in publication.authorships.all()
        ],
        more_authors=publication.more_authors,
        year=publication.year,
        month=publication.month,
        date=publication.date,
        venue=publication.venue,
        volume=publication.volume,
        issue=publication.issue,
        pages=publication.pages,
        publisher=publication.publisher,
        doi=publication.doi,
        arxiv_id=publication.arxiv_id,
        links=[
            {"kind": kind, "label": label, "url": absolute(address)}
            for kind, label, address in publication.link_list
        ],
        abstract=markdown_html(request, publication.abstract),
        keywords=publication.keyword_list,
        selected=publication.selected,
        published_version_url=absolute(version.get_absolute_url())
        if version and version.is_live
        else None,
        bibtex_url=absolute(reverse("publications:bibtex", kwargs={"slug": publication.slug})),
        csl_url=absolute(reverse("publications:csl", kwargs={"slug": publication.slug})),
        updated=timezone.localtime(publication.updated_at),
    )
