from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import get_resolver, reverse

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.markdown.render import MarkdownField
from groupsite.media.renditions import RenditionImageField, Spec

LOGO_SPECS = {"logo": Spec(height=48)}


def validate_page_slug(value: str) -> None:
    """A page may not take an address the site already uses (the admin wherever
    ADMIN_URL puts it, the seminar, the editor endpoints, static and media files, …)."""
    if value in _top_level_folders_in_use():
        raise ValidationError(
            "“%(slug)s” is already used by another part of the site; choose another slug.",
            params={"slug": value},
        )


def _top_level_folders_in_use() -> set[str]:
    # The web server answers static and media before Django sees them (docs/deploy.md).
    routes = [settings.STATIC_URL, settings.MEDIA_URL]
    routes += [str(pattern.pattern) for pattern in get_resolver().url_patterns]
    return {route.lstrip("^/").split("/")[0].rstrip("$") for route in routes} - {""}


class SiteSettings(models.Model):
    """The one row of facts the whole site shows: names, institutions, links."""

    group_name = models.CharField(max_length=120, help_text="Shown in the header and titles.")
    tagline = models.CharField(max_length=200, blank=True, help_text="One line under the name.")
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="What search engines show for the landing page."
    )
    host_institution = models.CharField(max_length=160, blank=True)
    host_institution_url = models.URLField(blank=True)
    institute = models.CharField(
        max_length=160, blank=True, help_text="The institute or department inside the host."
    )
    institute_url = models.URLField(blank=True)
    umbrella_initiative = models.CharField(
        max_length=160, blank=True, help_text="A programme the group belongs to."
    )
    umbrella_initiative_url = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    city = models.CharField(
        max_length=120, blank=True, help_text="Where the group works; used in job postings."
    )
    country_code = models.CharField(
        max_length=2, blank=True, help_text="Two letters, e.g. DE; used in job postings."
    )
    code_hosting_url = models.URLField(blank=True, help_text="Where the group publishes code.")
    youtube_channel_url = models.URLField(blank=True)
    mailing_list_url = models.URLField(blank=True, help_text="Where visitors join the list.")
    logo = RenditionImageField(upload_to="site/", blank=True, specs=LOGO_SPECS)
    logo_alt = models.CharField(max_length=160, blank=True, help_text="Describes the logo.")
    landing_publications = models.CharField(
        "publications on the landing page", max_length=8, blank=True,
        choices=[("", "None"), ("recent", "Recent publications"),
                 ("selected", "Selected publications")],
        help_text="An optional block listing the newest papers, or the newest selected ones.",
    )  # fmt: skip
    landing_publications_count = models.PositiveSmallIntegerField(
        "how many", default=5, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Papers shown in that block (1–20).",
    )  # fmt: skip
    share_image = RenditionImageField(
        upload_to="site/", blank=True,
        help_text="Shown when a page is shared on social media or chat; 1200 x 630 works best.",
        # Link previews (OpenGraph, Twitter cards) ask for 1200 x 630.
        specs={"share": Spec(width=1200, height=630, crop=True, densities=(1,))},
    )  # fmt: skip

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return self.group_name or "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:landing")

    def clean(self):
        if self.logo and not self.logo_alt:
            raise ValidationError({"logo_alt": "Describe the logo for visitors who cannot see it."})

    @classmethod
    def load(cls) -> "SiteSettings":
        settings, _ = cls.objects.get_or_create(pk=1, defaults={"group_name": "Research group"})
        return settings


class PartnerLogo(models.Model):
    site_settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="partner_logos"
    )
    name = models.CharField(max_length=160, help_text="Used as the logo's alt text.")
    url = models.URLField(blank=True)
    logo = RenditionImageField(upload_to="partners/", specs=LOGO_SPECS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PageQuerySet(PublishableQuerySet):
    def in_navigation(self):
        return self.published().filter(show_in_navigation=True)


class Page(Publishable):
    """A free-standing page at /<slug>/, written in markdown."""

    title = models.CharField(max_length=160)
    slug = models.SlugField(
        unique=True, validators=[validate_page_slug], help_text="The page's address: /slug/."
    )
    body = MarkdownField(
        blank=True,
        help_text="Markdown; headings start at level 2.",
    )
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="Summary for search engines and link previews."
    )
    show_in_navigation = models.BooleanField(default=True)
    navigation_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["navigation_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})


class FigurePlacement(models.TextChoices):
    RIGHT = "right", "Beside the text, right"
    LEFT = "left", "Beside the text, left"
    FULL = "full", "Full width, below the text"


class SectionContent(models.TextChoices):
    TEXT = "text", "Text and figure"
    LATEST_NEWS = "news", "Text, then the latest news items"


class LandingSection(Publishable):
    """One block of the landing page, e.g. “About us”, “Our research” or the latest news."""

    content = models.CharField(
        max_length=8, choices=SectionContent.choices, default=SectionContent.TEXT,
        help_text="“Latest news” shows the newest published news items below the text.",
    )  # fmt: skip
    heading = models.CharField(max_length=160)
    anchor = models.SlugField(
        unique=True, help_text="Fragment for links to this section: /#anchor."
    )
    body = MarkdownField(
        blank=True,
        help_text="Markdown; use ### for sub-headings.",
    )
    figure = RenditionImageField(
        upload_to="landing/", blank=True,
        specs={"figure": Spec(width=480, sizes="(min-width: 48rem) 26rem, 92vw")},
    )  # fmt: skip
    figure_alt = models.CharField(
        max_length=300, blank=True, help_text="What the figure shows, for screen readers."
    )
    figure_decorative = models.BooleanField(
        default=False, help_text="Tick if the figure adds nothing a reader would miss."
    )
    figure_caption = models.CharField(max_length=500, blank=True)
    figure_placement = models.CharField(
        max_length=8, choices=FigurePlacement.choices, default=FigurePlacement.RIGHT
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "heading"]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("pages:landing") + f"#{self.anchor}"

    def clean(self):
        if self.figure and not self.figure_alt and not self.figure_decorative:
            raise ValidationError(
                {"figure_alt": "Describe the figure, or tick “decorative” if it adds nothing."}
            )
