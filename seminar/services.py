"""Writes that span seminar models: announcing, reminding, importing calendars."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from seminar import ical
from seminar.models import Session, Status


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
