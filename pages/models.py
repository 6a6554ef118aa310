from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils.translation import gettext_lazy as _

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.field_labels import labelled, named
from groupsite.markdown.render import MarkdownField
from groupsite.media.renditions import RenditionImageField, Spec


def validate_page_slug(value: str) -> None:
    """A page may not take an address the site already uses (the admin wherever
    ADMIN_URL puts it, the seminar, the editor endpoints, static and media files, …)."""
    if value in _top_level_folders_in_use():
        raise ValidationError(
            _("“%(slug)s” is already used by another part of the site; choose another slug."),
            params={"slug": value},
        )


def _top_level_folders_in_use() -> set[str]:
    # The web server answers static and media before Django sees them (docs/deploy.md);
    # /de/ is the German site.
    routes = [settings.STATIC_URL, settings.MEDIA_URL]
    routes += [f"{code}/" for code, _name in settings.LANGUAGES]
    routes += _routes(get_resolver().url_patterns)
    folders = {route.lstrip("^/").split("/")[0].rstrip("$") for route in routes}
    # "" and a converter (the pages' own <slug:slug>/) are no folder a slug could hide.
    return {folder for folder in folders if folder and not folder.startswith("<")}


def _routes(patterns) -> list[str]:
    """The patterns' routes, those of includes at the top (i18n_patterns, where English
    has no prefix, and the API's include) included."""
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and (
            isinstance(pattern.pattern, LocalePrefixPattern) or str(pattern.pattern) == ""
        ):
            routes += _routes(pattern.url_patterns)
        else:
            routes.append(str(pattern.pattern))
    return routes


class PageQuerySet(PublishableQuerySet):
    def in_navigation(self):
        return self.published().filter(show_in_navigation=True)


@named(_("page"), _("pages"))
@labelled(
    title=_("title"),
    slug=_("slug"),
    body=_("body"),
    meta_description=_("meta description"),
    show_in_navigation=_("show in navigation"),
    show_postal_address=_("show postal address"),
    navigation_order=_("navigation order"),
    updated_at=_("updated at"),
)
class Page(Publishable):
    """A free-standing page at /<slug>/, written in markdown."""

    title = models.CharField(max_length=160)
    slug = models.SlugField(
        unique=True, validators=[validate_page_slug], help_text=_("The page's address: /slug/.")
    )
    body = MarkdownField(
        blank=True,
        help_text=_("Markdown; headings start at level 2."),
    )
    meta_description = models.CharField(
        max_length=300, blank=True, help_text=_("Summary for search engines and link previews.")
    )
    show_in_navigation = models.BooleanField(default=True)
    show_postal_address = models.BooleanField(
        default=False,
        help_text=_(
            "Show the postal address and map link from the site settings under the "
            "title: tick it for a contact page."
        ),
    )
    navigation_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        # By the English title, so both languages list pages in the same order.
        ordering = ["navigation_order", "title_en"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})


class FigurePlacement(models.TextChoices):
    RIGHT = "right", _("Beside the text, right")
    LEFT = "left", _("Beside the text, left")
    FULL = "full", _("Full width, below the text")


class SectionContent(models.TextChoices):
    TEXT = "text", _("Text and figure")
    LATEST_NEWS = "news", _("Text, then the latest news items")


@named(_("landing section"), _("landing sections"))
@labelled(
    content=_("content"),
    heading=_("heading"),
    anchor=_("anchor"),
    body=_("body"),
    figure=_("figure"),
    figure_alt=_("figure alt"),
    figure_decorative=_("figure decorative"),
    figure_caption=_("figure caption"),
    figure_placement=_("figure placement"),
    order=_("order"),
)
class LandingSection(Publishable):
    """One block of the landing page, e.g. “About us”, “Our research” or the latest news."""

    content = models.CharField(
        max_length=8, choices=SectionContent.choices, default=SectionContent.TEXT,
        help_text=_("“Latest news” shows the newest published news items below the text."),
    )  # fmt: skip
    heading = models.CharField(max_length=160)
    anchor = models.SlugField(
        unique=True, help_text=_("Fragment for links to this section: /#anchor.")
    )
    body = MarkdownField(
        blank=True,
        help_text=_("Markdown; use ### for sub-headings."),
    )
    figure = RenditionImageField(
        upload_to="landing/", blank=True,
        specs={"figure": Spec(width=480, sizes="(min-width: 48rem) 26rem, 92vw")},
    )  # fmt: skip
    figure_alt = models.CharField(
        max_length=300, blank=True, help_text=_("What the figure shows, for screen readers.")
    )
    figure_decorative = models.BooleanField(
        default=False, help_text=_("Tick if the figure adds nothing a reader would miss.")
    )
    figure_caption = models.CharField(max_length=500, blank=True)
    figure_placement = models.CharField(
        max_length=8, choices=FigurePlacement.choices, default=FigurePlacement.RIGHT
    )
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Lower numbers come first."))

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "heading_en"]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("pages:landing") + f"#{self.anchor}"

    def clean(self):
        if self.figure and not self.figure_alt and not self.figure_decorative:
            raise ValidationError(
                {"figure_alt": _("Describe the figure, or tick “decorative” if it adds nothing.")}
            )


class DemoRecord(models.Model):
    """A row that load_demo_content wrote, so remove_demo_content takes away exactly those.

    ``snapshot`` is set only for the site settings, a single row the demo fills rather than
    adds: its values before and after the load, so removal can put back the first when
    nobody has edited the second.
    """

    # "app_label.model_name", not a content type: a backup restores it as it was, while the
    # content types of many-to-many tables exist only once something asked for them.
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    # JSON as text with sorted keys: PostgreSQL's jsonb would reorder them, and a backup
    # restored there must read back the same bytes.
    snapshot = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="one_demo_record")
        ]

    def __str__(self):
        return f"{self.model} {self.object_id}"


class DemoFile(models.Model):
    """A media file that load_demo_content stored (renditions are found from it)."""

    name = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return self.name


class DemoRemoval(models.Model):
    """remove_demo_content ran: `make run` does not bring the demo back into an empty site."""

    removed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Demo content removed {self.removed_at:%Y-%m-%d %H:%M}"
