"""Reminding invited speakers who have not answered, once, a few days before their talk
(``manage.py send_reminders`` runs it from cron)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from seminar.mail import send_mail
from seminar.speakers.models import InvitationState, SpeakerInvitation
from seminar.speakers.services import MAIL_ERRORS, session_label, speaker_context

logger = logging.getLogger(__name__)


def send_due_speaker_reminders(
    days: int | None = None, now=None, base_url: str | None = None
) -> list[SpeakerInvitation]:
    """Remind, once, invited speakers who have not answered and speak within ``days``."""
    now = now or timezone.now()
    days = settings.SPEAKER_REMINDER_DAYS_BEFORE if days is None else days
    due = (
        SpeakerInvitation.objects.filter(
            state=InvitationState.INVITED,
            reminded_at__isnull=True,
            speaker__session__start__gt=now,
            speaker__session__start__lte=now + timedelta(days=days),
        )
        .select_related("speaker__session__series")
        .order_by("speaker__session__start")
    )
    sent = []
    for invitation in due:
        try:
            with transaction.atomic():
                # Claim first, so two overlapping cron runs cannot both send.
                claimed = SpeakerInvitation.objects.filter(
                    pk=invitation.pk, reminded_at__isnull=True, state=InvitationState.INVITED
                ).update(reminded_at=now)
                if claimed:
                    _remind(invitation, base_url or settings.SITE_URL)
                    sent.append(invitation)
        except MAIL_ERRORS:
            # The claim is undone with the block: the next run tries this one again.
            logger.exception("Reminding speaker %s failed", invitation.speaker_id)
    return sent


def _remind(invitation: SpeakerInvitation, base_url: str) -> None:
    with translation.override(invitation.mail_language):
        send_mail(
            "seminar/speakers/email/speaker_reminder",
            _("Reminder: your details for %(talk)s")
            % {"talk": session_label(invitation.speaker.session)},
            [invitation.email],
            speaker_context(invitation, base_url),
        )
