from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.field_labels import labelled
from groupsite.markdown.render import MarkdownField
from groupsite.media.images import validate_image_upload
from groupsite.media.renditions import RenditionImageField, Spec

# The picture on an item's page spans the text's measure, like an image in its markdown.
NEWS_IMAGE = Spec(width=720, sizes="(min-width: 48rem) 45rem, 92vw")
# Lists show a small cut beside each item that has an image (4:3, fixed size).
NEWS_THUMBNAIL = Spec(width=160, height=120, crop=True)
# Link previews (OpenGraph) ask for 1200 x 630; the same spec as the site's share image.
SHARE_IMAGE = Spec(width=1200, height=630, crop=True, densities=(1,))


class NewsItemQuerySet(PublishableQuerySet):
    def newest_first(self):
        """What visitors see, newest first; ties broken by id so pages never overlap."""
        return self.published().order_by("-date", "-pk")

    def mentioning(self, member):
        return self.newest_first().filter(members=member)

    def about_publication(self, publication):
        return self.newest_first().filter(publications=publication)


@labelled(
    title=_("title"),
    slug=_("slug"),
    date=_("date"),
    teaser=_("teaser"),
    body=_("body"),
    image=_("image"),
    image_alt=_("image alt"),
    updated_at=_("updated at"),
    members=_("members"),
    sessions=_("sessions"),
    publications=_("publications"),
)
class NewsItem(Publishable):
    """A short announcement: a paper accepted, a new member, an award, a defended thesis."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text=_("The address: /news/YEAR/slug/, the year of the date below."),
    )
    date = models.DateField(
        default=timezone.localdate, help_text=_("The day the news happened or was announced.")
    )
    teaser = models.CharField(
        max_length=300, help_text=_("One or two sentences for lists, feeds and link previews.")
    )
    body = MarkdownField(blank=True, help_text=_("Markdown; headings start at level 2."))
    image = RenditionImageField(
        upload_to="news/", blank=True, validators=[validate_image_upload],
        help_text=_("Optional; JPEG, PNG, WebP or GIF. Also shown when the item is shared."),
        specs={"news": NEWS_IMAGE, "news-thumbnail": NEWS_THUMBNAIL, "share": SHARE_IMAGE},
    )  # fmt: skip
    image_alt = models.CharField(
        max_length=300, blank=True, help_text=_("What the image shows, for screen readers.")
    )
    members = models.ManyToManyField(
        "people.Member", blank=True, related_name="news_items",
        help_text=_("Members this news is about; their pages list it."),
    )  # fmt: skip
    sessions = models.ManyToManyField(
        "seminar.Session", blank=True, related_name="news_items",
        help_text=_("Seminar sessions this news is about."),
    )  # fmt: skip
    publications = models.ManyToManyField(
        "publications.Publication", blank=True, related_name="news_items",
        help_text=_("Papers this news is about; their pages link back to it."),
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("news item")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"year": self.date.year, "slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for visitors who cannot see it.")}
            )
