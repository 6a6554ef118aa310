from django.core.management.base import BaseCommand

from seminar.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Mail a reminder for each published session starting within --hours that has not had "
        "one yet. Safe to run from cron as often as you like. A session whose mail fails is "
        "reported and tried again on the next run; the others are still sent, and the "
        "command then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Look-ahead (default 24).")

    def handle(self, *args, hours, **options):
        if hours < 1:
            self.stderr.write("--hours must be at least 1.")
            raise SystemExit(2)
        reminders = send_due_reminders(hours)
        for session in reminders.sent:
            self.stdout.write(f"Reminded {session.series.announcement_email} of “{session}”.")
        for session, reason in reminders.failed:
            self.stderr.write(f"Could not remind of “{session}” ({session.series}): {reason}")
        self.stdout.write(f"{len(reminders.sent)} reminder(s) sent.")
        if reminders.failed:
            self.stderr.write(f"{len(reminders.failed)} reminder(s) failed; see above.")
            raise SystemExit(1)
