import re
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from seminar import services
from seminar.models import Format, Session, Status
from seminar.services import (
    AnnouncementError,
    announce,
    create_session,
    send_due_reminders,
    update_session,
)
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
    assert send_due_reminders(24, now=now).sent == [soon]
    assert send_due_reminders(24, now=now).sent == []
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


def test_announcement_links_are_clean_when_the_site_url_ends_in_a_slash(series):
    session = SessionFactory(series=series, abstract="See [the notes](/notes/).")
    announce(session, "https://site.example/")
    (message,) = mail.outbox
    page = f"https://site.example{session.get_absolute_url()}"
    assert f"Details: {page}\n" in message.body
    ((html, _),) = message.alternatives
    assert f'<a href="{page}">Session page</a>' in html
    assert 'href="https://site.example/notes/"' in html


# create_session and update_session: the one way sessions are written.

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN)


def stored(session):
    return Session.objects.get(pk=session.pk)


def test_created_sessions_are_numbered_per_series_after_the_highest():
    first, second = SeriesFactory(), SeriesFactory()
    numbers = [create_session(series=first, title=f"T{i}", start=START).number for i in range(3)]
    assert numbers == [1, 2, 3]
    assert create_session(series=second, title="Other", start=START).number == 1
    assert create_session(series=first, title="Chosen", start=START, number=41).number == 41
    assert create_session(series=first, title="Next", start=START).number == 42


def test_created_session_takes_series_defaults_end_slug_and_a_new_uid():
    series = SeriesFactory(default_duration_minutes=90, default_location="Hall A")
    session = create_session(series=series, title="Flows & friends!", start=START)
    saved = stored(session)
    assert (saved.duration_minutes, saved.location) == (90, "Hall A")
    assert saved.end == START + timedelta(minutes=90)
    assert saved.slug == "flows-friends"
    assert saved.sequence == 0
    assert re.fullmatch(r"[0-9a-f-]{36}@groupsite", saved.uid)
    assert create_session(series=series, title="Flows", start=START).uid != saved.uid


def test_values_given_win_over_series_defaults():
    series = SeriesFactory(default_duration_minutes=90, default_location="Hall A")
    session = create_session(
        series=series, title="Short", start=START, duration_minutes=30, location="Room 2",
        slug="kurz", uid="talk-1@old.example", status=Status.CANCELLED,
    )  # fmt: skip
    saved = stored(session)
    assert (saved.duration_minutes, saved.location, saved.slug) == (30, "Room 2", "kurz")
    assert (saved.end, saved.uid, saved.status) == (START + timedelta(minutes=30),
                                                    "talk-1@old.example", "cancelled")  # fmt: skip


def test_create_takes_form_values_and_wall_clock_time_in_the_series_zone():
    series = SeriesFactory(time_zone="America/New_York")
    session = create_session(
        series=series, title="Text", start="2024-03-12 10:00", duration_minutes="45",
        youtube_video="https://youtu.be/dQw4w9WgXcQ?t=3", recording_consent=True,
    )  # fmt: skip
    saved = stored(session)
    assert saved.start == datetime(2024, 3, 12, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    assert (saved.duration_minutes, saved.youtube_video) == (45, "dQw4w9WgXcQ")
    assert saved.end == saved.start + timedelta(minutes=45)


def test_create_validates_and_saves_nothing_when_invalid():
    series = SeriesFactory()
    create_session(series=series, title="One", start=START)
    with pytest.raises(ValidationError) as error:
        create_session(
            series=series, title="", start=START, number=1, youtube_video="https://vimeo.com/1"
        )
    assert error.value.message_dict == {
        "title": ["This field cannot be blank."],
        "number": ["Session #1 already exists in this series."],
        "youtube_video": [
            "“vimeo.com” is not a YouTube address. Paste a YouTube video link (watch, "
            "youtu.be, embed, live or shorts) or the 11-character video id."
        ],
    }
    assert Session.objects.count() == 1


def test_create_refuses_a_taken_uid_and_a_start_beyond_the_calendar():
    taken = SessionFactory()
    with pytest.raises(ValidationError) as error:
        create_session(series=SeriesFactory(), title="Copy", start=START, uid=taken.uid)
    assert list(error.value.message_dict) == ["uid"]
    with pytest.raises(ValidationError) as error:
        create_session(
            series=taken.series, title="Late", start=datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
        )
    assert error.value.message_dict == {"start": ["The session would end after the year 9999."]}
    assert Session.objects.count() == 1


@pytest.mark.parametrize("name", ["sequence", "end", "id", "updated_at", "speaker", "color"])
def test_create_refuses_computed_and_unknown_names(name):
    with pytest.raises(TypeError, match=name):
        create_session(series=SeriesFactory(), title="X", start=START, **{name: 1})
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("changes", "sequence"),
    [
        ({"start": START + timedelta(hours=1)}, 1),
        ({"duration_minutes": 45}, 1),  # a new end time
        ({"location": "Room 9"}, 1),
        ({"status": Status.CANCELLED}, 1),
        ({"format": Format.ONLINE}, 1),
        ({"title": "A better title"}, 1),
        ({"abstract": "Typo fixed."}, 0),
        ({"youtube_video": "dQw4w9WgXcQ", "recording_consent": True}, 0),
        ({"livestream_url": "https://live.example/"}, 0),
        ({"status_note": "Bring a laptop."}, 0),
        ({"slug": "new-slug"}, 0),
        ({"published": False}, 0),
        ({"start": START, "location": "Room 1", "title": "Same"}, 0),  # the stored values
        ({"start": "2024-03-12 15:00", "duration_minutes": "60"}, 0),  # the same, as text
        ({"start": "2024-03-12 16:00"}, 1),
    ],
)
def test_sequence_rises_only_when_calendars_must_update(changes, sequence):
    series = SeriesFactory(default_location="Room 1")
    session = create_session(series=series, title="Same", start=START, format=Format.HYBRID)
    update_session(session, **changes)
    assert stored(session).sequence == sequence
    assert session.sequence == sequence


def test_sequence_counts_every_calendar_change_and_the_uid_never_changes():
    session = SessionFactory(start=START)
    uid = session.uid
    update_session(session, start=START + timedelta(days=7))
    update_session(session, title="Renamed", abstract="New")
    update_session(session, abstract="Newer")
    session.location = "Room 5"  # set on the instance, as an admin form does
    update_session(session)
    saved = stored(session)
    assert (saved.sequence, saved.uid, saved.location) == (3, uid, "Room 5")
    assert saved.end == START + timedelta(days=7, minutes=60)


def test_stale_instance_does_not_lower_sequence():
    session = SessionFactory(start=START)
    stale = stored(session)
    update_session(session, title="First edit")
    update_session(stale, location="Room 3")
    assert stored(session).sequence == 2


def test_update_refuses_a_new_uid_and_keeps_the_stored_one():
    session = SessionFactory()
    with pytest.raises(TypeError, match="uid"):
        update_session(session, uid="mine@example")
    session.uid = "mine@example"  # a stray change on the instance is ignored too
    update_session(session, title="Renamed")
    assert stored(session).uid != "mine@example" and session.uid == stored(session).uid


def test_update_recomputes_end_and_fills_emptied_fields():
    series = SeriesFactory(default_duration_minutes=90, default_location="Hall A")
    session = create_session(
        series=series, title="T", start=START, duration_minutes=30, location="Room 2"
    )
    other = create_session(series=series, title="U", start=START)
    update_session(session, duration_minutes=None, location="", number=None, slug="")
    saved = stored(session)
    assert (saved.duration_minutes, saved.location, saved.slug) == (90, "Hall A", "t")
    assert saved.end == START + timedelta(minutes=90)
    assert saved.number == other.number + 1 == 3


def test_invalid_update_leaves_the_stored_row_alone():
    session = SessionFactory(title="Kept")
    other = SessionFactory(series=session.series)
    with pytest.raises(ValidationError) as error:
        update_session(session, title="Changed", number=other.number)
    assert error.value.message_dict == {
        "number": [f"Session #{other.number} already exists in this series."]
    }
    assert (stored(session).title, stored(session).sequence) == ("Kept", 0)
    with pytest.raises(ValueError, match="create_session"):
        update_session(SessionFactory.build(), title="Unsaved")


def test_a_number_taken_between_reading_and_saving_is_retried(monkeypatch):
    """The stale read two simultaneous creations make, provoked on one connection."""
    series = SeriesFactory()
    create_session(series=series, title="First", start=START)
    real_next_number = services._next_number
    proposals = iter([1])  # the first proposal is stale: #1 is taken

    def stale_then_real(series_id):
        return next(proposals, None) or real_next_number(series_id)

    monkeypatch.setattr(services, "_next_number", stale_then_real)
    assert create_session(series=series, title="Second", start=START).number == 2


def test_numbering_gives_up_with_a_message_when_every_attempt_collides(monkeypatch):
    series = SeriesFactory()
    create_session(series=series, title="First", start=START)
    monkeypatch.setattr(services, "_next_number", lambda series_id: 1)
    with pytest.raises(ValidationError) as error:
        create_session(series=series, title="Second", start=START)
    assert error.value.message_dict == {
        "number": ["Other sessions were numbered at the same moment; save again."]
    }
    assert series.sessions.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite lets one writer at a time, so creations cannot race "
    "(make test-postgres runs this)",
)
def test_a_burst_of_concurrent_creations_gets_numbers_one_to_eight(monkeypatch):
    series = SeriesFactory()
    creators = 8  # more than NUMBERING_ATTEMPTS: retries alone cannot number them all
    all_ready = threading.Barrier(creators, timeout=10)
    real_next_number = services._next_number

    def read_slowly(series_id):
        number = real_next_number(series_id)
        time.sleep(0.05)  # the others read meanwhile, unless they wait for their turn
        return number

    monkeypatch.setattr(services, "_next_number", read_slowly)
    results, errors = [], []

    def create(title):
        try:
            all_ready.wait()
            results.append(create_session(series=series, title=title, start=START))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(f"Talk {n}",)) for n in range(creators)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = list(range(1, creators + 1))
    assert sorted(series.sessions.values_list("number", flat=True)) == expected
    assert sorted(session.number for session in results) == expected


def store_title_unvalidated(session, title):
    """As a row saved before titles were validated, or written by hand, would hold it."""
    Session.objects.filter(pk=session.pk).update(title=title)
    session.refresh_from_db()
    return session


def test_announcing_a_stored_title_with_line_breaks_mails_a_one_line_subject(admin_client, series):
    session = store_title_unvalidated(SessionFactory(series=series), "Two\r\nlines\n\there")
    form = {"action": "send_announcement", "_selected_action": [session.pk]}
    response = admin_client.post("/admin/seminar/session/", form, follow=True)
    assert response.status_code == 200
    assert "Announced “Two" in response.content.decode()
    (message,) = mail.outbox
    assert message.subject.startswith(f"ML Seminar #{session.number}: Two lines here (")
    assert "\n" not in message.message()["Subject"]


def test_a_series_name_with_a_line_break_is_refused_and_cannot_break_the_subject(series):
    series.name = "ML\nSeminar"
    with pytest.raises(ValidationError, match="Use one line"):
        series.full_clean()
    series.save()
    announce(SessionFactory(series=series))
    (message,) = mail.outbox
    assert message.subject.startswith("ML Seminar #")
    ((_, content, _),) = message.attachments
    assert icalendar.Calendar.from_ical(content)["X-WR-CALNAME"] == "ML Seminar"


def test_create_session_refuses_a_title_with_a_line_break(series):
    with pytest.raises(ValidationError) as error:
        create_session(series=series, title="A\nB", start=timezone.now())
    assert error.value.message_dict == {
        "title": ["Use one line: no line breaks, tabs or other control characters."]
    }


def fail_mail_for(monkeypatch, title):
    real_mail = services._mail_session

    def mail_or_fail(session, kind, base_url):
        if session.title == title:
            raise ConnectionRefusedError(111, "Connection refused")
        return real_mail(session, kind, base_url)

    monkeypatch.setattr(services, "_mail_session", mail_or_fail)


def test_a_failing_reminder_does_not_stop_the_later_ones(series, monkeypatch):
    now = timezone.now()
    first = SessionFactory(series=series, title="First", start=now + timedelta(hours=1))
    SessionFactory(series=series, title="Second", start=now + timedelta(hours=2))
    fail_mail_for(monkeypatch, "First")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("send_reminders", hours=3, stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert [m.subject.split(":")[1] for m in mail.outbox] == [f" ML Seminar #{first.number + 1}"]
    assert "1 reminder(s) sent." in out.getvalue().splitlines()
    assert err.getvalue().splitlines() == [
        f"Could not remind of “{first}” (ML Seminar): "
        "ConnectionRefusedError: [Errno 111] Connection refused",
        "1 reminder(s) failed; see above.",
    ]
    first.refresh_from_db()
    assert first.reminded_at is None  # tried again on the next run
    monkeypatch.undo()
    call_command("send_reminders", hours=3, stdout=StringIO())
    assert len(mail.outbox) == 2


def test_reminder_for_a_stored_title_with_a_line_break_is_sent(series):
    now = timezone.now()
    broken = store_title_unvalidated(
        SessionFactory(series=series, start=now + timedelta(hours=1)), "Bad\r\ntitle"
    )
    assert send_due_reminders(2, now=now).sent == [broken]
    assert mail.outbox[0].subject.startswith(f"Reminder: ML Seminar #{broken.number}: Bad title")


def test_a_failing_announcement_mail_is_reported_not_raised(admin_client, series, monkeypatch):
    session = SessionFactory(series=series, title="Down")
    fail_mail_for(monkeypatch, "Down")
    form = {"action": "send_announcement", "_selected_action": [session.pk]}
    response = admin_client.post("/admin/seminar/session/", form, follow=True)
    assert response.status_code == 200
    assert (
        "“Down” could not be mailed ([Errno 111] Connection refused); nothing was sent, "
        "try again later."
    ) in response.content.decode()
    session.refresh_from_db()
    assert session.announced_at is None


def test_a_session_scheduled_to_appear_later_is_not_announced(admin_client, series):
    later = timezone.now() + timedelta(days=2)
    session = SessionFactory(series=series, title="Embargoed", publish_at=later)
    with pytest.raises(AnnouncementError) as error:
        announce(session)
    assert str(error.value) == (
        f"“Embargoed” appears on the site only on "
        f"{timezone.localtime(later):%d %b %Y at %H:%M}; announce it once visitors can see it."
    )
    form = {"action": "send_announcement", "_selected_action": [session.pk]}
    response = admin_client.post("/admin/seminar/session/", form, follow=True)
    assert "“Embargoed” appears on the site only on" in response.content.decode()
    assert mail.outbox == []
    session.refresh_from_db()
    assert session.announced_at is None


def test_a_session_whose_publish_time_has_come_is_announced(series, time_machine):
    session = SessionFactory(series=series, publish_at=timezone.now() + timedelta(hours=1))
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    announce(session)
    assert len(mail.outbox) == 1


def test_a_session_of_an_unpublished_series_is_not_announced(series):
    series.published = False
    series.save()
    with pytest.raises(AnnouncementError, match="The series “ML Seminar” is not published"):
        announce(SessionFactory(series=series, title="Hidden"))
    assert mail.outbox == []


def test_reminders_skip_sessions_visitors_cannot_see_at_that_time(series):
    now = timezone.now()
    soon = now + timedelta(hours=3)
    SessionFactory(series=series, title="Draft", start=soon, published=False)
    SessionFactory(series=series, title="Embargoed", start=soon, publish_at=soon)
    hidden = SeriesFactory(published=False, announcement_email="hidden@example.org")
    SessionFactory(series=hidden, title="Hidden series", start=soon)
    public = SessionFactory(series=series, title="Public", start=soon,
                            publish_at=now + timedelta(hours=1))  # fmt: skip
    assert send_due_reminders(24, now=now).sent == []
    assert send_due_reminders(24, now=now + timedelta(hours=2)).sent == [public]
    assert [m.subject.split(": ")[2].split(" (")[0] for m in mail.outbox] == ["Public"]


# Clock changes ----------------------------------------------------------------------------
def test_a_session_across_the_clocks_going_back_ends_after_its_real_duration():
    series = SeriesFactory(time_zone="Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    # 01:30 CEST + 120 minutes is 02:30 CET (01:30 UTC), not 03:30 CET.
    session = create_session(
        series=series, title="Late", start=datetime(2021, 10, 31, 1, 30, tzinfo=berlin),
        duration_minutes=120,
    )  # fmt: skip
    assert session.end == datetime(2021, 10, 31, 1, 30, tzinfo=UTC)
    session.refresh_from_db()
    update_session(session, title="Late")
    update_session(session, start=datetime(2021, 10, 31, 1, 30, tzinfo=berlin))
    session.refresh_from_db()
    assert (session.end, session.sequence) == (datetime(2021, 10, 31, 1, 30, tzinfo=UTC), 0)


def test_a_naive_start_the_clocks_skip_is_refused():
    series = SeriesFactory(time_zone="Europe/Berlin")
    with pytest.raises(ValidationError) as refused:
        create_session(series=series, title="Gap", start="2021-03-28 02:30")
    assert refused.value.message_dict["start"][0].startswith(
        "2021-03-28 02:30 does not exist in Europe/Berlin"
    )
    assert not Session.objects.exists()
