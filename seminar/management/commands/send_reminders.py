from django.conf import settings
from django.core.management.base import BaseCommand

from seminar.services import send_due_reminders
from seminar.speakers.services import send_due_speaker_reminders


class Command(BaseCommand):
    help = (
        "Mail a reminder for each published session starting within --hours that has not had "
        "one yet, and remind (once) invited speakers who have not sent their details and speak "
        "within --speaker-days. Safe to run from cron as often as you like. A session whose "
        "mail fails is reported and tried again on the next run; the others are still sent, "
        "and the command then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Look-ahead (default 24).")
        parser.add_argument(
            "--speaker-days",
            type=int,
            default=settings.SPEAKER_REMINDER_DAYS_BEFORE,
            help="Remind silent speakers this many days ahead "
            f"(default {settings.SPEAKER_REMINDER_DAYS_BEFORE}, SPEAKER_REMINDER_DAYS_BEFORE).",
        )

    def handle(self, *args, hours, speaker_days, **options):
        if hours < 1 or speaker_days < 0:
            self.stderr.write("--hours must be at least 1 and --speaker-days at least 0.")
            raise SystemExit(2)
        reminders = send_due_reminders(hours)
        for session in reminders.sent:
            self.stdout.write(f"Reminded {session.series.announcement_email} of “{session}”.")
        for session, reason in reminders.failed:
            self.stderr.write(f"Could not remind of “{session}” ({session.series}): {reason}")
        self.stdout.write(f"{len(reminders.sent)} reminder(s) sent.")
        speakers = send_due_speaker_reminders(speaker_days)
        for invitation in speakers:
            self.stdout.write(f"Reminded speaker {invitation.speaker.name} ({invitation.email}).")
        self.stdout.write(f"{len(speakers)} speaker reminder(s) sent.")
        if reminders.failed:
            self.stderr.write(f"{len(reminders.failed)} reminder(s) failed; see above.")
            raise SystemExit(1)
