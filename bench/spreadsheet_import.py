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
from import_export.formats.base_formats import XLSX  # noqa: E402

from seminar.models import Series, Session  # noqa: E402
from seminar.resources import SessionResource  # noqa: E402

PROGRAMME = ROOT / "tests" / "seminar" / "data" / "spreadsheets" / "programme.xlsx"


def measure(dataset, **options) -> tuple[float, float, int]:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = SessionResource().import_data(dataset, **options)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    assert not result.has_errors() and not result.has_validation_errors()
    return elapsed, cpu, len(queries)


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
    print("| sheet | step | wall time | CPU time | queries | queries per row |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, dataset in (("66 rows", programme), ("660 rows", larger(programme, 10))):
        Session.objects.all().delete()
        for step, options in (("preview", {"dry_run": True}), ("confirm", {}),
                              ("re-import", {})):  # fmt: skip
            seconds, cpu, queries = measure(dataset, **options)
            print(f"| {name} | {step} | {seconds:.1f} s | {cpu:.1f} s | {queries} | "
                  f"{queries / len(dataset):.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
