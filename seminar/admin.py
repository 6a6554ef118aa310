import copy

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.content.admin_base import HTTPS_URLS, ContentAdmin
from groupsite.content.admin_translation import TranslatedAdminMixin
from groupsite.content.seo import site_root
from groupsite.sheets.admin import SheetAdmin
from seminar.calendar_admin import CalendarImportAdmin
from seminar.forms import whole_number
from seminar.models import (
    CALENDAR_FIELDS,
    Language,
    Reference,
    Series,
    Session,
    Speaker,
    consent_given,
)
from seminar.series_sheet import SeriesSheet
from seminar.services import AnnouncementError, announce, create_session, update_session
from seminar.session_sheet import SessionSheet
from seminar.speakers.admin import SpeakerInvitationsAdminMixin, invitation_summary

# What visitors get, by (may stream, may publish the recording).
VISITORS_GET = {
    (True, True): gettext_lazy("Live stream shown; recording may be published."),
    (True, False): gettext_lazy("Live stream shown; recording may not be published."),
    (False, True): gettext_lazy("Live stream hidden; recording may be published."),
    (False, False): gettext_lazy("Live stream hidden; recording may not be published."),
}

# The key under which revision_view hands changeform_view the row as it was before the revert.
BEFORE_REVERT = "session_before_revert"


class _RefusedBySave(Exception):
    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def _with_refusal(form_class, error: ValidationError):
    """``form_class`` that also reports ``error``, the services' refusal of the last save."""

    class RefusedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            for name, errors in error.update_error_dict({}).items():
                target = name if name in self.fields else NON_FIELD_ERRORS
                shown = list(self.errors.get(target, []))
                # A number taken by a committed save is found by the form's own check too.
                fresh = [text for text in ValidationError(errors).messages if text not in shown]
                if fresh:
                    self.add_error(None, {target: fresh})

    return RefusedForm


@admin.register(Series)
class SeriesAdmin(SheetAdmin, TranslatedAdminMixin, ContentAdmin):
    sheet_class = SeriesSheet
    list_display = ["name", "slug", "cadence", "time_zone", "published"]
    list_filter = ["published"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "language", "description", "cadence", "published"]}),
        (
            "Defaults for new sessions",
            {
                "fields": [
                    "time_zone",
                    ("default_weekday", "default_start_time", "default_duration_minutes"),
                    "default_location",
                ]
            },
        ),
        (
            "Links and announcements",
            {"fields": ["youtube_channel_url", "mailing_list_url", "announcement_email"]},
        ),
    ]


class SpeakerFormSet(BaseInlineFormSet):
    def clean(self):
        """A recording stays only while every speaker agrees, answers edited here included."""
        super().clean()
        session = self.instance
        if not session.youtube_video or any(form.errors for form in self.forms):
            return
        answers = [
            form.cleaned_data.get("recording_consent")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not consent_given(session.recording_consent, answers):
            raise ValidationError(
                _(
                    "The session has a recording, but with these answers not every speaker "
                    "agrees to publishing it. Remove the recording first, or keep the speakers' "
                    "consent."
                )
            )


class SpeakerInline(admin.StackedInline):
    """Compact, so the session form fits 1280 px: first what organisers look for (the
    invitation and the speaker's own answers), then who; the profile folded away."""

    model = Speaker
    formset = SpeakerFormSet
    formfield_overrides = HTTPS_URLS
    extra = 1
    fieldsets = [
        (None, {"fields": [("invitation_state", "livestream_consent", "recording_consent"),
                           ("name", "affiliation"), ("email", "order")]}),
        (gettext_lazy("Profile: member page, links, bio, portrait"),
         {"classes": ["collapse"], "fields": ["member", ("homepage", "orcid"), "bio",
                                              "portrait"]}),
    ]  # fmt: skip
    readonly_fields = ["invitation_state"]
    autocomplete_fields = ["member"]
    # Their long help text is said once, in the session's "Speakers' consent" description,
    # not again under every speaker.
    HELP_SAID_ONCE = ("livestream_consent", "recording_consent")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.HELP_SAID_ONCE:
            field.help_text = ""
        return field

    @admin.display(description=gettext_lazy("Invitation"))
    def invitation_state(self, speaker):
        return invitation_summary(speaker)


class ReferenceInline(admin.StackedInline):
    model = Reference
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = [("order", "year"), "authors", "title", "venue", ("url", "doi", "arxiv_id"),
              "publication"]  # fmt: skip
    autocomplete_fields = ["publication"]


@admin.register(Session)
class SessionAdmin(
    SpeakerInvitationsAdminMixin,
    CalendarImportAdmin,
    SheetAdmin,
    TranslatedAdminMixin,
    ContentAdmin,
):
    sheet_class = SessionSheet
    change_list_template = "admin/seminar/session/change_list.html"
    # What fits 1280 px beside the filters; series, recording and consent are filters there.
    list_display = ["number", "title", "start", "status", "speaker_states", "published"]
    list_display_links = ["number", "title"]
    list_filter = [
        "series",
        "status",
        "language",
        "format",
        "published",
        ("youtube_video", admin.EmptyFieldListFilter),
        "recording_consent",
        "livestream_consent",
        ("slides", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "abstract", "speakers__name", "speakers__affiliation"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["series"]
    inlines = [SpeakerInline, ReferenceInline]
    actions = ["send_announcement", "invite_speakers"]
    readonly_fields = [
        "announced_at", "announced_to", "reminded_at", "uid", "sequence", "consent_state",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("series", "language"),
                    "number",
                    "title",
                    "slug",
                    ("published", "publish_at"),
                ]
            },
        ),
        (
            gettext_lazy("When and where"),
            {"fields": [("start", "duration_minutes"), "format", "location", "livestream_url"]},
        ),
        (gettext_lazy("Content"), {"fields": ["abstract", "slides", "youtube_video"]}),
        (
            gettext_lazy("Speakers' consent"),
            {
                "description": format_lazy(
                    "{} {}",
                    gettext_lazy(
                        "Each speaker answers through their own link (approved by you), or you "
                        "set their answer on the speaker below. Tick here what speakers without "
                        "an answer agreed to outside the site. Streamed or published only if "
                        "every speaker agrees."
                    ),
                    gettext_lazy(
                        "On the speakers below, “Unknown” means not answered on their form: "
                        "the ticks here stand for them."
                    ),
                ),
                "fields": ["consent_state", "livestream_consent", "recording_consent"],
            },
        ),
        (gettext_lazy("Status"), {"fields": [("status", "status_note")]}),
        (
            gettext_lazy("Announcements and calendars"),
            {
                "classes": ["collapse"],
                "fields": [("announced_at", "announced_to"), "reminded_at", ("uid", "sequence")],
            },
        ),
    ]

    def german_not_needed(self, session) -> bool:
        """A talk given in German has its texts in German already."""
        return session.spoken_language == Language.GERMAN

    def german_not_needed_q(self):
        return Q(language=Language.GERMAN) | Q(language="", series__language=Language.GERMAN)

    def save_model(self, request, obj, form, change):
        """Save through the seminar services, so numbers, defaults and SEQUENCE apply."""
        try:
            self._save_through_services(request, obj, form, change)
        except ValidationError as error:
            # Refused at the save itself (a number taken meanwhile by a concurrent save, the
            # numbering retries used up): leave the admin's transaction, which rolls back,
            # and show the form again with the message; see changeform_view.
            raise _RefusedBySave(error) from error

    def _save_through_services(self, request, obj, form, change):
        if change:
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
        before = (
            Session.objects.filter(pk=whole_number(object_id))
            .values("sequence", *CALENDAR_FIELDS)
            .first()
            if whole_number(object_id) is not None
            else None
        )
        # reversion hands extra_context on to changeform_view, which runs after the revert.
        extra_context = {**(extra_context or {}), BEFORE_REVERT: before}
        return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Show and read the start time in the series' own time zone.

        A save the services refuse is answered like an invalid form: the same view again,
        the input kept, the refusal added to the form.
        """
        extra_context = dict(extra_context or {})
        before_revert = extra_context.pop(BEFORE_REVERT, None)
        with timezone.override(self._form_zone(request, object_id)):
            if before_revert and request.method == "POST":
                # The revert has written the old row, old SEQUENCE included: put back what
                # calendars last saw, so the reverted times count as a change from there
                # (inside the revert's transaction, undone with it).
                Session.objects.filter(pk=whole_number(object_id)).update(**before_revert)
            try:
                response = super().changeform_view(request, object_id, form_url, extra_context)
            except _RefusedBySave as refused:
                # This admin for this one response, with a form that reports the refusal.
                refusing = copy.copy(self)
                refusing.form = _with_refusal(self.form, refused.error)
                response = super(SessionAdmin, refusing).changeform_view(
                    request, object_id, form_url, extra_context
                )
            if hasattr(response, "render"):
                response.render()  # while the zone is in force: the widgets localise now
            return response

    def _form_zone(self, request, object_id) -> str:
        """The zone of the series being chosen, else of the session's, else of the only one."""
        series = Series.objects.all()
        chosen = whole_number(request.POST.get("series") or request.GET.get("series"))
        if chosen is not None:
            series = series.filter(pk=chosen)
        elif whole_number(object_id) is not None:
            series = series.filter(sessions__pk=whole_number(object_id))
        elif series.count() != 1:
            return timezone.get_current_timezone_name()
        zone = series.values_list("time_zone", flat=True).first()
        return zone or timezone.get_current_timezone_name()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = timezone.get_current_timezone_name()
        form.base_fields["start"].help_text = _(
            "Date and time in %(zone)s time, the series' zone."
        ) % {"zone": zone}
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

    @admin.action(description=gettext_lazy("Send announcement by email"))
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
                    "title": _("Announce again?"),
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
                self.message_user(
                    request,
                    _("Announced “%(title)s” to %(address)s.")
                    % {"title": session.title, "address": address},
                )
        return None

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speakers__invitation")

    @admin.display(description=gettext_lazy("Consent now"))
    def consent_state(self, session):
        """What visitors get (the one rule, consent_given) and each speaker's answer."""
        if session is None or session.pk is None:
            return _("Save the session first.")

        def answer(value):
            if value is None:
                return _("not answered (the ticks below count)")
            return _("yes") if value else _("no")

        lines = [VISITORS_GET[session.may_stream, session.may_publish_recording]]
        lines += [
            _("%(name)s: stream %(stream)s, recording %(recording)s")
            % {
                "name": speaker.name,
                "stream": answer(speaker.livestream_consent),
                "recording": answer(speaker.recording_consent),
            }
            for speaker in session.speakers.all()
        ]
        # One line each: what visitors get, then every speaker (names escaped).
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
