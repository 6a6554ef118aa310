"""The legal notice, the privacy statement and the accessibility statement.

Each page is built from the facts in Site settings and from what this installation really
does (its settings): nothing is written by hand here that the code could contradict.
Visitors see the facts that exist; staff also see which required ones are missing and
which parts they must review (docs/editing.md, "Legal notice, privacy and accessibility").
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from groupsite.site.models import Conformity, LegalBasis, SiteSettings
from groupsite.site.selectors import site_settings_for_request

# What each page needs (the field, or a property standing for several) to be complete.
LEGAL_NOTICE_FACTS = [
    "provider", "legal_form", "provider_address_lines", "represented_by",
    "contact_email", "responsible_for_content",
]  # fmt: skip
PRIVACY_FACTS = [
    "provider", "provider_address_lines", "contact_email", "data_protection_officer",
    "data_protection_authority",
]  # fmt: skip
ACCESSIBILITY_FACTS = ["barrier_contact", "accessibility_reviewed_on", "accessibility_enforcement"]

# A property is named by the field staff fill in for it.
STANDS_FOR = {
    "provider": "legal_entity",
    "provider_address_lines": "legal_address",
    "barrier_contact": "accessibility_contact",
}


def missing_facts(site: SiteSettings, facts: list[str]) -> list[str]:
    """The labels (as in the admin) of the required facts that are empty, in order."""
    missing = []
    for fact in facts:
        if not getattr(site, fact):
            field = SiteSettings._meta.get_field(STANDS_FOR.get(fact, fact))
            missing.append(str(field.verbose_name))
    return missing


class LegalPageView(TemplateView):
    """One of the three pages; ``external_field`` names the institution's own page, if any."""

    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    facts: list[str] = []
    external_field = ""

    def get_context_data(self, **kwargs):
        site = site_settings_for_request(self.request)
        staff = self.request.user.is_staff
        return super().get_context_data(
            **kwargs,
            site=site,
            external_url=getattr(site, self.external_field) if self.external_field else "",
            show_staff_notes=staff,
            missing=missing_facts(site, self.facts) if staff else [],
            site_settings_admin_url=reverse("admin:site_sitesettings_change", args=[site.pk])
            if staff
            else "",
            **self.statement(site),
        )

    def statement(self, site: SiteSettings) -> dict:
        return {}


class LegalNoticeView(LegalPageView):
    template_name = "pages/legal/legal_notice.html"
    facts = LEGAL_NOTICE_FACTS
    external_field = "legal_notice_url"


class PrivacyView(LegalPageView):
    template_name = "pages/legal/privacy.html"
    facts = PRIVACY_FACTS
    external_field = "privacy_url"

    def statement(self, site: SiteSettings) -> dict:
        return privacy_facts(site)


class AccessibilityView(LegalPageView):
    template_name = "pages/legal/accessibility.html"
    facts = ACCESSIBILITY_FACTS

    def statement(self, site: SiteSettings) -> dict:
        # A value stored outside the choices (by hand, or an old one) reads as the default.
        conformity = site.accessibility_conformity
        if conformity not in Conformity.values:
            conformity = SiteSettings._meta.get_field("accessibility_conformity").default
        return {
            "conformity": conformity,
            "conformity_label": Conformity(conformity).label,
            "partially_compliant": conformity == Conformity.PARTIAL,
        }


def privacy_facts(site: SiteSettings) -> dict:
    """What the privacy statement reports of this installation: its settings, not prose."""
    if site.legal_basis == LegalBasis.LEGITIMATE_INTERESTS:
        basis = _(
            "Art. 6(1)(f) GDPR: our legitimate interest in presenting our research and "
            "running our seminar"
        )
    else:
        basis = _(
            "Art. 6(1)(e) GDPR with § 3 BDSG: the task in the public interest of presenting "
            "publicly funded research and running our seminar"
        )
    return {
        "basis": basis,
        "log_days": settings.SERVER_LOG_RETENTION_DAYS,
        "backup_days": settings.BACKUP_RETENTION_DAYS,
        "lockout_hours": settings.AXES_COOLOFF_TIME,
        "link_days": settings.SPEAKER_LINK_DAYS_AFTER_SESSION,
        "mailing_list_host": urlsplit(site.mailing_list_url).hostname or "",
    }
