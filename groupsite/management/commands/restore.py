from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
            raise CommandError(_("Nothing was restored. %(reason)s") % {"reason": error}) from None
        count = len(manifest["media"])
        self.stdout.write(
            ngettext(
                "Restored the backup of %(created)s (%(database)s): the database and %(count)s "
                "media file(s).",
                "Restored the backup of %(created)s (%(database)s): the database and %(count)s "
                "media file(s).",
                count,
            )
            % {"created": manifest["created"], "database": manifest["database"], "count": count}
        )
