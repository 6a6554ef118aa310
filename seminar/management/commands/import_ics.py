from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from seminar.importing import CalendarImportError, import_calendar
from seminar.models import Series


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse takes no lazy text
        return _(
            "Create or update a series' sessions from an iCalendar file, matched by UID. "
            "All or nothing: a file with any problem changes nothing."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("The .ics file."))
        parser.add_argument("--series", required=True, help=_("Slug of the series to import into."))
        parser.add_argument(
            "--user",
            help=_("Username recorded as the author of the sessions' history entries."),
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help=_(
                "The file holds the whole series: number every session by start time, "
                "1 = oldest. Refused if the series has sessions the file does not list."
            ),
        )

    def handle(self, *args, file, series, fresh, user=None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(_("No user “%(user)s”.") % {"user": user})
        try:
            target = Series.objects.get(slug=series)
        except Series.DoesNotExist:
            known = ", ".join(Series.objects.values_list("slug", flat=True)) or _("none yet")
            raise CommandError(
                _("No series “%(series)s”. Known series: %(known)s.")
                % {"series": series, "known": known}
            ) from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from None
        try:
            report = import_calendar(data, target, fresh=fresh, file_name=file.name, user=author)
        except CalendarImportError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                _("Nothing was imported from %(file)s:\n%(problems)s")
                % {"file": file, "problems": lines}
            ) from None
        if report.encoding != "utf-8":
            self.stdout.write(
                _("The file is not UTF-8; it was read as %(encoding)s.")
                % {"encoding": report.encoding}
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        self.stdout.write(
            _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            }
        )
