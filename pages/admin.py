from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groupsite.content.admin_base import ContentAdmin, thumbnail
from groupsite.content.admin_translation import TranslatedAdminMixin
from pages.models import LandingSection, Page


@admin.register(Page)
class PageAdmin(TranslatedAdminMixin, ContentAdmin):
    list_display = [
        "title",
        "slug",
        "published",
        "show_in_navigation",
        "navigation_order",
        "updated_at",
    ]
    list_editable = ["published", "show_in_navigation", "navigation_order"]
    list_filter = ["published", "show_in_navigation"]
    search_fields = ["title", "body", "meta_description"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "meta_description"]}),
        (
            "Navigation and publishing",
            {
                "fields": [
                    ("show_in_navigation", "navigation_order"),
                    "show_postal_address",
                    ("published", "publish_at"),
                ]
            },
        ),
    ]


@admin.register(LandingSection)
class LandingSectionAdmin(TranslatedAdminMixin, ContentAdmin):
    list_display = [
        "heading", "content", "order", "published", "figure_thumbnail", "figure_placement"
    ]  # fmt: skip
    list_editable = ["order", "published"]
    list_filter = ["published", "content", "figure_placement"]
    search_fields = ["heading", "body", "figure_caption"]
    prepopulated_fields = {"anchor": ["heading"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "heading",
                    "anchor",
                    "content",
                    "body",
                    "order",
                    ("published", "publish_at"),
                ]
            },
        ),
        (
            _("Figure"),
            {
                "fields": [
                    "figure",
                    "figure_alt",
                    "figure_decorative",
                    "figure_caption",
                    "figure_placement",
                ]
            },
        ),
    ]

    @admin.display(description=_("Figure"))
    def figure_thumbnail(self, section):
        return thumbnail(section.figure, "portrait")
