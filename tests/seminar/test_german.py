"""The seminar and the speaker workflow in German: mails, refusals, the speaker's form and
the session admin read as the German catalogue says (English stays as the other tests pin)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone, translation

from seminar.models import Session
from seminar.services import AnnouncementError, announce
from seminar.speakers import services
from seminar.speakers.forms import SpeakerForm
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2030, 3, 5, 15, 0, tzinfo=BERLIN)  # a Tuesday


@pytest.fixture
def session():
    # A German series: its announcements and speaker mails are written in German.
    series = SeriesFactory(
        name="ML-Seminar", slug="ml", announcement_email="list@example.org", language="de"
    )
    return SessionFactory(series=series, title="Normalisierende Flüsse", start=START)


def test_the_invitation_mail_is_german_from_subject_to_greeting(session):
    speaker = SpeakerFactory(session=session, name="Ada Lovelace", email="ada@example.org")
    with translation.override("de"):
        services.invite(speaker, "https://site.example")
    (message,) = mail.outbox
    number = session.number
    assert message.subject == f"Ihr Vortrag in ML-Seminar #{number}: Normalisierende Flüsse"
    lines = message.body.splitlines()
    assert lines[0] == "Guten Tag Ada Lovelace,"
    assert lines[2] == "vielen Dank, dass Sie in unserem Seminar vortragen:"
    assert "Wann: Dienstag, 5. März 2030, 15:00–16:00 Uhr CET" in lines
    ((html, _),) = message.alternatives
    assert '<html lang="de">' in html and "<p>Guten Tag Ada Lovelace,</p>" in html


def test_a_refused_announcement_says_why_in_german_with_a_german_date(session):
    announced = datetime(2030, 3, 1, 9, 30, tzinfo=BERLIN)
    Session.objects.filter(pk=session.pk).update(
        announced_at=announced, announced_to="list@example.org"
    )
    session.refresh_from_db()
    with (
        translation.override("de"),
        timezone.override(BERLIN),
        pytest.raises(AnnouncementError) as refused,
    ):
        announce(session)
    assert str(refused.value) == (
        "„Normalisierende Flüsse“ wurde bereits am 1. März 2030 um 09:30 Uhr an "
        "list@example.org angekündigt."
    )
    assert mail.outbox == []


def test_the_announcement_subject_is_german(session):
    with translation.override("de"):
        announce(session, "https://site.example")
    (message,) = mail.outbox
    assert message.subject == (
        f"ML-Seminar #{session.number}: Normalisierende Flüsse (Di., 5. März, 15:00 Uhr CET)"
    )


def test_the_speaker_form_asks_for_consent_in_german():
    with translation.override("de"):
        form = SpeakerForm(data={})
        field = form["recording_consent"]
        assert (
            field.label
            == "Darf die Aufzeichnung des Vortrags veröffentlicht werden (z. B. auf YouTube)?"
        )
        assert [str(label) for _, label in field.field.choices] == ["Ja", "Nein"]
        assert form.errors["recording_consent"] == [
            "Bitte antworten Sie mit Ja oder Nein: Sind Sie mit der Veröffentlichung der "
            "Aufzeichnung einverstanden?"
        ]
        assert "Ja</label>" in str(field)


def test_the_session_admin_form_labels_and_helps_in_german(admin_user):
    request = RequestFactory().get("/admin/seminar/session/add/")
    request.user = admin_user
    model_admin = admin.site._registry[Session]
    with translation.override("de"):
        fields = model_admin.get_form(request)().fields
        assert fields["youtube_video"].label == "YouTube-Aufzeichnung"
        assert fields["youtube_video"].help_text == (
            "Fügen Sie einen beliebigen YouTube-Link zur Aufzeichnung ein; gespeichert wird nur "
            "die Video-ID."
        )
        assert [str(label) for _, label in fields["status"].choices] == [
            "Geplant",
            "Abgesagt",
            "Verschoben",
        ]
