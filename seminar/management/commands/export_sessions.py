from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from groupsite.sheets.spreadsheets import SpreadsheetCSV, SpreadsheetJSON, SpreadsheetXLSX
from seminar.models import Series, Session
from seminar.resources import SessionResource

# The admin's export and this command share SessionResource and the formats (formula-safe
# CSV and XLSX): one definition of the columns.
FORMATS = {"json": SpreadsheetJSON, "csv": SpreadsheetCSV, "xlsx": SpreadsheetXLSX}


class Command(BaseCommand):
    help = (
        "Write every published session (oldest first) as JSON, CSV or XLSX, in the columns "
        "the admin's spreadsheet import reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("--series", help="Only this series (slug).")
        parser.add_argument("--output", help="File to write; standard output if omitted.")

    def handle(self, *args, format, series, output, **options):
        sessions = Session.objects.published().order_by("start")
        if series:
            if not Series.objects.filter(slug=series).exists():
                raise CommandError(f"No series “{series}”.")
            sessions = sessions.filter(series__slug=series)
        if format == "xlsx" and not output:
            raise CommandError("XLSX is a binary format: name a file with --output.")
        dataset = SessionResource(base_url=settings.SITE_URL).export(sessions)
        content = FORMATS[format]().export_data(dataset)
        if output:
            mode, encoding = ("wb", None) if isinstance(content, bytes) else ("w", "utf-8")
            with open(output, mode, encoding=encoding, newline="" if encoding else None) as stream:
                stream.write(content)
            self.stderr.write(f"Wrote {len(dataset)} sessions to {output}.")
        else:
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")
