"""Helpers for tests of sheet imports (groupsite.sheets): a plan from plain rows, and the
admin's upload → preview → confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile

from groupsite.sheets.files import Table


def plan_rows(sheet, *rows, headers):
    """The plan for ``rows`` under ``headers``, as the admin's preview computes it."""
    return sheet.plan(Table(headers=list(headers), rows=[list(row) for row in rows]))


def import_rows(sheet, *rows, headers, user=None):
    """Plan, then apply if nothing is refused; the plan."""
    plan = plan_rows(sheet, *rows, headers=headers)
    if not plan.refused:
        sheet.apply(plan, user=user)
    return plan


def errors(plan) -> dict[int, dict[str, list[str]]]:
    """Row number (header = 1) → column → reasons."""
    return plan.errors_by_number()


def admin_url(model, action: str) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{action}/"


def upload(client, model, data, name="sheet.csv", format=""):
    data = data.encode() if isinstance(data, str) else data
    file = SimpleUploadedFile(name, data)
    return client.post(admin_url(model, "import"), {"import_file": file, "format": format})


def confirm(client, model, preview):
    return client.post(admin_url(model, "process_import"), preview.context["confirm_form"].initial)


def page_errors(response) -> str:
    """The refusal as staff read it: the upload form's errors and the plan's reasons."""
    context = response.context
    parts = []
    form = context.get("form")
    if form is not None:
        parts += [str(e) for errors in form.errors.values() for e in errors]
    plan = context.get("plan")
    if plan is not None:
        parts += [message for _, _, message in plan.refusals()]
    return " | ".join(parts)


def admin_export(client, model, format="csv", columns=None) -> bytes:
    page = client.get(admin_url(model, "export"))
    form = page.context["form"]
    chosen = columns or [name for name, _ in form.fields["columns"].choices]
    response = client.post(admin_url(model, "export"), {"format": format, "columns": chosen})
    assert response.status_code == 200, response.content[:500]
    return response.content


def dataset(*rows, headers) -> Table:
    """A sheet as a reader gives it: the header row and the data rows."""
    return Table(headers=list(headers), rows=[list(row) for row in rows])


def import_table(sheet, table, dry_run=False, user=None):
    """The plan for ``table``; applied unless ``dry_run`` or refused."""
    plan = sheet.plan(table)
    if not dry_run and not plan.refused:
        sheet.apply(plan, user=user)
    return plan


def load(path) -> Table:
    """A sheet file as the admin reads it."""
    from groupsite.sheets.files import detect_format, read_sheet

    data = path.read_bytes()
    return read_sheet(data, detect_format(path.name, data))
