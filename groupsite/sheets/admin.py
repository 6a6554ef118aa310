"""The admin's import (upload → preview of the plan → confirm → apply), export (columns and
format) and sample sheet, for a ModelAdmin that names its ``sheet_class``.

Importing needs the add and change permissions; exporting the view permission. The
uploaded file waits for its confirmation in groupsite.sheets.preview; reading, planning
and applying run inside the time budget (groupsite.deadline).
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groupsite.content.seo import site_root
from groupsite.deadline import OutOfTime, time_budget
from groupsite.sheets import preview
from groupsite.sheets.files import (
    CONTENT_TYPES,
    FORMAT_LABELS,
    FORMATS,
    SheetError,
    detect_format,
    read_sheet,
    too_large,
    write_sheet,
)
from groupsite.sheets.plan import PlanRefused

logger = logging.getLogger(__name__)
UNREADABLE = gettext_lazy(
    "The file could not be read as the format chosen. Check the format, or open the "
    "file in your spreadsheet program and save it again as CSV (UTF-8) or XLSX."
)


SITE_FAULT = gettext_lazy(
    "This could not be imported because of a problem on the site's side, not necessarily "
    "in the file; nothing was saved. Check the rows' values, and if they look right, tell "
    "the site's administrator."
)


class UploadForm(forms.Form):
    import_file = forms.FileField(label=gettext_lazy("File to import"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[("", gettext_lazy("Detect from the file"))]
        + [(f, FORMAT_LABELS[f]) for f in FORMATS],
        help_text=gettext_lazy(
            "Left at “Detect from the file”, the file's name (.csv, .xlsx, .json) decides."
        ),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        refusal = too_large(upload.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS]
    )
    columns = forms.MultipleChoiceField(
        label=gettext_lazy("Columns"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Tick at least one column to export.")},
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.name, f"{c.label} ({c.name})") for c in sheet.columns]
        self.fields["columns"].choices = choices
        self.fields["columns"].initial = [name for name, _ in choices]


class SheetAdmin:
    """Mix into a ModelAdmin before ``admin.ModelAdmin``; set ``sheet_class``."""

    sheet_class = None
    change_list_template = "admin/sheets/change_list.html"

    def get_sheet(self, request=None, export: bool = False):
        return self.sheet_class(base_url=site_root(request) if export and request else "")

    def has_import_permission(self, request) -> bool:
        # Importing adds and changes objects: it needs both permissions.
        app, model = self.opts.app_label, self.opts.model_name
        return request.user.has_perms([f"{app}.add_{model}", f"{app}.change_{model}"])

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="{}_{}_import".format(*info)),
            path(
                "process_import/",
                view(self.confirm_view),
                name="{}_{}_process_import".format(*info),
            ),
            path(
                "import/sample.<str:extension>",
                view(self.sample_view),
                name="{}_{}_import_sample".format(*info),
            ),
            path("export/", view(self.export_view), name="{}_{}_export".format(*info)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def _context(self, request, title: str, **context) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": None,
            "has_view_permission": self.has_view_permission(request),
            **context,
        }

    def _import_url(self) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import".format(*info), current_app=self.admin_site.name)

    # Import -------------------------------------------------------------------------------
    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        sheet = self.get_sheet(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        context = {"form": form, "sheet": sheet, "formats": FORMATS}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            data = b"".join(upload.chunks())
            file_format = form.cleaned_data["format"] or detect_format(upload.name, data)
            try:
                with time_budget():
                    plan = sheet.plan(read_sheet(data, file_format), file_name=upload.name)
            except (SheetError, OutOfTime) as error:
                form.add_error("import_file", str(error))
            except Exception:
                logger.info("A sheet could not be read", exc_info=True)
                form.add_error("import_file", str(UNREADABLE))
            else:
                context.update(plan=plan, labels=sheet.labels(), file_format=file_format)
                if not plan.refused:
                    initial = {
                        "import_file_name": preview.save(data),
                        "original_file_name": upload.name,
                        "format": file_format,
                        "plan_digest": plan.digest(),
                    }
                    context["confirm_form"] = preview.ConfirmForm(
                        initial=preview.ConfirmForm.signed_initial(
                            initial, request.user, self.opts.label_lower
                        )
                    )
        title = _("Import %(objects)s") % {"objects": self.opts.verbose_name_plural}
        return TemplateResponse(
            request, "admin/sheets/import.html", self._context(request, title, **context)
        )

    @method_decorator(require_POST)
    def confirm_view(self, request):
        """Confirm: a changed form, a preview confirmed already or expired, or data that
        changed since the preview each get a message; nothing is written twice."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        again = HttpResponseRedirect(self._import_url())
        form = preview.ConfirmForm(request.POST, user=request.user, model=self.opts.label_lower)
        if not form.is_valid():
            messages.error(
                request,
                _(
                    "This confirmation does not belong to a preview shown to you, so nothing "
                    "was imported. Upload the file again."
                ),
            )
            return again
        data = preview.claim(form.cleaned_data["import_file_name"])
        if data is None:
            messages.error(
                request,
                _(
                    "This preview was imported already, or it has expired (a preview waits "
                    "%(hours)s hours), so nothing more was imported. To import the file, "
                    "upload it again."
                )
                % {"hours": preview.hours()},
            )
            return again
        sheet, name = self.get_sheet(request), form.cleaned_data["original_file_name"]
        try:
            with time_budget():
                table = read_sheet(data, form.cleaned_data["format"])
                plan = sheet.plan(table, file_name=name)
                form.check_unchanged(plan)
                plan = sheet.apply(plan, user=request.user)
        except (OutOfTime, preview.PreviewOutdated) as refusal:
            messages.error(request, str(refusal))
            return again
        except (PlanRefused, SheetError):
            messages.error(
                request,
                _(
                    "The site's data changed since the preview, and the file no longer imports "
                    "cleanly, so nothing was imported. Upload it again to see why."
                ),
            )
            return again
        except Exception:  # a fault of ours or the database's: a sentence, never a 500
            logger.exception("A confirmed sheet could not be written")
            messages.error(request, str(SITE_FAULT))
            return again
        counts = plan.counts
        messages.success(
            request,
            _("Import finished: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
            % counts,
        )
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))

    # Export and sample ---------------------------------------------------------------------
    def export_view(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        sheet = self.get_sheet(request, export=True)
        form = ExportForm(request.POST or None, sheet=sheet)
        if request.method == "POST" and form.is_valid():
            objects = self.get_export_queryset(request)
            headers, rows = sheet.export(objects, form.cleaned_data["columns"])
            file_format = form.cleaned_data["format"]
            content = write_sheet(headers, rows, file_format)
            return self._file(content, file_format, slugify(self.opts.verbose_name_plural))
        title = _("Export %(objects)s") % {"objects": self.opts.verbose_name_plural}
        return TemplateResponse(
            request, "admin/sheets/export.html", self._context(request, title, form=form)
        )

    def get_export_queryset(self, request):
        """What the export writes: the change list as filtered, searched and ordered (its
        query string is passed on by the Export link)."""
        return self.get_changelist_instance(request).get_queryset(request)

    def sample_view(self, request, extension: str):
        """The columns and one example row, for an organiser to start from."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in FORMATS:
            raise Http404(_("No such format."))
        headers, rows = self.get_sheet(request).sample_rows()
        name = f"{slugify(self.opts.verbose_name_plural)}-sample"
        return self._file(write_sheet(headers, rows, extension), extension, name)

    @staticmethod
    def _file(content: bytes, file_format: str, name: str) -> HttpResponse:
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        return response
