"""Reads that span seminar models: listings, archive search, calendars, a member's talks."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, F, Max, Min, Prefetch, Q, When
from django.utils import timezone

from groupsite.content.translated import in_any_language
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


def calendar_sessions(series: Series | None = None, speaker=None):
    """Everything a subscribed calendar should know, cancelled sessions included;
    optionally only one series, or only the talks of one member."""
    sessions = Session.objects.published().with_listing_data().order_by("start")
    return _by_speaker(_in_series(sessions, series), speaker)


def _by_speaker(sessions, member):
    if member is None:
        return sessions
    # A subquery, not a join: a member speaking twice in one session must not double it.
    return sessions.filter(pk__in=Speaker.objects.filter(member=member).values("session_id"))


def feed_sessions(series: Series | None = None):
    return _in_series(Session.objects.published().with_listing_data().order_by("-start"), series)


def talks_by_member(member):
    return (
        Session.objects.published()
        .filter(speakers__member=member)
        .select_related("series")
        # Listed like every session (speakers, affiliations, recording): one query, not one
        # per talk.
        .prefetch_related("speakers")
        .distinct()
        .order_by("-start")
    )


@dataclass(frozen=True)
class ArchiveFilters:
    query: str = ""
    year: int | None = None
    recorded: bool = False
    series: Series | None = None
    speaker: object = None  # a people.Member: only their talks
    start_from: date | None = None  # first day, inclusive (site time zone)
    start_to: date | None = None  # last day, inclusive
    language: str = ""  # "en" or "de": only talks given in it


def upcoming_then_past(now=None) -> tuple:
    """An order for archive_sessions(): sessions not yet over first, soonest first, then the
    past, newest first; one query, so a page splits into Upcoming and Past by is_over."""
    now = now or timezone.now()
    upcoming_start = Case(When(end__gte=now, then=F("start")), default=None)
    return (upcoming_start.asc(nulls_last=True), "-start", "-pk")


def archive_sessions(filters: ArchiveFilters, order=("-start",)):
    sessions = Session.objects.published().with_listing_data().order_by(*order)
    sessions = _by_speaker(_in_series(sessions, filters.series), filters.speaker)
    if filters.start_from:
        sessions = sessions.filter(start__gte=_day_start(filters.start_from))
    if filters.start_to:
        sessions = sessions.filter(start__lt=_day_start(filters.start_to, days_later=1))
    if filters.year:
        sessions = sessions.filter(start__year=filters.year)
    if filters.recorded:
        sessions = sessions.with_public_recording()
    if filters.language:
        sessions = sessions.given_in(filters.language)
    if filters.query:
        words = filters.query.split()[:8]
        for word in words:
            sessions = sessions.filter(_matches(word))
    return sessions


# Dates from clients are clamped into this span: any day outside it selects the same
# sessions as its edge, and the arithmetic below can never leave what datetime holds.
DATE_SPAN = (date(1900, 1, 1), date(2200, 1, 1))


def _day_start(day: date, days_later: int = 0) -> datetime:
    """Midnight (site time zone) at the start of ``day`` + ``days_later``."""
    day = min(max(day, DATE_SPAN[0]), DATE_SPAN[1]) + timedelta(days=days_later)
    return timezone.make_aware(datetime.combine(day, time()))


def _matches(word: str) -> Q:
    speakers = Speaker.objects.filter(Q(name__icontains=word) | Q(affiliation__icontains=word))
    references = Reference.objects.filter(
        Q(title__icontains=word) | Q(authors__icontains=word) | Q(venue__icontains=word)
    )
    # Titles and abstracts in either language: a German page finds the English text it
    # shows where no German exists, and an English page finds a German-only word.
    return (
        in_any_language("title", "icontains", word)
        | in_any_language("abstract", "icontains", word)
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
