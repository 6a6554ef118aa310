from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

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
            _("Institutions"),
            {
                "fields": [
                    ("host_institution", "host_institution_url"),
                    ("institute", "institute_url"),
                    ("umbrella_initiative", "umbrella_initiative_url"),
                ]
            },
        ),
        (
            _("Postal address"),
            {
                "description": _(
                    "Pages that show the postal address (a contact page, say) "
                    "print it under the institute and host institution above."
                ),
                "fields": [
                    "street_address",
                    ("postal_code", "city"),
                    ("country", "country_code"),
                    "map_url",
                ],
            },
        ),
        (
            _("Contact and links"),
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
            _("Legal notice and privacy"),
            {
                "description": _(
                    "The facts the legal notice, the privacy statement and the "
                    "accessibility statement show (footer of every page). Each page names to staff "
                    "what is still missing. See the staff handbook, “Legal notice, privacy and "
                    "accessibility”."
                ),
                "fields": [
                    ("legal_entity", "legal_form"),
                    "legal_address",
                    "represented_by",
                    ("commercial_register", "vat_id"),
                    "supervisory_authority",
                    "contact_phone",
                    "responsible_for_content",
                    ("legal_notice_url", "privacy_url"),
                    "legal_basis",
                    "data_protection_officer",
                    "data_protection_authority",
                    ("accessibility_contact", "accessibility_conformity"),
                    "accessibility_reviewed_on",
                    "accessibility_enforcement",
                ],
            },
        ),
        (
            _("Landing page"),
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
