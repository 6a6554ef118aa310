from django.contrib import admin

from groupsite.admin_base import HTTPS_URLS, ContentAdmin
from seminar.models import Reference, Series, Session, Speaker


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
    list_display = ["number", "title", "series", "start", "status", "has_recording", "published"]
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
    fieldsets = [
        (None, {"fields": ["series", ("number", "published"), "title", "slug"]}),
        (
            "When and where",
            {"fields": [("start", "duration_minutes"), "format", "location", "livestream_url"]},
        ),
        ("Content", {"fields": ["abstract", "youtube_video"]}),
        ("Status", {"fields": [("status", "status_note")]}),
    ]

    @admin.display(description="Recording", boolean=True, ordering="youtube_video")
    def has_recording(self, session):
        return bool(session.youtube_video)
