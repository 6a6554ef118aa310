"""The seminar's one way to send mail: announcements, reminders and the speaker workflow."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from seminar import ical
from seminar.models import Session


def send_mail(
    template: str, subject: str, to: list[str], context: dict, calendar_of: Session | None = None
) -> None:
    """Send ``template``.txt with ``template``.html beside it; raises what the server raises.

    With ``calendar_of``, the session's calendar entry (METHOD:PUBLISH, links built on
    ``context["base_url"]``) is attached, so mail clients offer to add it.
    """
    # Titles are validated as one line, but rows saved before that may hold a line break,
    # which mail headers refuse.
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    if calendar_of is not None:
        session = calendar_of
        body = ical.calendar([session], session.series.name, context["base_url"], "PUBLISH")
        message.attach(
            f"{session.series.slug}-{session.number}.ics",
            body.decode(),
            "text/calendar; method=PUBLISH; charset=utf-8",
        )
    message.send()
