"""The site's own facts (names, institutions, links, logos): one row every app may read."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import get_script_prefix
from django.utils.translation import gettext_lazy as _

from groupsite.field_labels import labelled, named
from groupsite.media.renditions import RenditionImageField, Spec

LOGO_SPECS = {"logo": Spec(height=48)}

# The enforcement procedure of a federal body (BITV 2.0, § 16 BGG); a body of a German
# state names its own state's procedure instead.
FEDERAL_ENFORCEMENT_BODY = (
    "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (BGG) bei dem Beauftragten "
    "der Bundesregierung für die Belange von Menschen mit Behinderungen, Mauerstraße 53, "
    "10117 Berlin, Germany. Telephone +49 30 18 527-2805, "
    "e-mail info@schlichtungsstelle-bgg.de, www.schlichtungsstelle-bgg.de"
)


class LegalBasis(models.TextChoices):
    """What the site's own processing rests on (Art. 6(1) GDPR), named in the privacy
    statement: a body under public law fulfils a task, a centre under private law (most
    Helmholtz centres are limited companies) usually relies on its legitimate interests."""

    PUBLIC_TASK = "public_task", _("Public task: Art. 6(1)(e) GDPR")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests: Art. 6(1)(f) GDPR")


class Conformity(models.TextChoices):
    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


@labelled(
    group_name=_("group name"),
    tagline=_("tagline"),
    meta_description=_("meta description"),
    host_institution=_("host institution"),
    institute=_("institute"),
    umbrella_initiative=_("umbrella initiative"),
    contact_email=_("contact email"),
    street_address=_("street address"),
    postal_code=_("postal code"),
    city=_("city"),
    country=_("country"),
    country_code=_("country code"),
    logo=_("logo"),
    logo_alt=_("logo alt"),
    share_image=_("share image"),
)
class SiteSettings(models.Model):
    """The one row of facts the whole site shows: names, institutions, links."""

    group_name = models.CharField(max_length=120, help_text=_("Shown in the header and titles."))
    tagline = models.CharField(max_length=200, blank=True, help_text=_("One line under the name."))
    meta_description = models.CharField(
        max_length=300, blank=True, help_text=_("What search engines show for the landing page.")
    )
    host_institution = models.CharField(max_length=160, blank=True)
    host_institution_url = models.URLField(_("host institution URL"), blank=True)
    institute = models.CharField(
        max_length=160, blank=True, help_text=_("The institute or department inside the host.")
    )
    institute_url = models.URLField(_("institute URL"), blank=True)
    umbrella_initiative = models.CharField(
        max_length=160, blank=True, help_text=_("A programme the group belongs to.")
    )
    umbrella_initiative_url = models.URLField(_("umbrella initiative URL"), blank=True)
    contact_email = models.EmailField(blank=True)
    street_address = models.CharField(
        max_length=200, blank=True,
        help_text=_("Street and number (and a building, if visitors need it), e.g. "
        "“Max-Planck-Straße 1”. Pages that show the postal address print it under the "
        "institute and host institution."),
    )  # fmt: skip
    postal_code = models.CharField(max_length=20, blank=True, help_text=_("E.g. 21502."))
    city = models.CharField(
        max_length=120, blank=True,
        help_text=_("Where the group works; part of the postal address and of job postings."),
    )  # fmt: skip
    country = models.CharField(
        max_length=100, blank=True,
        help_text=_("As written on an address, e.g. Germany; leave empty to print none."),
    )  # fmt: skip
    country_code = models.CharField(
        max_length=2, blank=True, help_text=_("Two letters, e.g. DE; used in job postings.")
    )
    map_url = models.URLField(
        _("map link"), blank=True,
        help_text=_("A link to the address on a map, e.g. an OpenStreetMap address; shown as "
        "a link next to the postal address (no map is embedded)."),
    )  # fmt: skip
    code_hosting_url = models.URLField(
        _("code hosting URL"), blank=True, help_text=_("Where the group publishes code.")
    )
    youtube_channel_url = models.URLField(_("YouTube channel URL"), blank=True)
    mailing_list_url = models.URLField(
        _("mailing list URL"), blank=True, help_text=_("Where visitors join the list.")
    )
    logo = RenditionImageField(upload_to="site/", blank=True, specs=LOGO_SPECS)
    logo_alt = models.CharField(max_length=160, blank=True, help_text=_("Describes the logo."))
    hero_image = RenditionImageField(
        _("landing page picture"), upload_to="site/", blank=True,
        help_text=_("Optional: a figure from your research or a group photo, shown beside the "
        "name and tagline on the landing page. Landscape, at least 1000 pixels wide."),
        specs={"hero": Spec(width=560, sizes="(min-width: 48rem) 30rem, 92vw")},
    )  # fmt: skip
    hero_image_alt = models.CharField(
        _("picture description"), max_length=300, blank=True,
        help_text=_("What the landing page picture shows, for visitors who cannot see it."),
    )  # fmt: skip
    hero_caption = models.CharField(
        _("picture caption"), max_length=200, blank=True,
        help_text=_("Optional line under the landing page picture, e.g. who is in the photo."),
    )  # fmt: skip
    landing_publications = models.CharField(
        _("publications on the landing page"), max_length=8, blank=True,
        choices=[("", _("None")), ("recent", _("Recent publications")),
                 ("selected", _("Selected publications"))],
        help_text=_("An optional block listing the newest papers, or the newest selected ones."),
    )  # fmt: skip
    landing_publications_count = models.PositiveSmallIntegerField(
        _("how many"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Papers shown in that block (1–20)."),
    )  # fmt: skip
    # Legal notice (§ 5 DDG, § 18 MStV), privacy statement (Art. 13 GDPR) and accessibility
    # statement (BITV 2.0): pages.legal shows them and names the empty required ones to staff.
    legal_entity = models.CharField(
        _("provider"), max_length=200, blank=True,
        help_text=_("The legal body that runs this site, exactly as registered, e.g. "
                    "“Musterzentrum für Küstenforschung GmbH”. Empty: the host institution."),
    )  # fmt: skip
    legal_form = models.CharField(
        _("legal form"), max_length=200, blank=True,
        help_text=_("E.g. “limited liability company (GmbH) under private law, funded by the "
                    "Federal Republic of Germany and the State of Schleswig-Holstein” or "
                    "“foundation under public law”."),
    )  # fmt: skip
    legal_address = models.TextField(
        _("provider's address"), blank=True,
        help_text=_("The provider's address for service, one line per line, if it is not the "
                    "postal address above (e.g. the centre's headquarters)."),
    )  # fmt: skip
    represented_by = models.TextField(
        _("represented by"), blank=True,
        help_text=_("The persons authorised to represent the provider, with their function, "
                    "e.g. “Prof. Dr. Erika Mustermann (Scientific Director), Max Mustermann "
                    "(Administrative Director)”."),
    )  # fmt: skip
    commercial_register = models.CharField(
        _("register entry"), max_length=200, blank=True,
        help_text=_("Register court and number, if the provider is registered, e.g. "
                    "“Amtsgericht Lübeck, HRB 0000”."),
    )  # fmt: skip
    vat_id = models.CharField(
        _("VAT ID"), max_length=20, blank=True,
        help_text=_("Umsatzsteuer-Identifikationsnummer, if the provider has one, "
                    "e.g. DE000000000."),
    )  # fmt: skip
    supervisory_authority = models.TextField(
        _("supervisory authority"), blank=True,
        help_text=_("The authority that supervises the provider, with its address, e.g. the "
                    "federal ministry responsible for research."),
    )  # fmt: skip
    contact_phone = models.CharField(
        _("contact telephone"), max_length=40, blank=True,
        help_text=_("A number for the legal notice, e.g. +49 4152 00000."),
    )  # fmt: skip
    responsible_for_content = models.TextField(
        _("responsible for the content"), blank=True,
        help_text=_("Person responsible for the content under § 18(2) MStV, with a postal "
                    "address, e.g. the group leader."),
    )  # fmt: skip
    legal_notice_url = models.URLField(
        _("institution's legal notice"), blank=True,
        help_text=_("If the institution's own legal notice covers this site: the footer links "
                    "there, and this site's legal notice page points to it."),
    )  # fmt: skip
    privacy_url = models.URLField(
        _("institution's privacy statement"), blank=True,
        help_text=_("If the institution's own privacy statement covers this site: the footer "
                    "and the speaker form link there, and this site's page points to it."),
    )  # fmt: skip
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
        help_text=_("What the site's processing rests on: a public body's task, or a "
                    "private-law centre's legitimate interests. Ask your data-protection officer."),
    )  # fmt: skip
    data_protection_officer = models.TextField(
        _("data-protection officer"), blank=True,
        help_text=_("Name or office, postal address and e-mail of the provider's "
                    "data-protection officer."),
    )  # fmt: skip
    data_protection_authority = models.TextField(
        _("data-protection authority"), blank=True,
        help_text=_("Where visitors may complain (Art. 77 GDPR), with its address: for a "
                    "federal body the BfDI, for a centre under private law usually the "
                    "authority of its German state."),
    )  # fmt: skip
    accessibility_contact = models.EmailField(
        _("accessibility contact"), blank=True,
        help_text=_("Where visitors report barriers. Empty: the contact e-mail."),
    )  # fmt: skip
    accessibility_conformity = models.CharField(
        _("conformity"), max_length=8, choices=Conformity.choices, default=Conformity.PARTIAL,
        help_text=_("How far the site meets BITV 2.0 / EN 301 549. Say “fully” only after a "
                    "complete audit."),
    )  # fmt: skip
    accessibility_reviewed_on = models.DateField(
        _("statement prepared on"), null=True, blank=True,
        help_text=_("When the accessibility statement was last prepared or reviewed."),
    )  # fmt: skip
    accessibility_enforcement = models.TextField(
        _("enforcement body"), blank=True, default=FEDERAL_ENFORCEMENT_BODY,
        help_text=_("Where visitors turn if their report gets no satisfying answer. The "
                    "default is the conciliation body for federal bodies (§ 16 BGG); a body "
                    "of a German state names its state's."),
    )  # fmt: skip
    share_image = RenditionImageField(
        upload_to="site/", blank=True,
        help_text=_("Shown when a page is shared on social media or chat; 1200 x 630 works best."),
        # Link previews (OpenGraph, Twitter cards) ask for 1200 x 630.
        specs={"share": Spec(width=1200, height=630, crop=True, densities=(1,))},
    )  # fmt: skip

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.group_name or str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Shown in the header and footer of every page; the home page is the natural one.
        return get_script_prefix()

    def clean(self):
        if self.logo and not self.logo_alt:
            raise ValidationError(
                {"logo_alt": _("Describe the logo for visitors who cannot see it.")}
            )
        if self.hero_image and not self.hero_image_alt:
            raise ValidationError(
                {"hero_image_alt": _("Describe the picture for visitors who cannot see it.")}
            )

    @property
    def postal_address_lines(self) -> list[str]:
        """The postal address line by line, or nothing when no street or postal code is
        given (a city alone, as job postings need it, is no address)."""
        if not (self.street_address or self.postal_code):
            return []
        lines = [
            self.institute,
            self.host_institution,
            self.street_address,
            " ".join(part for part in (self.postal_code, self.city) if part),
            self.country,
        ]
        return [line for line in lines if line]

    @property
    def provider(self) -> str:
        """Who runs the site in law: the provider named, else the host institution."""
        return self.legal_entity or self.host_institution

    @property
    def provider_address_lines(self) -> list[str]:
        """The provider's address for the legal notice: its own, else the street, town and
        country of the postal address (nothing when that has no street or postal code)."""
        own = [line.strip() for line in self.legal_address.splitlines() if line.strip()]
        if own or not (self.street_address or self.postal_code):
            return own
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.street_address, town, self.country) if line]

    @property
    def barrier_contact(self) -> str:
        return self.accessibility_contact or self.contact_email

    @classmethod
    def load(cls) -> "SiteSettings":
        settings, _ = cls.objects.get_or_create(pk=1, defaults={"group_name": "Research group"})
        return settings


@named(_("partner logo"), _("partner logos"))
@labelled(site_settings=_("site settings"), name=_("name"), logo=_("logo"), order=_("order"))
class PartnerLogo(models.Model):
    site_settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="partner_logos"
    )
    name = models.CharField(max_length=160, help_text=_("Used as the logo's alt text."))
    url = models.URLField(_("URL"), blank=True)
    logo = RenditionImageField(upload_to="partners/", specs=LOGO_SPECS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
