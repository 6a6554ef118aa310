from django.contrib import admin
from django.shortcuts import redirect

from groupsite.content.admin_base import HTTPS_URLS, CheckedVersionAdmin
from groupsite.content.admin_translation import TranslatedAdminMixin
from groupsite.site.models import PartnerLogo, SiteSettings


class PartnerLogoInline(admin.TabularInline):
    model = PartnerLogo
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdminMixin, CheckedVersionAdmin):
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
            "Postal address",
            {
                "description": "Pages that show the postal address (a contact page, say) "
                "print it under the institute and host institution above.",
                "fields": [
                    "street_address",
                    ("postal_code", "city"),
                    ("country", "country_code"),
                    "map_url",
                ],
            },
        ),
        (
            "Contact and links",
            {
                "fields": [
                    "contact_email",
                    "code_hosting_url",
                    "youtube_channel_url",
                    "mailing_list_url",
                ]
            },
        ),
        (
            "Landing page",
            {
                "fields": [
                    ("hero_image", "hero_image_alt"),
                    "hero_caption",
                    ("landing_publications", "landing_publications_count"),
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row only: the list would be a detour.
        return redirect("admin:site_sitesettings_change", SiteSettings.load().pk)
