"""Remove the demo content: exactly the rows and files load_demo_content wrote."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pages.demo.removal import RemovalBlocked, remove_demo_content


class Command(BaseCommand):
    help = (
        "Remove the demo rows and their media files; everything staff made stays. "
        "Running it again removes nothing more."
    )

    def handle(self, *args, **options):
        try:
            removal = remove_demo_content()
        except RemovalBlocked as blocked:
            raise CommandError(str(blocked)) from None
        if removal.nothing:
            self.stdout.write(_("No demo content to remove."))
            return
        rows = ", ".join(f"{count} {name}" for name, count in sorted(removal.rows.items()))
        self.stdout.write(
            _("Removed demo content: %(rows)s; %(files)s files.")
            % {"rows": rows or _("no rows"), "files": removal.files}
        )
        for line in removal.detached:
            self.stdout.write(_("Detached: %(link)s.") % {"link": line})
        if removal.settings_kept:
            self.stdout.write(
                _(
                    "Site settings were edited since the demo filled them, so they are kept as "
                    "they are; change them in the admin."
                )
            )
        elif removal.settings_restored:
            self.stdout.write(_("Site settings are back to what they were before the demo."))
        self.stdout.write(self.style.SUCCESS(_("Demo content removed.")))
