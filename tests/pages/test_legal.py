"""The legal notice, privacy statement and accessibility statement (issue 20, point 5)."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from groupsite.site.models import FEDERAL_ENFORCEMENT_BODY, SiteSettings
from pages.models import validate_page_slug
from tests.factories import SiteSettingsFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

LEGAL_FACTS = {
    "legal_entity": "Musterzentrum für Küstenforschung GmbH",
    "legal_form": "Limited liability company (GmbH)",
    "legal_address": "Musterdeich 1\n21599 Musterhafen\nGermany",
    "represented_by": "Prof. Dr. Erika Mustermann (Scientific Director)",
    "commercial_register": "Amtsgericht Musterstadt, HRB 0000",
    "vat_id": "DE000000000",
    "supervisory_authority": "Federal Ministry of Examples, Berlin",
    "contact_phone": "+49 4152 00000",
    "responsible_for_content": "Dr. Jane Example, Musterdeich 1, 21599 Musterhafen",
    "data_protection_officer": "Datenschutz, dsb@centre.example",
    "data_protection_authority": "State Data-Protection Authority, Kiel",
    "accessibility_contact": "barriers@centre.example",
    "accessibility_reviewed_on": datetime.date(2026, 1, 15),
}


@pytest.fixture
def site(db):
    return SiteSettingsFactory(**LEGAL_FACTS)


@pytest.fixture
def german_catalogue(settings):
    # The i18n branch sets LOCALE_PATHS itself; until then the tests name the catalogue.
    settings.LOCALE_PATHS = [django_settings.BASE_DIR / "locale"]


def staff_notes(html: str) -> list[str]:
    return re.findall(r'<div class="notice notice-warn staff-note".*?</div>', html, re.S)


def test_the_legal_notice_shows_every_fact_from_site_settings(client, site):
    html = page_text(client.get("/legal-notice/"))
    assert "<h1>Legal notice</h1>" in html
    assert (
        "<address>Musterzentrum für Küstenforschung GmbH<br>Musterdeich 1<br>21599 Musterhafen"
        "<br>Germany</address>"
    ) in html
    for label, value in [
        ("Legal form", "Limited liability company (GmbH)"),
        ("Represented by", "Prof. Dr. Erika Mustermann (Scientific Director)"),
        ("Register entry", "Amtsgericht Musterstadt, HRB 0000"),
        ("VAT identification number (§ 27a UStG)", "DE000000000"),
        ("Supervisory authority", "Federal Ministry of Examples, Berlin"),
        ("Responsible for the content under § 18(2) MStV",
         "Dr. Jane Example, Musterdeich 1, 21599 Musterhafen"),
    ]:  # fmt: skip
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html, label
    assert '<dd>E-mail: <a href="mailto:group@example.org">group@example.org</a></dd>' in html
    assert "<dd>Telephone: +49 4152 00000</dd>" in html
    assert staff_notes(html) == []


def test_without_an_own_address_the_legal_notice_takes_the_postal_address(client, site):
    site.legal_address, site.legal_entity = "", ""
    site.street_address, site.postal_code, site.city = "Max-Planck-Straße 1", "21502", "Geesthacht"
    site.save()
    html = page_text(client.get("/legal-notice/"))
    assert "<address>Test Institute<br>Max-Planck-Straße 1<br>21502 Geesthacht</address>" in html


def test_missing_facts_are_left_out_for_visitors_and_named_to_staff(client, staff_user, site):
    SiteSettings.objects.filter(pk=1).update(represented_by="", responsible_for_content="")
    html = page_text(client.get("/legal-notice/"))
    assert "Represented by" not in html and "§ 18(2) MStV</dt>" not in html
    assert staff_notes(html) == [] and "Site settings" not in html

    client.force_login(staff_user)
    [note] = staff_notes(page_text(client.get("/legal-notice/")))
    assert "<li>Represented by</li>" in note
    assert "<li>Responsible for the content</li>" in note
    assert "<li>Legal form</li>" not in note
    assert 'href="/admin/site/sitesettings/1/change/"' in note


def test_a_staff_member_sees_no_note_when_everything_is_filled_in(client, staff_user, site):
    client.force_login(staff_user)
    for url in ("/legal-notice/", "/privacy/", "/accessibility/"):
        assert staff_notes(page_text(client.get(url))) == [], url


@pytest.mark.parametrize(
    ("url", "facts"),
    [
        ("/legal-notice/", ["Provider", "Legal form", "Provider's address", "Represented by",
                            "Contact email", "Responsible for the content"]),
        ("/privacy/", ["Provider", "Provider's address", "Contact email",
                       "Data-protection officer", "Data-protection authority"]),
        ("/accessibility/", ["Accessibility contact", "Statement prepared on",
                             "Enforcement body"]),
    ],
)  # fmt: skip
def test_an_empty_site_names_every_required_fact_to_staff(client, staff_user, url, facts):
    SiteSettings.objects.create(group_name="Group", accessibility_enforcement="")
    client.force_login(staff_user)
    [note] = staff_notes(page_text(client.get(url)))
    assert [unescape(fact) for fact in re.findall(r"<li>(.*?)</li>", note)] == facts


def test_the_privacy_statement_reports_what_this_installation_does(client, site, settings):
    settings.SERVER_LOG_RETENTION_DAYS = 7
    settings.BACKUP_RETENTION_DAYS = 21
    settings.AXES_COOLOFF_TIME = 2
    settings.SPEAKER_LINK_DAYS_AFTER_SESSION = 30
    html = page_text(client.get("/privacy/"))
    assert "<h1>Privacy statement</h1>" in html
    assert "The log files are deleted after 7 days." in html
    assert "saved in a backup, which is deleted after 21 days." in html
    assert "counts towards a lockout for 2 hours" in html
    assert "The personal link stops working 30 days after the talk." in html
    assert "Visitors get no cookies." in html
    assert "load the player from youtube-nocookie.com" in html
    assert "Legal basis: Art. 6(1)(e) GDPR with § 3 BDSG" in html
    assert "<p>Datenschutz, dsb@centre.example</p>" in html
    assert "<p>State Data-Protection Authority, Kiel</p>" in html
    assert "Staff, please review" not in html


def test_the_legal_basis_follows_site_settings(client, site):
    site.legal_basis = "legitimate_interests"
    site.save()
    html = page_text(client.get("/privacy/"))
    assert "Legal basis: Art. 6(1)(f) GDPR: our legitimate interest" in html
    assert "Art. 6(1)(e) GDPR with" not in html


def test_the_mailing_list_section_appears_only_with_a_mailing_list(client, site):
    html = page_text(client.get("/privacy/"))
    assert '<h2 id="mailing-list">Mailing list</h2>' in html
    assert "through a mailing list run at lists.example." in html
    site.mailing_list_url = ""
    site.save()
    html = page_text(client.get("/privacy/"))
    assert "mailing-list" not in html and "Mailing list" not in html
    assert '<h2 id="speakers">Speakers of our seminar</h2>' in html
    assert '<h2 id="youtube">Recordings on YouTube</h2>' in html


def test_staff_see_which_generated_sections_to_review(client, staff_user, site):
    client.force_login(staff_user)
    html = page_text(client.get("/privacy/"))
    reviews = re.findall(r'<p class="notice notice-warn staff-note"><strong>Staff', html)
    assert len(reviews) == 5  # logs, YouTube, mailing list, speakers, backups


def test_the_accessibility_statement(client, site):
    html = page_text(client.get("/accessibility/"))
    assert "<h1>Accessibility statement</h1>" in html
    assert "This website is partially compliant with BITV 2.0" in html
    assert "axe-core" in html and "Nu HTML Checker" in html
    assert "This statement was prepared or last reviewed on 15 January 2026." in html
    assert '<a href="mailto:barriers@centre.example">barriers@centre.example</a>' in html
    assert "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (BGG)" in html
    site.accessibility_contact, site.accessibility_conformity = "", "full"
    site.save()
    html = page_text(client.get("/accessibility/"))
    assert '<a href="mailto:group@example.org">group@example.org</a>' in html
    assert "This website is fully compliant" in html


def test_a_stored_conformity_outside_the_choices_reads_as_the_default(client, site):
    SiteSettings.objects.filter(pk=site.pk).update(accessibility_conformity="bogus")
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert "This website is partially compliant with BITV 2.0" in page_text(response)
    assert response.context["conformity_label"] == "Partially compliant"


def test_a_new_site_names_the_federal_enforcement_body():
    assert SiteSettings().accessibility_enforcement == FEDERAL_ENFORCEMENT_BODY


def test_the_institutions_own_pages_replace_ours_in_the_footer(client, site):
    html = page_text(client.get("/"))
    assert '<a href="/legal-notice/">Legal notice</a>' in html
    assert '<a href="/privacy/">Privacy statement</a>' in html
    site.legal_notice_url = "https://centre.example/impressum"
    site.privacy_url = "https://centre.example/datenschutz"
    site.save()
    html = page_text(client.get("/"))
    assert '<a href="https://centre.example/impressum">Legal notice</a>' in html
    assert '<a href="https://centre.example/datenschutz">Privacy statement</a>' in html
    assert '<a href="/accessibility/">Accessibility statement</a>' in html
    # Old links to our pages still lead somewhere: a short page pointing onwards.
    for url, target in [("/legal-notice/", site.legal_notice_url), ("/privacy/", site.privacy_url)]:
        page = page_text(client.get(url))
        assert f'<p><a href="{target}">{target}</a></p>' in page
        assert "<dt>" not in page and "Cookies" not in page


def test_german_pages_under_the_german_language(client, site, german_catalogue):
    with translation.override("de"):
        urls = {
            name: reverse(f"pages:{name}") for name in ("legal_notice", "privacy", "accessibility")
        }
    assert urls["privacy"] == "/de/privacy/"
    pages = {name: page_text(client.get(url)) for name, url in urls.items()}
    assert "<h1>Impressum</h1>" in pages["legal_notice"]
    assert "<dt>Vertreten durch</dt>" in pages["legal_notice"]
    assert "<h1>Datenschutzerklärung</h1>" in pages["privacy"]
    assert "Besucherinnen und Besucher erhalten keine Cookies." in pages["privacy"]
    assert "Die Logdateien werden nach 14 Tagen gelöscht." in pages["privacy"]
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in pages["accessibility"]
    assert "15. Januar 2026" in pages["accessibility"]
    for html in pages.values():
        assert "Impressum</a>" in html and "Datenschutzerklärung</a>" in html


def test_the_legal_pages_are_in_the_sitemap_with_low_priority(client, site):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/legal-notice/", "/privacy/", "/accessibility/"):
        assert re.search(
            rf"<loc>http://testserver{path}</loc>.*?<priority>0\.2</priority>", xml, re.S
        ), path


@pytest.mark.parametrize("slug", ["legal-notice", "privacy", "accessibility"])
def test_no_page_may_take_a_legal_pages_address(slug):
    with pytest.raises(ValidationError):
        validate_page_slug(slug)


def test_the_legal_pages_query_count(client, site, django_assert_num_queries):
    # Site settings and partner logos (the footer), the navigation.
    for url in ("/legal-notice/", "/privacy/", "/accessibility/"):
        with django_assert_num_queries(3):
            assert client.get(url).status_code == 200


def test_the_footer_links_to_the_code_and_the_api_in_the_pages_language(client, site):
    site.code_hosting_url = "https://git.example/group"
    site.save()
    html = page_text(client.get("/"))
    assert '<a href="https://git.example/group">Our code</a>' in html
    assert '<a href="/api/v1/docs/">Data for developers (API)</a>' in html
    html = page_text(client.get("/de/"))
    assert '<a href="https://git.example/group">Unser Code</a>' in html
    assert "Daten für Entwicklerinnen und Entwickler (API)</a>" in html
