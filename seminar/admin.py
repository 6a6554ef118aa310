from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone

from groupsite.admin_base import HTTPS_URLS, ContentAdmin
from groupsite.seo import site_root
from seminar.models import CALENDAR_FIELDS, Reference, Series, Session, Speaker
from seminar.services import AnnouncementError, announce, create_session, update_session


@admin.register(Series)
class SeriesAdmin(ContentAdmin):
    list_display = ["name", "slug", "cadence", "time_zone", "published"]
    list_filter = ["published"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class SpeakerInline(admin.TabularInline):
    model = Speaker
    formfield_overrides = HTTPS_URLS
    extra = 1
    fields = ["order", "name", "affiliation", "homepage", "orcid", "member"]
    autocomplete_fields = ["member"]


class ReferenceInline(admin.StackedInline):
    model = Reference
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = [("order", "year"), "authors", "title", "venue", ("url", "doi", "arxiv_id")]


@admin.register(Session)
class SessionAdmin(ContentAdmin):
    list_display = [
        "number", "title", "series", "start", "status", "has_recording", "published",
        "announced_at",
    ]  # fmt: skip
    list_display_links = ["number", "title"]
    list_filter = [
        "series",
        "status",
        "format",
        "published",
        ("youtube_video", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "abstract", "speakers__name", "speakers__affiliation"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["series"]
    inlines = [SpeakerInline, ReferenceInline]
    actions = ["send_announcement"]
    readonly_fields = ["announced_at", "announced_to", "reminded_at", "uid", "sequence"]
    fieldsets = [
        (None, {"fields": ["series", "number", "title", "slug", ("published", "publish_at")]}),
        (
            "When and where",
            {"fields": [("start", "duration_minutes"), "format", "location", "livestream_url"]},
        ),
        ("Content", {"fields": ["abstract", "youtube_video"]}),
        ("Status", {"fields": [("status", "status_note")]}),
        (
            "Announcements and calendars",
            {
                "classes": ["collapse"],
                "fields": [("announced_at", "announced_to"), "reminded_at", ("uid", "sequence")],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        """Save through the seminar services, so numbers, defaults and SEQUENCE apply."""
        if change:
            before = getattr(request, "session_before_revert", None)
            if before:
                # The revert has written the old row, old SEQUENCE included: put back what
                # calendars last saw, so the reverted times count as a change from there.
                Session.objects.filter(pk=obj.pk).update(**before)
            update_session(obj)  # the form has set the changes on obj already
            return
        fields = {name: getattr(obj, name) for name in form.fields if name != "series"}
        created = create_session(series=obj.series, **fields)
        # The inlines were bound to obj: make it the saved session.
        for field in Session._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Reverting is an edit: SEQUENCE rises from its current value, never falls back."""
        if str(object_id).isdigit():
            request.session_before_revert = (
                Session.objects.filter(pk=object_id).values("sequence", *CALENDAR_FIELDS).first()
            )
        return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Show and read the start time in the series' own time zone."""
        with timezone.override(self._form_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the zone is in force: the widgets localise now
            return response

    def _form_zone(self, request, object_id) -> str:
        """The zone of the series being chosen, else of the session's, else of the only one."""
        series = Series.objects.all()
        chosen = request.POST.get("series") or request.GET.get("series") or ""
        if chosen.isdigit():
            series = series.filter(pk=chosen)
        elif object_id and str(object_id).isdigit():
            series = series.filter(sessions__pk=object_id)
        elif series.count() != 1:
            return timezone.get_current_timezone_name()
        zone = series.values_list("time_zone", flat=True).first()
        return zone or timezone.get_current_timezone_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        zone = timezone.get_current_timezone_name()
        form.base_fields["start"].help_text = f"Date and time in {zone} time, the series' zone."
        return form

    def get_changeform_initial_data(self, request):
        """A new session starts in the only series, at its next regular slot."""
        initial = super().get_changeform_initial_data(request)
        series = list(Series.objects.published()[:2])
        if "series" not in initial and len(series) == 1:
            initial["series"] = series[0].pk
            start = series[0].next_regular_start()
            if start is not None:
                initial["start"] = start
        return initial

    @admin.action(description="Send announcement by email")
    def send_announcement(self, request, queryset):
        sessions = list(queryset.select_related("series").prefetch_related("speakers"))
        confirmed = request.POST.get("confirm_resend") == "yes"
        repeats = [session for session in sessions if session.announced_at]
        if repeats and not confirmed:
            return TemplateResponse(
                request,
                "admin/seminar/session/confirm_announcement.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Announce again?",
                    "opts": self.model._meta,
                    "sessions": sessions,
                    "repeats": repeats,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        base_url = site_root(request)
        for session in sessions:
            try:
                address = announce(session, base_url, confirmed=confirmed)
            except AnnouncementError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Announced “{session.title}” to {address}.")
        return None

    @admin.display(description="Recording", boolean=True, ordering="youtube_video")
    def has_recording(self, session):
        return bool(session.youtube_video)
