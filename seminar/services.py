"""Writes that span seminar models: announcing, reminding, importing calendars."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from seminar import ical
from seminar.models import Reference, Session, Speaker, Status


class AnnouncementError(Exception):
    """A session that cannot, or should not, be announced now; the message says why."""


def _mail(session: Session, kind: str, base_url: str) -> EmailMultiAlternatives:
    context = {"session": session, "base_url": base_url, "kind": kind}
    prefix = "Reminder: " if kind == "reminder" else ""
    subject = (
        f"{prefix}{session.series.name} #{session.number}: {session.title} "
        f"({session.local_start:%a %d %b, %H:%M %Z})"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("seminar/email/announcement.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[session.series.announcement_email],
    )
    message.attach_alternative(
        render_to_string("seminar/email/announcement.html", context), "text/html"
    )
    calendar = ical.calendar([session], session.series.name, base_url, method="PUBLISH")
    message.attach(
        f"{session.series.slug}-{session.number}.ics",
        calendar.decode(),
        "text/calendar; method=PUBLISH; charset=utf-8",
    )
    return message


def announce(session: Session, base_url: str | None = None, confirmed: bool = False) -> str:
    """Mail the announcement; return the address. A repeat needs ``confirmed=True``."""
    if not session.series.announcement_email:
        raise AnnouncementError(
            f"“{session.series}” has no announcement address; add one to the series first."
        )
    if not session.published:
        raise AnnouncementError(f"“{session.title}” is not published; publish it first.")
    if session.announced_at and not confirmed:
        raise AnnouncementError(
            f"“{session.title}” was already announced on "
            f"{timezone.localtime(session.announced_at):%d %b %Y at %H:%M} "
            f"to {session.announced_to}."
        )
    _mail(session, "announcement", base_url or settings.SITE_URL).send()
    Session.objects.filter(pk=session.pk).update(
        announced_at=timezone.now(), announced_to=session.series.announcement_email
    )
    return session.series.announcement_email


def send_due_reminders(hours: int, now=None, base_url: str | None = None) -> list[Session]:
    """Remind of sessions starting within ``hours`` that have not been reminded of yet."""
    now = now or timezone.now()
    due = (
        Session.objects.published()
        .filter(status=Status.SCHEDULED, reminded_at__isnull=True, start__gt=now)
        .filter(start__lte=now + timedelta(hours=hours))
        .exclude(series__announcement_email="")
        .with_listing_data()
        .order_by("start")
    )
    sent = []
    for session in due:
        with transaction.atomic():
            # Claim the session first, so two overlapping cron runs cannot both send.
            claimed = Session.objects.filter(pk=session.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                _mail(session, "reminder", base_url or settings.SITE_URL).send()
                sent.append(session)
    return sent


# Session writes. Issue 9 moves the numbering, UID and SEQUENCE rules from Session.save into
# create_session/update_session; importers already call them, so they follow along.
def create_session(*, series, **fields) -> Session:
    return Session.objects.create(series=series, **fields)


def update_session(session: Session, **changes) -> Session:
    for name, value in changes.items():
        setattr(session, name, value)
    session.save()
    return session


def next_free_number(series) -> int:
    last = Session.objects.filter(series=series).aggregate(models.Max("number"))["number__max"]
    return (last or 0) + 1


def renumber_by_start(series) -> None:
    """Number a series' sessions 1, 2, 3 … in order of start time (oldest first)."""
    sessions = list(Session.objects.filter(series=series).order_by("start", "pk"))
    with transaction.atomic():
        # Out of the way first, so no two sessions ever share a number on the way.
        parking = max([s.number for s in sessions], default=0) + 1
        for offset, session in enumerate(sessions):
            Session.objects.filter(pk=session.pk).update(number=parking + offset)
        for number, session in enumerate(sessions, start=1):
            Session.objects.filter(pk=session.pk).update(number=number)


SPEAKER_FIELDS = ("name", "affiliation", "homepage", "orcid", "member_id")
REFERENCE_FIELDS = ("authors", "title", "venue", "year", "url", "doi", "arxiv_id")


def speaker_values(session: Session) -> list[dict]:
    return [
        {name: getattr(speaker, name) for name in SPEAKER_FIELDS}
        for speaker in session.speakers.all()
    ]


def reference_values(session: Session) -> list[dict]:
    return [
        {name: getattr(reference, name) for name in REFERENCE_FIELDS}
        for reference in session.references.all()
    ]


def set_speakers(session: Session, speakers: list[dict]) -> bool:
    """Make the session's speakers exactly ``speakers``, in order; True if anything changed."""
    wanted = [
        {"name": "", "affiliation": "", "homepage": "", "orcid": "", "member_id": None, **speaker}
        for speaker in speakers
    ]
    if speaker_values(session) == wanted:
        return False
    session.speakers.all().delete()
    for order, values in enumerate(wanted):
        Speaker.objects.create(session=session, order=order, **values)
    return True


def set_references(session: Session, references: list[dict]) -> bool:
    """Make the session's references exactly ``references``, in order."""
    blank = {name: "" for name in REFERENCE_FIELDS} | {"year": None}
    wanted = [blank | reference for reference in references]
    if reference_values(session) == wanted:
        return False
    session.references.all().delete()
    for order, values in enumerate(wanted):
        Reference.objects.create(session=session, order=order, **values)
    return True
