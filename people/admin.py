from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groupsite.content.admin_base import ContentAdmin, thumbnail
from groupsite.content.admin_translation import TranslatedAdminMixin
from groupsite.sheets.admin import SheetAdmin
from people.models import Member, Position
from people.sheets import MemberSheet, PositionSheet


@admin.register(Member)
class MemberAdmin(SheetAdmin, TranslatedAdminMixin, ContentAdmin):
    sheet_class = MemberSheet
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
        (_("Photo"), {"fields": ["photo", ("photo_focus_x", "photo_focus_y"), "photo_preview"]}),
        (_("Publishing"), {"fields": [("published", "publish_at")]}),
        (
            _("Contact and profiles"),
            {"fields": ["email", "homepage", "orcid", "google_scholar", "github"]},
        ),
        (
            _("Time in the group"),
            {"fields": [("start_date", "end_date"), ("now_at", "alumni_label"), "display_order"]},
        ),
    ]

    @admin.display(description=_("Photo"))
    def photo_thumbnail(self, member):
        return thumbnail(member.photo, "portrait", member.photo_focus)

    readonly_fields = ["photo_preview"]

    @admin.display(description=_("Square crop as shown on the site"))
    def photo_preview(self, member):
        return thumbnail(member.photo, "portrait-large", member.photo_focus)

    @admin.display(description=_("Status"), ordering="end_date")
    def status(self, member):
        return member.alumni_title if member.is_alumnus else _("Current")


@admin.register(Position)
class PositionAdmin(SheetAdmin, TranslatedAdminMixin, ContentAdmin):
    sheet_class = PositionSheet
    list_display = ["title", "level", "deadline", "is_open_now", "published"]
    list_filter = ["level", "published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_member"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "level", "teaser", "description"]}),
        (_("The facts visitors see first"), {"fields": ["place", "start", "duration", "deadline"]}),
        (_("Applications"), {"fields": ["contact_member", "contact_email"]}),
        (_("Publishing"), {"fields": [("published", "publish_at")]}),
    ]

    @admin.display(description=_("On the site"), boolean=True)
    def is_open_now(self, position):
        return position.is_open
