from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from groupsite.sheets.files import FORMATS, write_sheet
from seminar.models import Series, Session
from seminar.session_sheet import export_sessions

# The admin's export and this command share the session sheet's columns and the file
# writer (formula-safe CSV and XLSX): the file imports back through the admin.


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse takes no lazy text
        return _(
            "Write every published session (oldest first) as JSON, CSV or XLSX, in the "
            "columns the admin's spreadsheet import reads back."
        )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("--series", help=_("Only this series (slug)."))
        parser.add_argument("--output", help=_("File to write; standard output if omitted."))

    def handle(self, *args, format, series, output, **options):
        sessions = Session.objects.published().order_by("start")
        if series:
            if not Series.objects.filter(slug=series).exists():
                raise CommandError(_("No series “%(series)s”.") % {"series": series})
            sessions = sessions.filter(series__slug=series)
        if format == "xlsx" and not output:
            raise CommandError(_("XLSX is a binary format: name a file with --output."))
        headers, rows = export_sessions(sessions, base_url=settings.SITE_URL)
        content = write_sheet(headers, rows, format)
        if output:
            with open(output, "wb") as stream:
                stream.write(content)
            self.stderr.write(
                _("Wrote %(count)s sessions to %(file)s.") % {"count": len(rows), "file": output}
            )
        else:
            text = content.decode()
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
