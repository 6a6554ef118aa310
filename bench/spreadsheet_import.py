"""Import the organiser programme (66 sessions) and a 600-session sheet, preview and confirm.

Prints wall time and query count of the preview (dry run), the confirmed import into an
empty series, and the re-import that changes nothing. No target in the issue; recorded so
a regression shows. Run: .venv/bin/python bench/spreadsheet_import.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="groupsite-bench-")) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "groupsite.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from import_export.formats.base_formats import XLSX  # noqa: E402

from seminar.models import Series, Session  # noqa: E402
from seminar.resources import SessionResource  # noqa: E402

PROGRAMME = ROOT / "tests" / "seminar" / "data" / "spreadsheets" / "programme.xlsx"


def measure(dataset, **options) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        result = SessionResource().import_data(dataset, **options)
        elapsed = time.perf_counter() - began
    assert not result.has_errors() and not result.has_validation_errors()
    return elapsed, len(queries)


def larger(programme, copies: int):
    headers = [header.lower() for header in programme.headers]
    dataset = programme.__class__(headers=headers)
    for copy in range(copies):
        for row in programme:
            values = dict(zip(headers, row, strict=True))
            values["start"] = values["start"].replace(year=values["start"].year + 3 * copy)
            values["title"] = f"{values['title']} [{copy}]"
            dataset.append([values[h] for h in headers])
    return dataset


def main() -> None:
    call_command("migrate", verbosity=0)
    Series.objects.create(slug="ml-seminar", name="ML Seminar")
    programme = XLSX().create_dataset(PROGRAMME.read_bytes())
    print("| sheet | step | time | queries | per row |")
    print("| --- | --- | --- | --- | --- |")
    for name, dataset in (("66 rows", programme), ("660 rows", larger(programme, 10))):
        Session.objects.all().delete()
        for step, options in (("preview", {"dry_run": True}), ("confirm", {}),
                              ("re-import", {})):  # fmt: skip
            seconds, queries = measure(dataset, **options)
            print(f"| {name} | {step} | {seconds:.2f} s | {queries} | "
                  f"{queries / len(dataset):.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
