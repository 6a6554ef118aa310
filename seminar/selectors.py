"""Reads that span seminar models: listings, archive search, calendars, a member's talks."""

from dataclasses import dataclass

from django.db.models import Max, Min, Prefetch, Q
from django.utils import timezone

from seminar.models import Reference, Series, Session, Speaker

ARCHIVE_PAGE_SIZE = 20
RECENT_PAST_COUNT = 5


def _in_series(sessions, series: Series | None):
    return sessions.filter(series=series) if series else sessions


def upcoming_sessions(series: Series | None = None):
    return _in_series(Session.objects.published().upcoming().with_listing_data(), series)


def recent_past_sessions(series: Series | None = None):
    past = Session.objects.published().past().with_listing_data()
    return _in_series(past, series)[:RECENT_PAST_COUNT]


def session_detail_queryset(user):
    return (
        Session.objects.visible_to(user)
        .select_related("series")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("member")), "references"
        )
    )


def calendar_sessions(series: Series | None = None):
    """Everything a subscribed calendar should know, cancelled sessions included."""
    return _in_series(Session.objects.published().with_listing_data().order_by("start"), series)


def feed_sessions(series: Series | None = None):
    return _in_series(Session.objects.published().with_listing_data().order_by("-start"), series)


def talks_by_member(member):
    return (
        Session.objects.published()
        .filter(speakers__member=member)
        .select_related("series")
        .distinct()
        .order_by("-start")
    )


@dataclass(frozen=True)
class ArchiveFilters:
    query: str = ""
    year: int | None = None
    recorded: bool = False
    series: Series | None = None


def archive_sessions(filters: ArchiveFilters):
    sessions = Session.objects.published().with_listing_data().order_by("-start")
    sessions = _in_series(sessions, filters.series)
    if filters.year:
        sessions = sessions.filter(start__year=filters.year)
    if filters.recorded:
        sessions = sessions.exclude(youtube_video="")
    if filters.query:
        words = filters.query.split()[:8]
        for word in words:
            sessions = sessions.filter(_matches(word))
    return sessions


def _matches(word: str) -> Q:
    speakers = Speaker.objects.filter(Q(name__icontains=word) | Q(affiliation__icontains=word))
    references = Reference.objects.filter(
        Q(title__icontains=word) | Q(authors__icontains=word) | Q(venue__icontains=word)
    )
    return (
        Q(title__icontains=word)
        | Q(abstract__icontains=word)
        | Q(pk__in=speakers.values("session_id"))
        | Q(pk__in=references.values("session_id"))
    )


def archive_years(series: Series | None = None) -> list[int]:
    """Newest first. From the first and last start (an index look-up each), not a scan."""
    span = _in_series(Session.objects.published(), series).aggregate(
        first=Min("start"), last=Max("start")
    )
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[key]).year for key in ("first", "last"))
    return list(range(last, first - 1, -1))
