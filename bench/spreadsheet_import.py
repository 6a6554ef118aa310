"""Import the organiser programme (66 sessions) and a 2,000-session sheet, preview and confirm.

Prints wall time and query count of the preview (dry run), the confirmed import into an
empty series, and the re-import that changes nothing; then the admin's whole preview page
(upload, read, preview, render) for the 2,000-row sheet as CSV. Target (review of issue
14): the 2,000-session preview under ~10 s. Run: .venv/bin/python bench/spreadsheet_import.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="groupsite-bench-")) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["SPREADSHEET_IMPORT_MAX_ROWS"] = "2000"  # the admin's default is lower

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from groupsite.sheets.files import Table, read_sheet, write_sheet  # noqa: E402
from seminar.models import Series, Session  # noqa: E402
from seminar.session_sheet import SessionSheet  # noqa: E402

PROGRAMME = ROOT / "tests" / "seminar" / "data" / "spreadsheets" / "programme.xlsx"


def measure(table, dry_run=False) -> tuple[float, float, int]:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began, began_cpu = time.perf_counter(), time.process_time()
        plan = SessionSheet().plan(table)
        if not dry_run:
            SessionSheet().apply(plan)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    assert not plan.refused, plan.refusals()[:3]
    return elapsed, cpu, len(queries)


def larger(programme: Table, rows: int) -> Table:
    headers = [header.lower() for header in programme.headers]
    table = Table(headers=headers)
    for copy in range(rows // len(programme.rows) + 1):
        for row in programme.rows:
            if len(table.rows) == rows:
                return table
            values = dict(zip(headers, row, strict=True))
            values["start"] = values["start"].replace(year=values["start"].year + 3 * copy)
            values["title"] = f"{values['title']} [{copy}]"
            table.rows.append([values[h] for h in headers])
    return table


def main() -> None:
    call_command("migrate", verbosity=0)
    Series.objects.create(slug="ml-seminar", name="ML Seminar")
    programme = read_sheet(PROGRAMME.read_bytes(), "xlsx")
    print("| sheet | step | wall time | CPU time | queries | queries per row |")
    print("| --- | --- | --- | --- | --- | --- |")
    big = larger(programme, 2000)
    for name, dataset in (("66 rows", programme), ("2,000 rows", big)):
        Session.objects.all().delete()
        for step, dry_run in (("preview", True), ("confirm", False), ("re-import", False)):
            seconds, cpu, queries = measure(dataset, dry_run=dry_run)
            print(f"| {name} | {step} | {seconds:.1f} s | {cpu:.1f} s | {queries} | "
                  f"{queries / len(dataset.rows):.1f} |")  # fmt: skip
    Session.objects.all().delete()
    seconds, cpu, queries = admin_preview(big)
    print(f"| 2,000 rows | admin preview page (CSV) | {seconds:.1f} s | {cpu:.1f} s | {queries} | "
          f"{queries / len(big.rows):.1f} |")  # fmt: skip


def admin_preview(dataset) -> tuple[float, float, int]:
    """The admin's import page: upload the sheet as CSV, preview, render the table."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "pw")
    client = Client()
    client.force_login(user)
    content = write_sheet(dataset.headers, dataset.rows, "csv")
    upload = SimpleUploadedFile("programme.csv", content, content_type="text/csv")
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.post(
            "/admin/seminar/session/import/",
            {"import_file": upload},
        )
        elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    assert response.status_code == 200 and b"Confirm import" in response.content, response
    return elapsed, cpu, len(queries)


if __name__ == "__main__":
    main()
