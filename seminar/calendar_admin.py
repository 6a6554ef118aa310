"""The session admin's calendar import: upload an .ics file for a series → the plan as a
preview → confirm → apply, the admin's screen for what ``manage.py import_ics`` does.

The forms call the calendar's pipeline (seminar.importing: ``plan_calendar``,
``apply_calendar``); the upload waits for its confirmation in groupsite.sheets.preview,
signed for the staff member who saw the preview, and is claimed once. Reading, planning
and applying run inside the time budget (groupsite.deadline). Importing needs the add and
change permissions on sessions, as the spreadsheet import does.
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groupsite.deadline import OutOfTime, time_budget
from groupsite.sheets import preview
from groupsite.sheets.admin import SITE_FAULT
from groupsite.sheets.files import limits, too_large
from seminar.importing import CalendarImportError, apply_calendar, plan_calendar
from seminar.models import Series

logger = logging.getLogger(__name__)
#: Signed into the confirmation: a spreadsheet preview's confirmation is refused here.
SIGNED_FOR = "seminar.session.calendar"
FRESH_HELP = gettext_lazy(
    "The file holds the whole series: number every session by start time, 1 = oldest. "
    "Refused if the series has sessions the file does not list."
)


class CalendarUploadForm(forms.Form):
    """The file and the series it belongs to (``import_ics --series``, ``--fresh``)."""

    series = forms.ModelChoiceField(
        queryset=Series.objects.order_by("name"),
        label=gettext_lazy("Series"),
        help_text=gettext_lazy("The series the calendar's events become sessions of."),
    )
    import_file = forms.FileField(
        label=gettext_lazy("Calendar file (.ics)"),
        help_text=gettext_lazy(
            "Exported from a calendar program or an old site; matched by each event's UID."
        ),
    )
    fresh = forms.BooleanField(
        label=gettext_lazy("Renumber the whole series"), required=False, help_text=FRESH_HELP
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        refusal = too_large(upload.size)
        if refusal:
            raise forms.ValidationError(refusal)
        data = b"".join(upload.chunks())
        events, most = data.upper().count(b"BEGIN:VEVENT"), limits()[1]
        if events > most:
            raise forms.ValidationError(
                _(
                    "The file has %(events)s events; an import takes at most %(most)s (setting "
                    "SPREADSHEET_IMPORT_MAX_ROWS). Split it into several files."
                )
                % {"events": f"{events:,}", "most": f"{most:,}"}
            )
        self.data_bytes = data
        return upload

    def plan(self):
        """The pipeline's plan for the file (no writes); each refusal becomes an error of
        the file field, in the pipeline's words. (plan, report), or None if refused."""
        series, fresh = self.cleaned_data["series"], self.cleaned_data["fresh"]
        self.refused_plan = None
        try:
            with time_budget():
                return plan_calendar(self.data_bytes, series, fresh=fresh)
        except CalendarImportError as error:
            if error.plan is None:  # the file as a whole, or an event it cannot read
                for problem in error.problems:
                    self.add_error("import_file", problem)
            else:  # the reasons are the plan's, shown event by event
                self.refused_plan = labelled(error.plan)
                refused = sum(1 for row in error.plan.rows if row.errors)
                self.add_error(
                    "import_file",
                    _(
                        "%(refused)s of the file's %(events)s events are refused (listed above, "
                        "each with its reasons), so nothing was imported. Correct them in the "
                        "calendar and upload it again."
                    )
                    % {"refused": refused, "events": len(error.plan.rows)},
                )
        except OutOfTime as late:
            self.add_error("import_file", str(late))
        return None


class CalendarConfirmForm(preview.ConfirmForm):
    """The preview's hidden fields: the waiting file, its name, the series and ``fresh``,
    signed for the user who saw the preview."""

    format = None
    series = forms.ModelChoiceField(queryset=Series.objects.all(), widget=forms.HiddenInput())
    fresh = forms.BooleanField(required=False, widget=forms.HiddenInput())
    SIGNED = ("import_file_name", "original_file_name", "series", "fresh", "plan_digest")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, model=SIGNED_FOR, **kwargs)

    def apply(self, data: bytes, user):
        """Plan again (the data may have changed since the preview), then apply: all or
        nothing. The report; raises CalendarImportError, PreviewOutdated or OutOfTime."""
        series, fresh = self.cleaned_data["series"], self.cleaned_data["fresh"]
        name = self.cleaned_data["original_file_name"]
        with time_budget():
            plan, report = plan_calendar(data, series, fresh=fresh)
            self.check_unchanged(plan)
            apply_calendar(plan, report, series, fresh=fresh, file_name=name, user=user)
        return plan, report


def labelled(plan):
    """The plan with its reasons under the preview's labels instead of field names."""
    if plan is not None:
        for row in plan.rows:
            row.errors = {plan.labels.get(k, k): v for k, v in row.errors.items()}
            values = row.data["row"].values if "row" in row.data else {}
            row.label = row.label or f"{values.get('title', '')} ({values.get('uid', '')})"
    return plan


class CalendarImportAdmin:
    """Mix into the session admin (before ``SheetAdmin``): the "Import calendar" screen."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import-calendar/",
                view(self.import_calendar_view),
                name="seminar_session_import_calendar",
            ),
            path(
                "import-calendar/confirm/",
                view(self.confirm_calendar_view),
                name="seminar_session_confirm_calendar",
            ),
            *super().get_urls(),
        ]

    def import_calendar_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CalendarUploadForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            planned = form.plan()
            if planned is None:
                context["plan"] = form.refused_plan
            else:
                plan, report = planned
                initial = {
                    "import_file_name": preview.save(form.data_bytes),
                    "original_file_name": form.cleaned_data["import_file"].name,
                    "series": form.cleaned_data["series"].pk,
                    "fresh": form.cleaned_data["fresh"],
                    "plan_digest": plan.digest(),
                }
                context.update(
                    plan=plan,
                    report=report,
                    series=form.cleaned_data["series"],
                    confirm_form=CalendarConfirmForm(
                        initial=CalendarConfirmForm.signed_initial(
                            initial, request.user, SIGNED_FOR
                        )
                    ),
                )
        return TemplateResponse(
            request,
            "admin/seminar/session/import_calendar.html",
            self._context(request, _("Import a calendar"), **context),
        )

    @method_decorator(require_POST)
    def confirm_calendar_view(self, request):
        """A changed or foreign confirmation, one confirmed already or expired, and a file
        the data no longer takes each get a message; nothing is written twice."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        again = HttpResponseRedirect(reverse("admin:seminar_session_import_calendar"))
        form = CalendarConfirmForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(
                request,
                _(
                    "This confirmation does not belong to a preview shown to you, so nothing "
                    "was imported. Upload the calendar again."
                ),
            )
            return again
        data = preview.claim(form.cleaned_data["import_file_name"])
        if data is None:
            messages.error(
                request,
                _(
                    "This preview was imported already, or it has expired (a preview waits "
                    "%(hours)s hours), so nothing more was imported. To import the calendar, "
                    "upload it again."
                )
                % {"hours": preview.hours()},
            )
            return again
        try:
            plan, report = form.apply(data, request.user)
        except (OutOfTime, preview.PreviewOutdated) as refusal:
            messages.error(request, str(refusal))
            return again
        except CalendarImportError as error:
            messages.error(
                request,
                _(
                    "The site's data changed since the preview, and the calendar no longer "
                    "imports cleanly, so nothing was imported: %(problems)s"
                )
                % {"problems": "; ".join(error.problems)},
            )
            return again
        except Exception:  # a fault of ours or the database's: a sentence, never a 500
            logger.exception("A confirmed calendar could not be written")
            messages.error(request, str(SITE_FAULT))
            return again
        self._report(request, plan, report)
        changelist = reverse("admin:seminar_session_changelist")
        return HttpResponseRedirect(
            f"{changelist}?series__id__exact={form.cleaned_data['series'].pk}"
        )

    @staticmethod
    def _report(request, plan, report) -> None:
        counts = plan.counts
        messages.success(
            request,
            _("Calendar imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
            % counts,
        )
        if report.encoding != "utf-8":
            messages.info(
                request,
                _("The file is not UTF-8; it was read as %(encoding)s.")
                % {"encoding": report.encoding},
            )
        for warning in report.warnings:
            messages.warning(request, _("Warning: %(warning)s") % {"warning": warning})
