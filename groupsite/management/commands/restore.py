from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from groupsite.content.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty, migrated database and media "
        "folder. The archive is checked completely first; on any problem nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by `manage.py backup`.")

    def handle(self, *args, file, **options):
        try:
            manifest = restore_backup(file)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from None
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['database']}): "
            f"the database and {len(manifest['media'])} media file(s)."
        )
