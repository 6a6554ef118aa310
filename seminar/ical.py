"""Sessions as iCalendar (RFC 5545): pure functions; views and mail only wrap them."""

from datetime import UTC, date, timedelta
from urllib.parse import urlencode

import icalendar

from groupsite.content.seo import absolute_url
from seminar.models import Format, Status
from seminar.text import session_summary

PRODUCT_ID = "-//groupsite//seminar calendar//EN"
# VTIMEZONE rules are written out for this span; sessions fall well inside it.
TIMEZONE_SPAN = (date(2000, 1, 1), date(2040, 1, 1))
ICAL_STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def session_event(session, base_url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", session.uid)
    event.add("dtstamp", session.updated_at)
    event.add("sequence", session.sequence)
    event.add("dtstart", session.local_start)
    event.add("dtend", session.local_end)
    event.add("summary", session.title)
    event.add("status", ICAL_STATUS[session.status])
    event.add("url", absolute_url(base_url, session))
    event.add("description", session_summary(session, base_url))
    if session.location and session.format != Format.ONLINE:
        event.add("location", session.location)
    elif session.public_livestream_url:
        event.add("location", session.public_livestream_url)
    return event


def calendar(sessions, name: str, base_url: str, method: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    # An X- property is written unescaped: a line break (a name saved before names were
    # validated as one line) would make to_ical() raise.
    cal.add("x-wr-calname", " ".join(name.split()))
    # Subscribed calendars look for changes hourly (RFC 7986 and the common extension).
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for session in sessions:
        cal.add_component(session_event(session, base_url))
    cal.add_missing_timezones(*TIMEZONE_SPAN)
    return cal.to_ical()


def google_calendar_url(session, base_url: str) -> str:
    """A link that opens Google Calendar's "add event" form; nothing loads until clicked."""

    def utc(moment):
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    params = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": f"{utc(session.start)}/{utc(session.end)}",
        "details": absolute_url(base_url, session),
        "location": session.location,
        "ctz": session.series.time_zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)
