from datetime import timedelta
from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from seminar.models import Session
from seminar.services import AnnouncementError, announce, send_due_reminders
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return SeriesFactory(name="ML Seminar", slug="ml", announcement_email="list@example.org")


def test_announcement_mail_has_text_html_and_calendar(series):
    session = SessionFactory(series=series, title="Flows", abstract="About **flows**.")
    SpeakerFactory(session=session, name="Ada")
    assert announce(session, "https://site.example") == "list@example.org"
    (message,) = mail.outbox
    assert message.to == ["list@example.org"]
    assert message.subject.startswith(f"ML Seminar #{session.number}: Flows (")
    assert "About flows." in message.body and "**" not in message.body
    assert f"Details: https://site.example{session.get_absolute_url()}" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html" and "<strong>flows</strong>" in html
    ((filename, content, attachment_type),) = message.attachments
    assert filename == f"ml-{session.number}.ics"
    assert attachment_type.startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == session.uid
    session.refresh_from_db()
    assert session.announced_to == "list@example.org" and session.announced_at is not None


def test_second_announcement_is_refused_unless_confirmed(series):
    session = SessionFactory(series=series)
    announce(session)
    session.refresh_from_db()
    with pytest.raises(AnnouncementError, match="was already announced on"):
        announce(session)
    assert len(mail.outbox) == 1
    announce(session, confirmed=True)
    assert len(mail.outbox) == 2


def test_announcement_needs_an_address_and_a_published_session():
    with pytest.raises(AnnouncementError, match="has no announcement address"):
        announce(SessionFactory())
    with pytest.raises(AnnouncementError, match="is not published"):
        announce(
            SessionFactory(series=SeriesFactory(announcement_email="a@b.org"), published=False)
        )
    assert mail.outbox == []


def test_admin_action_announces_then_asks_before_resending(admin_client, series):
    session = SessionFactory(series=series)
    form = {"action": "send_announcement", "_selected_action": [session.pk]}
    response = admin_client.post("/admin/seminar/session/", form, follow=True)
    assert f"Announced “{session.title}” to list@example.org." in response.content.decode()
    confirm = admin_client.post("/admin/seminar/session/", form)
    assert "These sessions were announced before" in confirm.content.decode()
    assert len(mail.outbox) == 1
    admin_client.post("/admin/seminar/session/", {**form, "confirm_resend": "yes"})
    assert len(mail.outbox) == 2


def test_admin_action_reports_missing_address(admin_client):
    session = SessionFactory()
    form = {"action": "send_announcement", "_selected_action": [session.pk]}
    response = admin_client.post("/admin/seminar/session/", form, follow=True)
    assert "has no announcement address; add one to the series first." in response.content.decode()
    assert mail.outbox == []


def test_reminders_go_once_to_sessions_within_the_window(series):
    now = timezone.now()
    soon = SessionFactory(series=series, title="Soon", start=now + timedelta(hours=3))
    SessionFactory(series=series, title="Later", start=now + timedelta(hours=30))
    SessionFactory(series=series, title="Cancelled", start=now + timedelta(hours=2),
                   status="cancelled")  # fmt: skip
    SessionFactory(series=series, title="Started", start=now - timedelta(minutes=5))
    SessionFactory(title="No address", start=now + timedelta(hours=1))
    assert send_due_reminders(24, now=now) == [soon]
    assert send_due_reminders(24, now=now) == []
    (message,) = mail.outbox
    assert message.subject.startswith("Reminder: ML Seminar")
    assert Session.objects.get(pk=soon.pk).reminded_at == now


def test_send_reminders_command_reports_count(series):
    SessionFactory(series=series, start=timezone.now() + timedelta(hours=1))
    out = StringIO()
    call_command("send_reminders", hours=2, stdout=out)
    call_command("send_reminders", hours=2, stdout=out)
    assert out.getvalue().splitlines()[-2] == "0 reminder(s) sent."
    assert "1 reminder(s) sent." in out.getvalue()
    assert len(mail.outbox) == 1


def test_announcement_html_links_back_with_absolute_addresses(series):
    session = SessionFactory(
        series=series, abstract="See [the notes](/notes/) and/or ![a map](https://x.org/m.png)"
    )
    announce(session, "https://site.example")
    ((html, _),) = mail.outbox[0].alternatives
    assert '<a href="https://site.example/notes/" rel="noopener noreferrer">the notes</a>' in html
    assert "and/or" in html
    assert 'src="https://x.org/m.png"' in html
