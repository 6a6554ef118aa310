"""Reads: the filtered publication list, a member's papers, the landing page's few."""

import re
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Exists, Max, Min, OuterRef, Q

from people.models import Member
from publications.models import Authorship, Publication, PublicationType

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


MAX_QUERY_LENGTH = 200


def search_words(value: str) -> str:
    """A search as the publications page and the API both read it: words separated by
    single spaces. A NUL character (which PostgreSQL text cannot hold, and no title
    contains) separates words like a space, so a search of only NULs is an empty search
    and finds every publication, as an empty box does."""
    return " ".join(value.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class PublicationFilters:
    year: int | None = None
    kind: str = ""
    member: str = ""  # a member's slug
    selected: bool = False
    query: str = ""

    @classmethod
    def from_query(cls, params) -> "PublicationFilters":
        """From GET parameters; anything malformed is ignored rather than an error page."""
        year = params.get("year", "")
        kind = params.get("type", "")
        member = params.get("member", "")
        return cls(
            year=int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
            kind=kind if kind in PublicationType.values else "",
            member=member if SLUG.fullmatch(member) else "",
            selected=params.get("selected", "") in ("1", "on", "true"),
            query=search_words(params.get("q", "")),
        )

    @property
    def active(self) -> bool:
        return bool(self.year or self.kind or self.member or self.selected or self.query)

    def as_query(self) -> dict:
        values = {"year": self.year or "", "type": self.kind, "member": self.member,
                  "selected": "1" if self.selected else "", "q": self.query}  # fmt: skip
        return {key: value for key, value in values.items() if value}


def visible_publications(user=None):
    publications = Publication.objects.all()
    return publications.visible_to(user) if user is not None else publications.published()


def filtered_publications(filters: PublicationFilters, user=None):
    """Publications visitors (or staff, drafts included) may see, filtered, newest first."""
    publications = visible_publications(user)
    if filters.year:
        publications = publications.filter(year=filters.year)
    if filters.kind:
        publications = publications.filter(kind=filters.kind)
    if filters.selected:
        publications = publications.filter(selected=True)
    # Uncorrelated IN subqueries: SQLite runs them once, where EXISTS ran once per row.
    if filters.member:
        # Only published members: a draft member's slug must not be probeable.
        by_member = Authorship.objects.filter(
            member__slug=filters.member, member__in=Member.objects.published()
        )
        publications = publications.filter(pk__in=by_member.values("publication_id"))
    for word in filters.query.split():
        by_author = Authorship.objects.filter(name__icontains=word).values("publication_id")
        publications = publications.filter(
            Q(title__icontains=word) | Q(venue__icontains=word) | Q(abstract__icontains=word)
            | Q(keywords__icontains=word) | Q(pk__in=by_author)
        )  # fmt: skip
    return publications.with_authors().select_related("published_version")


def group_by_year(publications) -> list[tuple[int, list[Publication]]]:
    return [(year, list(group)) for year, group in groupby(publications, lambda p: p.year)]


def year_range(user=None) -> list[int]:
    """Every year from the newest to the oldest publication, for the year filter."""
    bounds = visible_publications(user).aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


def authors_for_filter() -> list[Member]:
    """Members who appear as authors of at least one published paper."""
    authored = Authorship.objects.filter(
        member=OuterRef("pk"), publication__in=Publication.objects.published()
    )
    return list(Member.objects.published().filter(Exists(authored)).only("name", "slug"))


def published_member(slug: str) -> Member | None:
    return Member.objects.published().filter(slug=slug).first() if slug else None


def member_publications(member: Member, user=None, limit: int | None = None):
    """A member's papers, also on a draft member's page that staff preview."""
    by_member = Authorship.objects.filter(member=member).values("publication_id")
    publications = filtered_publications(PublicationFilters(), user).filter(pk__in=by_member)
    return publications[:limit] if limit else publications


def landing_publications(choice: str, count: int):
    """The landing page's block: the newest, or the newest of those marked selected."""
    if choice not in ("recent", "selected") or count < 1:
        return []
    filters = PublicationFilters(selected=choice == "selected")
    return list(filtered_publications(filters)[:count])


def example_filters() -> dict:
    """Filters that find the newest published paper (its slug, year, type and a published
    author's page), for the API documentation's examples; {} when there is none."""
    paper = filtered_publications(PublicationFilters()).first()
    if paper is None:
        return {}
    found = {"slug": paper.slug, "year": paper.year, "type": paper.kind}
    author = next(
        (a.member for a in paper.authorships.all() if a.member and a.member.is_live), None
    )
    if author is not None:
        found["member"] = author.slug
    return found


def feed_publications(limit: int):
    return Publication.objects.published().with_authors().order_by("-created_at")[:limit]
