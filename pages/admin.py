from django.contrib import admin
from django.shortcuts import redirect

from groupsite.content.admin_base import HTTPS_URLS, CheckedVersionAdmin, ContentAdmin, thumbnail
from pages.models import LandingSection, Page, PartnerLogo, SiteSettings


class PartnerLogoInline(admin.TabularInline):
    model = PartnerLogo
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(CheckedVersionAdmin):
    formfield_overrides = HTTPS_URLS
    inlines = [PartnerLogoInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "group_name",
                    "tagline",
                    "meta_description",
                    ("logo", "logo_alt"),
                    "share_image",
                ]
            },
        ),
        (
            "Institutions",
            {
                "fields": [
                    ("host_institution", "host_institution_url"),
                    ("institute", "institute_url"),
                    ("umbrella_initiative", "umbrella_initiative_url"),
                ]
            },
        ),
        (
            "Contact and links",
            {
                "fields": [
                    "contact_email",
                    ("city", "country_code"),
                    "code_hosting_url",
                    "youtube_channel_url",
                    "mailing_list_url",
                ]
            },
        ),
        ("Landing page", {"fields": [("landing_publications", "landing_publications_count")]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row only: the list would be a detour.
        return redirect("admin:pages_sitesettings_change", SiteSettings.load().pk)


@admin.register(Page)
class PageAdmin(ContentAdmin):
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


@admin.register(LandingSection)
class LandingSectionAdmin(ContentAdmin):
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
            "Figure",
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

    @admin.display(description="Figure")
    def figure_thumbnail(self, section):
        return thumbnail(section.figure, "portrait")
