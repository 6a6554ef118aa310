"""The django-import-export integration still used by the sheets not yet moved to
groupsite.sheets.plan / groupsite.sheets.admin (series, positions, news, publications);
cells, files and previews come from the new modules. To be removed with the library.

A file is imported whole or not at all; rows are validated exactly as the admin's forms
validate (the models' own validators and clean()); a confirmed import is one entry in each
object's history (django-reversion). Row numbers in messages count the header as row 1,
as spreadsheet programs do.
"""

import logging

import reversion
import tablib
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from import_export.results import Error
from import_export.tmp_storages import BaseStorage

from groupsite.content.seo import site_root
from groupsite.deadline import OutOfTime, check_time, time_budget
from groupsite.sheets import files, preview
from groupsite.sheets.cells import (  # noqa: F401 (the old resources import them from here)
    ascii_number,
    choice_value,
    escape_formula,
    format_local_datetime,
    https_url,
    parse_local_datetime,
    parse_yes_no,
    text,
    unescape_formula,
)
from groupsite.sheets.files import (  # noqa: F401
    HEADER_ROW,
    MAX_COLUMNS,
    FormulaWithoutValue,
    SheetError,
    limits,
    replace_illegal_characters,
    too_large,
    too_many_rows,
)
from groupsite.sheets.plan import UNREADABLE_ROW

logger = logging.getLogger(__name__)


def _map_cells(dataset: tablib.Dataset, change) -> tablib.Dataset:
    """A copy of ``dataset`` with ``change`` applied to every data cell (not the headers)."""
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([change(cell) for cell in row])
    return copy


def check_row_count(dataset: tablib.Dataset) -> None:
    if len(dataset) > limits()[1]:
        raise SheetError(too_many_rows(f"{len(dataset):,}"))


def check_headers(dataset: tablib.Dataset) -> None:
    """The first row must name the columns."""
    headers = dataset.headers or []
    if not headers or not any(text(header) for header in headers):
        raise SheetError(
            "The file has no header row: its first row must name the columns, like "
            "“series, title, start”. Download the sample sheet to see them."
        )


class SafeFormat:
    """For a tablib format: formula-safe export and the matching import (see
    :func:`escape_formula`), and the row limit on import."""

    escapes_formulae = True

    def export_data(self, dataset, **kwargs):
        if self.escapes_formulae:
            dataset = _map_cells(dataset, escape_formula)
        return super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = self.read_dataset(in_stream, **kwargs)
        check_headers(dataset)
        check_row_count(dataset)
        if self.escapes_formulae:
            dataset = _map_cells(dataset, unescape_formula)
        return dataset

    def read_dataset(self, in_stream, **kwargs):
        return super().create_dataset(in_stream, **kwargs)


class SpreadsheetCSV(SafeFormat, CSV):
    """CSV as any spreadsheet program saves it (groupsite.sheets.files.read_csv)."""

    def read_dataset(self, in_stream, **kwargs):
        return _dataset(files.read_csv(in_stream))


class SpreadsheetXLSX(SafeFormat, XLSX):
    """XLSX: the first sheet; formula-safe both ways.

    A workbook cannot hold most control characters (openpyxl refuses them). The site
    refuses them in what it stores, but text stored before that rule is exported with
    U+FFFD (�) in their place, so an export never fails.
    """

    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, replace_illegal_characters), **kwargs)

    def read_dataset(self, in_stream, **kwargs):
        return _dataset(files.read_xlsx(in_stream))


def _dataset(table: files.Table) -> tablib.Dataset:
    return tablib.Dataset(*table.rows, headers=table.headers)


class SpreadsheetJSON(SafeFormat, JSON):
    """JSON is never opened as a spreadsheet: no apostrophes, only the row limit."""

    escapes_formulae = False

    def read_dataset(self, in_stream, **kwargs):
        return _dataset(files.read_json(in_stream))


FORMATS = [SpreadsheetCSV, SpreadsheetXLSX, SpreadsheetJSON]


def sheet_row(row_number: int) -> int:
    """import-export counts data rows from 1; a spreadsheet shows the header as row 1."""
    return row_number + HEADER_ROW


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


class TextCellWidget(widgets.CharWidget):
    """A text cell: empty is "" (a text field is never NULL), whole numbers lose ".0"."""

    def clean(self, value, row=None, **kwargs):
        return text(value)


class HttpsURLWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return https_url(value)


class ContentResource(resources.ModelResource):
    """What every spreadsheet import shares; subclasses name the key columns."""

    #: Example values for the sample spreadsheet, column by column.
    sample: dict = {}
    #: Columns that may appear in a file but are only ever written (e.g. a page address).
    export_only_columns: tuple = ()
    #: Relations the export reads for every row, loaded in one query each.
    export_related: tuple = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, base_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        if isinstance(queryset, models.QuerySet):
            queryset = queryset.prefetch_related(*self.export_related)
        else:
            models.prefetch_related_objects(queryset, *self.export_related)
        return super().export(queryset, **kwargs)

    # Reading the file --------------------------------------------------------------------
    def known_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()} | set(
            self.export_only_columns
        )

    def before_import(self, dataset, **kwargs):
        """Nothing: ``_prepare`` ran before the library reached its own call."""

    def _prepare(self, dataset, **kwargs) -> None:
        self.check_columns(dataset)
        self.keys_seen: dict = {}
        self.claimed: dict = {}
        self.prepare_import(dataset, **kwargs)

    def check_columns(self, dataset) -> None:
        """Headers in any case and spacing; an unknown, unnamed or repeated column refuses
        the file, losing nothing."""
        dataset.headers = [
            text(header).lower().replace(" ", "_") for header in dataset.headers or []
        ]
        unnamed = [str(n) for n, header in enumerate(dataset.headers, 1) if not header]
        if unnamed:
            raise SheetError(
                f"Column {', '.join(unnamed)} has no name in the header row; name it or "
                f"delete it. This sheet takes: {', '.join(self.column_names())}."
            )
        unknown = [header for header in dataset.headers if header not in self.known_columns()]
        if unknown:
            raise SheetError(
                f"Unknown column(s): {', '.join(unknown)}. "
                f"This sheet takes: {', '.join(self.column_names())}."
            )
        repeated = list(dict.fromkeys(h for h in dataset.headers if dataset.headers.count(h) > 1))
        if repeated:
            raise SheetError(
                f"The column {', '.join(repeated)} appears more than once; keep one of each, "
                "so that it is clear which value counts."
            )

    def prepare_import(self, dataset, **kwargs) -> None:
        """What the rows are matched and checked against, read once for the file."""

    def import_data_inner(
        self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
    ):
        """A file whose columns or lookups fail is refused whole: no row is read (the
        library would go on to the rows after before_import failed)."""
        try:
            self._prepare(dataset, **kwargs)
        except Exception as error:
            return self._refused(dataset, error, raise_errors)
        try:
            return super().import_data_inner(
                dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
            )
        except OutOfTime as error:
            return self._refused(dataset, error, raise_errors)

    def _refused(self, dataset, error, raise_errors):
        """A result refusing the whole file; import_data rolls back on its error."""
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        self.handle_import_error(result, error, raise_errors)
        return result

    def import_row(self, row, instance_loader, **kwargs):
        check_time()  # a file that takes too long stops here, between rows, all rolled back
        return super().import_row(row, instance_loader, **kwargs)

    @classmethod
    def get_error_result_class(cls):
        return StaffError

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        """A text field that may not be NULL reads an empty cell (None in XLSX) as ""."""
        if isinstance(f, models.CharField | models.TextField) and not f.null:
            return TextCellWidget
        return super().widget_from_django_field(f, default)

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
        row_number = kwargs.get("row_number")
        duplicate = self.duplicate_key(row, row_number) or self.claim(instance, row_number)
        if duplicate:
            errors[NON_FIELD_ERRORS] = [duplicate]
        try:
            try:
                super().import_instance(instance, row, **kwargs)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            self.import_extra(instance, row, errors)
        except Exception:
            # A fault of ours in reading one row: that row is refused with a sentence, and
            # the other rows still show their own reasons (an error would hide them).
            logger.exception("Spreadsheet row %s could not be read", sheet_row(row_number or 0))
            errors.setdefault(NON_FIELD_ERRORS, []).append(UNREADABLE_ROW)
            raise ValidationError(errors) from None
        try:
            instance.full_clean(
                exclude=set(errors) | self.not_editable(instance) | self.checked_already(instance),
                validate_unique=False,
                validate_constraints=False,  # validate_instance checks them, once
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.check_lengths(instance, errors)
        for column, value in row.items():
            if isinstance(value, FormulaWithoutValue):
                errors[column] = [value.message()]
        if errors:
            raise ValidationError(errors)

    def claim(self, instance, row_number) -> str:
        """A message if an earlier row of the file matched the same object, else ""."""
        if instance is None or instance.pk is None:
            return ""
        earlier = self.claimed.setdefault(instance.pk, row_number)
        if earlier == row_number:
            return ""
        noun = instance._meta.verbose_name
        return (
            f"Row {sheet_row(row_number)} matches the {noun} “{instance}”, as row "
            f"{sheet_row(earlier)} does; each {noun} may appear once."
        )

    def check_lengths(self, instance, errors: dict) -> None:
        """Text longer than its field holds is refused, never cut (fields full_clean skips,
        like a session's UID, included)."""
        for field in instance._meta.concrete_fields:
            value = getattr(instance, field.attname, None)
            limit = getattr(field, "max_length", None)
            if field.name in errors or not isinstance(value, str) or not limit:
                continue
            if len(value) > limit:
                errors[field.name] = [
                    f"This is {len(value):,} characters long; {field.name} takes at most {limit:,}."
                ]

    def checked_already(self, instance) -> set[str]:
        """Fields the resource has checked itself (e.g. a foreign key found in a lookup
        read once for the whole file), which full_clean need not query again."""
        return set()

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


class StaffError(Error):
    """An error as the preview shows it: our own messages as they are; anything unexpected
    (a bug, a database error) as a sentence, the details only in the log."""

    def __init__(self, error, row=None, number=None):
        if not isinstance(error, SheetError | OutOfTime):
            logger.error("Unexpected error in a spreadsheet import", exc_info=error)
            error = SheetError(
                "This could not be imported because of a problem on the site's side, not "
                "necessarily in the file; nothing was saved. Check the row's values, and if "
                "they look right, tell the site's administrator."
            )
        super().__init__(error, row, number)


class _Abandoned(Exception):
    """Leaves a revision unsaved when its import was rolled back."""

    def __init__(self, result):
        super().__init__("import rolled back")
        self.result = result


class PreviewStorage(BaseStorage):
    """django-import-export's tmp storage, kept in groupsite.sheets.preview."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.read_mode = "rb"

    def save(self, data):
        self.name = preview.save(data.encode() if isinstance(data, str) else data)

    def read(self):
        with preview.storage().open(self.name, "rb") as stream:
            return stream.read()

    def remove(self):
        preview.remove(self.name)

    def claim(self) -> bytes | None:
        return preview.claim(self.name)


class LimitedImportForm(ImportForm):
    """The upload form, refusing a file over SPREADSHEET_IMPORT_MAX_MB before reading it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if too_large(upload.size):
            raise ValidationError(too_large(upload.size))
        return upload


class SignedConfirmImportForm(ConfirmImportForm):
    """The confirm step's hidden fields, signed for the user who saw the preview."""

    signature = forms.CharField(widget=forms.HiddenInput())
    SIGNED = ("import_file_name", "original_file_name", "format", "resource")

    def __init__(self, *args, user=None, model: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.model = user, model

    @classmethod
    def sign(cls, values: dict, user, model: str) -> str:
        """For this user, this file and this model (``app_label.model_name``): a session
        preview's confirmation posted to the members' import is refused."""
        payload = "\n".join(
            [str(getattr(user, "pk", "")), model, *(str(values.get(k, "")) for k in cls.SIGNED)]
        )
        return signing.Signer(salt="groupsite.sheets.spreadsheets.confirm").signature(payload)

    def clean(self):
        data = super().clean()
        raw = {name: self.data.get(name, "") for name in self.SIGNED}
        expected = self.sign(raw, self.user, self.model)
        if not constant_time_compare(expected, self.data.get("signature", "")):
            raise ValidationError("The confirmation does not match the preview.")
        return data


class ColumnsExportForm(SelectableFieldsExportForm):
    """The export page's column boxes, kept apart from the form's own fields.

    The library strips each box's ``<resource>_`` prefix into the same dictionary as the
    form's fields, so a column named like one of them (a session's ``format``) overwrote
    the file format and was dropped from the file. Here the ticked columns are collected
    in a list of their own.
    """

    def _normalize_resource_fields(self, selected_resource) -> None:
        prefix = self.create_boolean_field_name(selected_resource, "")
        self._selected_resource_fields = [
            name.removeprefix(prefix)
            for name, ticked in self.cleaned_data.items()
            if name.startswith(prefix) and ticked is True
        ]

    def _validate_any_field_selected(self, resource) -> None:
        if not self._selected_resource_fields:
            raise ValidationError(
                f"Tick at least one column of “{resource.get_display_name()}” to export."
            )

    def get_selected_resource_export_fields(self):
        order = list(self.get_selected_resource()().get_export_order())
        chosen = set(self._selected_resource_fields)
        return [name for name in order if name in chosen]


class SpreadsheetAdmin(ImportExportMixin):
    """For a ModelAdmin: import (preview, then confirm), export, a sample sheet per format."""

    formats = FORMATS
    import_template_name = "admin/spreadsheet_import.html"
    export_template_name = "admin/spreadsheet_export.html"
    import_error_display = ("message",)
    tmp_storage_class = PreviewStorage
    import_form_class = LimitedImportForm
    confirm_form_class = SignedConfirmImportForm
    export_form_class = ColumnsExportForm

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

    # Preview and confirm -------------------------------------------------------------------
    def write_to_tmp_storage(self, import_file, input_format):
        storage = self.get_tmp_storage_class()(**self.get_tmp_storage_class_kwargs())
        storage.save(b"".join(import_file.chunks()))
        return storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetError | OutOfTime):
            form.add_error("import_file", str(e))
            return
        form.add_error(
            "import_file",
            "The file could not be read as the format chosen. Check the format, or open the "
            "file in your spreadsheet program and save it again as CSV (UTF-8) or XLSX.",
        )

    def import_action(self, request, **kwargs):
        """As the library's, but a file whose preview cannot be confirmed is not kept."""
        upload = request.FILES.get("import_file")
        try:
            with time_budget():
                response = super().import_action(request, **kwargs)
        except Exception:
            # Whatever went wrong, the upload does not stay behind.
            name = getattr(upload, "tmp_storage_name", None)
            if name:
                self.get_tmp_storage_class()(name=name).remove()
            raise
        name = getattr(upload, "tmp_storage_name", None)
        context = getattr(response, "context_data", None) or {}
        if name and "confirm_form" not in context:
            self.get_tmp_storage_class()(name=name).remove()
        return response

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            **super().get_confirm_form_kwargs(request, import_form),
            "user": request.user,
            "model": self.opts.label_lower,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial:
            initial["signature"] = SignedConfirmImportForm.sign(
                initial, request.user, self.opts.label_lower
            )
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: a changed form, a preview confirmed already or expired, or data that
        changed since the preview each get a message; nothing is written twice."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        again = reverse(
            "admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name
        )
        form = self.create_confirm_form(request)
        formats = self.get_import_formats()
        if (
            not form.is_valid()
            or not (form.cleaned_data["format"].isascii() and form.cleaned_data["format"].isdigit())
            or int(form.cleaned_data["format"]) >= len(formats)
        ):
            messages.error(
                request,
                "This confirmation does not belong to a preview shown to you, so nothing was "
                "imported. Upload the file again.",
            )
            return HttpResponseRedirect(again)
        data = self.get_tmp_storage_class()(name=form.cleaned_data["import_file_name"]).claim()
        if data is None:
            hours = settings.SPREADSHEET_IMPORT_PREVIEW_HOURS
            messages.error(
                request,
                "This preview was imported already, or it has expired (a preview waits "
                f"{hours} hours), so nothing more was imported. To import the file, upload it "
                "again.",
            )
            return HttpResponseRedirect(again)
        input_format = formats[int(form.cleaned_data["format"])](encoding=self.from_encoding)
        with time_budget():
            try:
                dataset = input_format.create_dataset(data)
            except OutOfTime as late:
                messages.error(request, str(late))
                return HttpResponseRedirect(again)
            except Exception:  # read fine for the preview; say so rather than fail
                messages.error(request, "The file could not be read again; nothing was imported.")
                return HttpResponseRedirect(again)
            result = self.process_dataset(dataset, form, request, **kwargs)
        late = [error.error for error in result.base_errors if isinstance(error.error, OutOfTime)]
        if late:
            messages.error(request, str(late[0]))
            return HttpResponseRedirect(again)
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                "The site's data changed since the preview, and the file no longer imports "
                "cleanly, so nothing was imported. Upload it again to see why.",
            )
            return HttpResponseRedirect(again)
        return self.process_result(result, request)

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
