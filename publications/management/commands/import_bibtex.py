"""manage.py import_bibtex FILE: the same import as the admin's, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from publications.services import ImportRefused, apply_import, plan_import


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse takes no lazy text
        return _("Import publications from a BibTeX file (matched by DOI, arXiv id, then key).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Path to a .bib file (UTF-8)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show the plan; save nothing.")
        )
        parser.add_argument("--draft", action="store_true", help=_("Import new entries as drafts."))

    def handle(self, *args, file, dry_run=False, draft=False, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        plan = plan_import(text)
        for name, candidates, count in plan.ambiguous_names:
            choices = f" {_('or')} ".join(member.name for member in candidates)
            self.stdout.write(
                _("Ambiguous author “%(name)s” (%(count)s papers): %(choices)s; not linked.")
                % {"name": name, "count": count, "choices": choices}
            )
        for note in plan.skipped:
            self.stdout.write(_("Note: %(note)s") % {"note": note})
        if plan.errors:
            raise CommandError(_("Nothing imported:") + "\n" + "\n".join(plan.errors))
        if dry_run:
            counts = plan.counts
            self.stdout.write(
                _("Would import: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
                % counts
            )
            for planned in plan.with_action("changed"):
                changed = ", ".join(str(label) for label, _old, _new in planned.changes)
                self.stdout.write(f"  {planned.entry.key}: {changed}")
            return
        try:
            result = apply_import(text, publish=not draft)
        except ImportRefused as refused:
            raise CommandError(_("Nothing imported:") + "\n" + "\n".join(refused.reasons)) from None
        self.stdout.write(self.style.SUCCESS(
            _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ))  # fmt: skip
