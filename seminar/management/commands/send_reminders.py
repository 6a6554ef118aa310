from django.core.management.base import BaseCommand

from seminar.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Mail a reminder for each published session starting within --hours that has not had "
        "one yet. Safe to run from cron as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Look-ahead (default 24).")

    def handle(self, *args, hours, **options):
        if hours < 1:
            self.stderr.write("--hours must be at least 1.")
            raise SystemExit(2)
        sent = send_due_reminders(hours)
        for session in sent:
            self.stdout.write(f"Reminded {session.series.announcement_email} of “{session}”.")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
