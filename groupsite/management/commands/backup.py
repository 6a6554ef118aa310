from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from groupsite.content.backup import create_backup


class Command(BaseCommand):
    help = "Write all content, user accounts and uploaded media into one archive (a .zip)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Archive to write, e.g. backup-2026-11-24.zip")

    def handle(self, *args, file, **options):
        if not file.parent.exists():
            raise CommandError(f"The folder {file.parent} does not exist.")
        manifest = create_backup(file)
        self.stdout.write(
            f"Wrote {file}: the database ({manifest['database']}) and "
            f"{len(manifest['media'])} media file(s)."
        )
