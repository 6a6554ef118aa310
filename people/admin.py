from django.contrib import admin

from groupsite.content.admin_base import ContentAdmin, thumbnail
from groupsite.content.admin_translation import TranslatedAdminMixin
from groupsite.sheets.spreadsheets import SpreadsheetAdmin
from people.models import Member, Position
from people.resources import MemberResource, PositionResource


@admin.register(Member)
class MemberAdmin(SpreadsheetAdmin, TranslatedAdminMixin, ContentAdmin):
    resource_classes = [MemberResource]
    list_display = [
        "photo_thumbnail",
        "name",
        "role",
        "status",
        "start_date",
        "end_date",
        "published",
    ]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["role", "published", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["name", "title", "bio", "email", "now_at"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("role", "title"),
                    "research_interest",
                    "bio",
                    "other_names",
                ]
            },
        ),
        ("Photo", {"fields": ["photo", ("photo_focus_x", "photo_focus_y"), "photo_preview"]}),
        ("Publishing", {"fields": [("published", "publish_at")]}),
        (
            "Contact and profiles",
            {"fields": ["email", "homepage", "orcid", "google_scholar", "github"]},
        ),
        (
            "Time in the group",
            {"fields": [("start_date", "end_date"), ("now_at", "alumni_label"), "display_order"]},
        ),
    ]

    @admin.display(description="Photo")
    def photo_thumbnail(self, member):
        return thumbnail(member.photo, "portrait", member.photo_focus)

    readonly_fields = ["photo_preview"]

    @admin.display(description="Square crop as shown on the site")
    def photo_preview(self, member):
        return thumbnail(member.photo, "portrait-large", member.photo_focus)

    @admin.display(description="Status", ordering="end_date")
    def status(self, member):
        return member.alumni_title if member.is_alumnus else "Current"


@admin.register(Position)
class PositionAdmin(SpreadsheetAdmin, TranslatedAdminMixin, ContentAdmin):
    resource_classes = [PositionResource]
    list_display = ["title", "level", "deadline", "is_open_now", "published"]
    list_filter = ["level", "published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_member"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "level", "teaser", "description"]}),
        ("The facts visitors see first", {"fields": ["place", "start", "duration", "deadline"]}),
        ("Applications", {"fields": ["contact_member", "contact_email"]}),
        ("Publishing", {"fields": [("published", "publish_at")]}),
    ]

    @admin.display(description="On the site", boolean=True)
    def is_open_now(self, position):
        return position.is_open
