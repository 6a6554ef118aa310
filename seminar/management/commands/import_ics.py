from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from seminar.importing import CalendarImportError, import_calendar
from seminar.models import Series


class Command(BaseCommand):
    help = (
        "Create or update a series' sessions from an iCalendar file, matched by UID. "
        "All or nothing: a file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .ics file.")
        parser.add_argument("--series", required=True, help="Slug of the series to import into.")
        parser.add_argument(
            "--user",
            help="Username recorded as the author of the sessions' history entries.",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="The file holds the whole series: number every session by start time, "
            "1 = oldest. Refused if the series has sessions the file does not list.",
        )

    def handle(self, *args, file, series, fresh, user=None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user “{user}”.")
        try:
            target = Series.objects.get(slug=series)
        except Series.DoesNotExist:
            known = ", ".join(Series.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No series “{series}”. Known series: {known}.") from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            report = import_calendar(data, target, fresh=fresh, file_name=file.name, user=author)
        except CalendarImportError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"Nothing was imported from {file}:\n{lines}") from None
        if report.encoding != "utf-8":
            self.stdout.write(f"The file is not UTF-8; it was read as {report.encoding}.")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
