"""Mail in the reader's language: a speaker's invitation, reminder and review mails in the
language chosen for them (default: the series'), announcements in the series' language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from seminar import mail as seminar_mail
from seminar.services import announce
from seminar.speakers import reminders, services
from seminar.speakers.models import SpeakerInvitation
from tests.factories import SeriesFactory, SessionFactory, SpeakerFactory
from tests.factories import speaker_answers as answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def languages(monkeypatch):
    """The active language whenever a mail template is rendered, and the subject's."""
    seen = []
    render = seminar_mail.render_to_string

    def recording(template, context=None, *args, **kwargs):
        seen.append((template.rsplit("/", 1)[-1], translation.get_language()))
        return render(template, context, *args, **kwargs)

    monkeypatch.setattr(seminar_mail, "render_to_string", recording)
    return seen


def speaker_in(series_language="en", **session):
    series = SeriesFactory(language=series_language, announcement_email="list@example.org")
    session = SessionFactory(series=series, title="Flows", title_de="Flüsse", **session)
    return SpeakerFactory(session=session, name="Ada", email="ada@example.org")


def test_an_invitation_goes_out_in_the_language_staff_chose(languages):
    invitation = services.invite(speaker_in("en"), language="de")
    assert invitation.language == "de"
    assert languages == [("speaker_invitation.txt", "de"), ("speaker_invitation.html", "de")]
    # The subject is made in German too: the session's German title.
    assert mail.outbox[0].subject.endswith("Flüsse")
    assert translation.get_language() != "de"  # and nothing stays switched afterwards


def test_without_a_choice_the_series_language_is_used_then_kept(languages):
    speaker = speaker_in("de")
    assert services.invite(speaker).language == "de"
    SpeakerInvitation.objects.filter(speaker=speaker).update(
        invited_at=timezone.now() - timedelta(1)
    )
    assert services.invite(speaker, language="en").language == "en"
    speaker.refresh_from_db()
    SpeakerInvitation.objects.filter(speaker=speaker).update(
        invited_at=timezone.now() - timedelta(1)
    )
    assert services.invite(speaker).language == "en"  # a new link keeps the last choice
    assert [language for _name, language in languages] == ["de", "de", "en", "en", "en", "en"]


def test_an_invitation_saved_before_languages_follows_the_series(languages):
    invitation = services.invite(speaker_in("de"))
    SpeakerInvitation.objects.filter(pk=invitation.pk).update(language="")
    invitation = SpeakerInvitation.objects.select_related("speaker__session__series").get()
    assert invitation.mail_language == "de"


def test_reminders_and_review_mails_use_the_speakers_language(languages, settings):
    speaker = speaker_in("en", start=timezone.now() + timedelta(days=2))
    invitation = services.invite(speaker, language="de")
    languages.clear()
    assert reminders.send_due_speaker_reminders(days=7) == [invitation]
    assert languages == [("speaker_reminder.txt", "de"), ("speaker_reminder.html", "de")]
    languages.clear()
    settings.SEMINAR_ORGANISER_EMAILS = ["org@example.org"]
    submission = services.submit(invitation, answers())
    # The organisers' notice is staff's, in the site's language.
    assert languages[0][0] == "speaker_submitted.txt"
    assert languages[0][1].startswith("en")
    languages.clear()
    services.request_changes(invitation, "Shorter, please.")
    assert {language for _name, language in languages} == {"de"}
    invitation.refresh_from_db()
    services.submit(invitation, answers())
    submission.refresh_from_db()
    languages.clear()
    services.approve(invitation, submission.revision)
    assert {language for name, language in languages if "approved" in name} == {"de"}


@pytest.mark.parametrize("language", ["en", "de"])
def test_announcements_go_out_in_the_series_language(languages, language):
    speaker = speaker_in(language)
    announce(speaker.session)
    assert languages == [("announcement.txt", language), ("announcement.html", language)]
    assert ("Flüsse" in mail.outbox[0].subject) is (language == "de")


def test_staff_choose_the_mail_language_on_the_invitations_page(admin_client, languages):
    speaker = speaker_in("en")
    url = f"/admin/seminar/session/{speaker.session.pk}/speakers/"
    page = admin_client.get(url).content.decode()
    assert f'<select name="language" id="language-{speaker.pk}">' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    admin_client.post(url, {"speaker": speaker.pk, "do": "invite", "language": "de"})
    assert SpeakerInvitation.objects.get(speaker=speaker).language == "de"
    assert {language for _name, language in languages} == {"de"}
