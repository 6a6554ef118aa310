from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groupsite.content.backup import create_backup


class Command(BaseCommand):
    help = "Write all content, user accounts and uploaded media into one archive (a .zip)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Archive to write, e.g. backup-2026-11-24.zip")

    def handle(self, *args, file, **options):
        if not file.parent.exists():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": file.parent})
        manifest = create_backup(file)
        count = len(manifest["media"])
        self.stdout.write(
            ngettext(
                "Wrote %(file)s: the database (%(database)s) and %(count)s media file(s).",
                "Wrote %(file)s: the database (%(database)s) and %(count)s media file(s).",
                count,
            )
            % {"file": file, "database": manifest["database"], "count": count}
        )
