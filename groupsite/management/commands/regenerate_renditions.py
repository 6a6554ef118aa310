from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from groupsite.http.cache import bump_content_generation
from groupsite.media.renditions import regenerate


class Command(BaseCommand):
    help = "Remake the resized WebP/JPEG/PNG copies of every image the site shows."

    def handle(self, *args, **options):
        made, failed = regenerate()
        bump_content_generation()
        self.stdout.write(
            _("Remade %(made)s rendition set(s); %(failed)s source(s) could not be read.")
            % {"made": made, "failed": failed}
        )
        if failed:
            raise SystemExit(1)
