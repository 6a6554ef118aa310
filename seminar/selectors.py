"""Reads that span seminar models: listings, the session page, a member's talks."""

from django.db.models import Prefetch

from seminar.models import Series, Session, Speaker

PAST_SESSIONS_PER_PAGE = 20


def upcoming_sessions(series: Series | None = None):
    sessions = Session.objects.published().upcoming().with_listing_data()
    return sessions.filter(series=series) if series else sessions


def past_sessions(series: Series | None = None):
    sessions = Session.objects.published().past().with_listing_data()
    return sessions.filter(series=series) if series else sessions


def session_detail_queryset():
    return (
        Session.objects.published()
        .select_related("series")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("member")), "references"
        )
    )


def talks_by_member(member):
    return (
        Session.objects.published()
        .filter(speakers__member=member)
        .select_related("series")
        .distinct()
        .order_by("-start")
    )
