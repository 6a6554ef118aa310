from django.core.management.base import BaseCommand

from groupsite.http.cache import bump_content_generation
from groupsite.media.renditions import regenerate


class Command(BaseCommand):
    help = "Remake the resized WebP/JPEG/PNG copies of every image the site shows."

    def handle(self, *args, **options):
        made, failed = regenerate()
        bump_content_generation()
        self.stdout.write(f"Remade {made} rendition set(s); {failed} source(s) could not be read.")
        if failed:
            raise SystemExit(1)
