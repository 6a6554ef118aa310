"""Spreadsheet import and export (django-import-export), the same for every content model.

A file is imported whole or not at all; rows are validated exactly as the admin's forms
validate (the models' own validators and clean()); a confirmed import is one entry in each
object's history (django-reversion). Row numbers in messages count the header as row 1,
as spreadsheet programs do.
"""

from datetime import date, datetime, time

import reversion
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX

from groupsite.seo import site_root


class SpreadsheetCSV(CSV):
    """CSV as any spreadsheet program saves it: comma- or (German Excel) semicolon-separated."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        header = in_stream.split("\n", 1)[0] if isinstance(in_stream, str) else ""
        if header.count(";") > header.count(","):
            kwargs.setdefault("delimiter", ";")
        return super().create_dataset(in_stream, **kwargs)


FORMATS = [SpreadsheetCSV, XLSX, JSON]
YES = {"yes", "y", "true", "1", "x", "ja"}
NO = {"no", "n", "false", "0", ""}
DATETIME_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"]
HEADER_ROW = 1


def sheet_row(row_number: int) -> int:
    """import-export counts data rows from 1; a spreadsheet shows the header as row 1."""
    return row_number + HEADER_ROW


def text(value) -> str:
    """A cell as text: empty cells are "", whole numbers lose the ".0" spreadsheets add."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"“{value}” is not yes or no.")


def parse_local_datetime(value, zone) -> datetime | None:
    """A date and time as spreadsheets hold them; without an offset it is in ``zone``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        raise ValueError(f"{value} has no time of day; write it like 2024-03-05 15:00.")
    else:
        moment = _parse_datetime_text(text(value))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=zone)
    return moment


def _parse_datetime_text(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    for pattern in DATETIME_FORMATS:
        if moment is not None:
            break
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
    if moment is None or (len(value) <= 10 and moment.time() == time()):
        raise ValueError(f"“{value}” is not a date and time like 2024-03-05 15:00.")
    return moment


def format_local_datetime(value, zone) -> str:
    """``2024-03-05 15:00`` in ``zone``; seconds only where a time has them."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def https_url(value) -> str:
    """As the admin's link fields do: a link typed without a scheme becomes https://."""
    value = text(value)
    return f"https://{value}" if value and "://" not in value else value


def choice_value(choices, value, column: str) -> str:
    """Accept a choice's stored value or its label, in any case."""
    wanted = text(value).lower()
    for stored, label in choices:
        if wanted in (str(stored).lower(), str(label).lower()):
            return stored
    allowed = ", ".join(str(label) for _, label in choices)
    raise ValueError(f"“{value}” is not a {column}; use one of: {allowed}.")


class YesNoWidget(widgets.Widget):
    """yes/no, true/false, 1/0, x; a blank cell keeps the current value (never publishes)."""

    def clean(self, value, row=None, **kwargs):
        return parse_yes_no(value) if text(value) else None

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """Reads a choice by value or label; writes the value."""

    def __init__(self, choices, column: str):
        super().__init__()
        self.choices, self.column = choices, column

    def clean(self, value, row=None, **kwargs):
        return choice_value(self.choices, value, self.column) if text(value) else None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


def yes_no_field(name: str) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=YesNoWidget(), saves_null_values=False
    )


class HttpsURLWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return https_url(value)


class ContentResource(resources.ModelResource):
    """What every spreadsheet import shares; subclasses name the key columns."""

    #: Example values for the sample spreadsheet, column by column.
    sample: dict = {}
    #: Columns that may appear in a file but are only ever written (e.g. a page address).
    export_only_columns: tuple = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, base_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url

    # Reading the file --------------------------------------------------------------------
    def known_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()} | set(
            self.export_only_columns
        )

    def before_import(self, dataset, **kwargs):
        """Headers in any case and spacing; unknown columns refuse the file, losing nothing."""
        dataset.headers = [
            text(header).lower().replace(" ", "_") for header in dataset.headers or []
        ]
        unknown = [header for header in dataset.headers if header not in self.known_columns()]
        if unknown:
            raise SheetError(
                f"Unknown column(s): {', '.join(unknown)}. "
                f"This sheet takes: {', '.join(self.column_names())}."
            )
        self.keys_seen: dict = {}

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def row_key(self, row) -> tuple | None:
        """The stable key of a row; rows with the same key in one file are refused."""
        values = tuple(text(row.get(name)) for name in self.get_import_id_fields())
        return values if all(values) else None

    def duplicate_key(self, row, row_number) -> str:
        """A message if an earlier row of the file has the same key, else ""."""
        key = self.row_key(row)
        if key is None:
            return ""
        if key in self.keys_seen:
            return (
                f"Row {sheet_row(row_number)} repeats {' / '.join(key)} "
                f"from row {sheet_row(self.keys_seen[key])}; each may appear once."
            )
        self.keys_seen[key] = row_number
        return ""

    # Validating ----------------------------------------------------------------------------
    def not_editable(self, instance) -> set[str]:
        return {field.name for field in instance._meta.concrete_fields if not field.editable}

    def import_instance(self, instance, row, **kwargs):
        """Set the fields, then clean as the admin does, so values are normalised (ORCID
        iDs, YouTube ids) before "unchanged" is decided."""
        errors = {}
        duplicate = self.duplicate_key(row, kwargs.get("row_number"))
        if duplicate:
            errors[NON_FIELD_ERRORS] = [duplicate]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.import_extra(instance, row, errors)
        try:
            instance.full_clean(
                exclude=set(errors) | self.not_editable(instance), validate_unique=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_extra(self, instance, row, errors: dict) -> None:
        """Columns beyond the model's own fields; add problems to ``errors``."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Fields and clean() already ran in import_instance; what is left is uniqueness."""
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        if validate_unique:
            exclude = self.not_editable(instance)
            instance.validate_unique(exclude=exclude)
            instance.validate_constraints(exclude=exclude)

    # Writing -------------------------------------------------------------------------------
    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing, and one history entry per object for a confirmed import."""
        kwargs["rollback_on_validation_errors"] = True
        if dry_run:
            return super().import_data(dataset, dry_run=True, **kwargs)
        try:
            with reversion.create_revision():
                user = kwargs.get("user")
                if user is not None and user.is_authenticated:
                    reversion.set_user(user)
                reversion.set_comment(
                    f"Imported from the spreadsheet {kwargs.get('file_name') or ''}".strip() + "."
                )
                result = super().import_data(dataset, dry_run=False, **kwargs)
                if result.has_errors() or result.has_validation_errors():
                    raise _Abandoned(result)
        except _Abandoned as abandoned:
            return abandoned.result
        return result

    def sample_dataset(self) -> tablib.Dataset:
        columns = self.column_names()
        return tablib.Dataset([self.sample.get(column, "") for column in columns], headers=columns)


class SheetError(Exception):
    """The file as a whole cannot be read as this kind of sheet."""


class _Abandoned(Exception):
    """Leaves a revision unsaved when its import was rolled back."""

    def __init__(self, result):
        super().__init__("import rolled back")
        self.result = result


class SpreadsheetAdmin(ImportExportMixin):
    """For a ModelAdmin: import (preview, then confirm), export, a sample sheet per format."""

    formats = FORMATS
    import_template_name = "admin/spreadsheet_import.html"
    export_template_name = "admin/spreadsheet_export.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        # Importing adds and changes objects: it needs both permissions.
        app, model = self.opts.app_label, self.opts.model_name
        return request.user.has_perms([f"{app}.add_{model}", f"{app}.change_{model}"])

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "base_url": ""}

    def get_export_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_export_resource_kwargs(request, **kwargs)
        return {**kwargs, "base_url": site_root(request)}

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import/sample.<str:extension>",
                self.admin_site.admin_view(self.sample_view),
                name="{}_{}_import_sample".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "sample_extensions": [fmt().get_extension() for fmt in self.formats],
        }

    def sample_view(self, request, extension: str):
        """The columns and one example row, for an organiser to start from."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {fmt().get_extension(): fmt() for fmt in self.formats}
        if extension not in formats:
            raise Http404("No such format.")
        file_format = formats[extension]
        resource = self.get_import_resource_classes(request)[0]()
        content = file_format.export_data(resource.sample_dataset())
        response = HttpResponse(content, content_type=file_format.get_content_type())
        name = slugify(self.opts.verbose_name_plural)
        response["Content-Disposition"] = f'attachment; filename="{name}-sample.{extension}"'
        return response
