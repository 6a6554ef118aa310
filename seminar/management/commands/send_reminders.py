from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seminar.services import send_due_reminders
from seminar.speakers.reminders import send_due_speaker_reminders


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse takes no lazy text
        return _(
            "Mail a reminder for each published session starting within --hours that has not had "
            "one yet, and remind (once) invited speakers who have not sent their details and speak "
            "within --speaker-days. Safe to run from cron as often as you like. A session whose "
            "mail fails is reported and tried again on the next run; the others are still sent, "
            "and the command then exits with status 1."
        )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help=_("Look-ahead (default 24)."))
        parser.add_argument(
            "--speaker-days",
            type=int,
            default=settings.SPEAKER_REMINDER_DAYS_BEFORE,
            help=_(
                "Remind silent speakers this many days ahead (default %(days)s, "
                "SPEAKER_REMINDER_DAYS_BEFORE)."
            )
            % {"days": settings.SPEAKER_REMINDER_DAYS_BEFORE},
        )

    def handle(self, *args, hours, speaker_days, **options):
        if hours < 1 or speaker_days < 0:
            self.stderr.write(_("--hours must be at least 1 and --speaker-days at least 0."))
            raise SystemExit(2)
        reminders = send_due_reminders(hours)
        for session in reminders.sent:
            self.stdout.write(
                _("Reminded %(address)s of “%(session)s”.")
                % {"address": session.series.announcement_email, "session": session}
            )
        for session, reason in reminders.failed:
            self.stderr.write(
                _("Could not remind of “%(session)s” (%(series)s): %(reason)s")
                % {"session": session, "series": session.series, "reason": reason}
            )
        count = len(reminders.sent)
        self.stdout.write(
            ngettext("%(count)s reminder(s) sent.", "%(count)s reminder(s) sent.", count)
            % {"count": count}
        )
        speakers = send_due_speaker_reminders(speaker_days)
        for invitation in speakers:
            self.stdout.write(
                _("Reminded speaker %(name)s (%(email)s).")
                % {"name": invitation.speaker.name, "email": invitation.email}
            )
        count = len(speakers)
        self.stdout.write(
            ngettext(
                "%(count)s speaker reminder(s) sent.", "%(count)s speaker reminder(s) sent.", count
            )
            % {"count": count}
        )
        if reminders.failed:
            count = len(reminders.failed)
            self.stderr.write(
                ngettext(
                    "%(count)s reminder(s) failed; see above.",
                    "%(count)s reminder(s) failed; see above.",
                    count,
                )
                % {"count": count}
            )
            raise SystemExit(1)
