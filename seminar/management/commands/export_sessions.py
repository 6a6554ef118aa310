import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seminar import export
from seminar.models import Series, Session

WRITERS = {"json": export.write_json, "csv": export.write_csv}


class Command(BaseCommand):
    help = "Write every published session (oldest first) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument("--series", help="Only this series (slug).")
        parser.add_argument("--output", help="File to write; standard output if omitted.")

    def handle(self, *args, format, series, output, **options):
        sessions = Session.objects.published().with_listing_data().order_by("start")
        if series:
            if not Series.objects.filter(slug=series).exists():
                raise CommandError(f"No series “{series}”.")
            sessions = sessions.filter(series__slug=series)
        records = export.session_records(sessions, settings.SITE_URL)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                WRITERS[format](records, stream)
            self.stderr.write(f"Wrote {len(records)} sessions to {output}.")
        else:
            buffer = io.StringIO()
            WRITERS[format](records, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
