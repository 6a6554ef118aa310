import re

from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.field_labels import labelled, named
from groupsite.markdown.render import MarkdownField
from people.models import Member
from publications.pdf import random_pdf_name, validate_pdf_upload

DOI_PATTERN = re.compile(r"^10\.[0-9]{4,9}/\S+$")
# New-style (2101.01234, optionally v2) and old-style (hep-th/9901001) arXiv identifiers.
ARXIV_PATTERN = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$", re.ASCII)


def normalise_doi(value: str) -> str:
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.strip()


def normalise_arxiv_id(value: str) -> str:
    value = value.strip()
    for prefix in ("https://arxiv.org/abs/", "http://arxiv.org/abs/", "arxiv:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.strip()


class PublicationType(models.TextChoices):
    ARTICLE = "article", _("Journal article")
    CONFERENCE = "conference", _("Conference paper")
    PREPRINT = "preprint", _("Preprint")
    THESIS = "thesis", _("Thesis")
    BOOK = "book", _("Book or chapter")
    REPORT = "report", _("Report")
    SOFTWARE = "software", _("Software")
    DATASET = "dataset", _("Dataset")


class PublicationQuerySet(PublishableQuerySet):
    def with_authors(self):
        authorships = Authorship.objects.select_related("member")
        return self.prefetch_related(models.Prefetch("authorships", queryset=authorships))


@named(_("publication"), _("publications"))
@labelled(
    title=_("title"),
    slug=_("slug"),
    year=_("year"),
    month=_("month"),
    date=_("date"),
    venue=_("venue"),
    volume=_("volume"),
    issue=_("issue"),
    pages=_("pages"),
    publisher=_("publisher"),
    abstract=_("abstract"),
    keywords=_("keywords"),
    selected=_("selected"),
    published_version=_("published version"),
    created_at=_("created at"),
    updated_at=_("updated at"),
)
class Publication(Publishable):
    kind = models.CharField(
        _("type"), max_length=16, choices=PublicationType.choices, default=PublicationType.ARTICLE
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(
        max_length=120, unique=True, help_text=_("The paper's address: /publications/slug/.")
    )
    year = models.PositiveSmallIntegerField(help_text=_("Year of publication; groups the list."))
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Optional month (1–12), when the exact day is not known."),
    )  # fmt: skip
    date = models.DateField(
        null=True, blank=True, help_text=_("Optional exact date; its year should match the year.")
    )
    venue = models.CharField(
        max_length=300, blank=True,
        help_text=_("Journal, conference, university (thesis) or institution (report)."),
    )  # fmt: skip
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text=_("Like 101–117 or e2021."))
    publisher = models.CharField(max_length=200, blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Like 10.1038/nature14539."),
    )
    arxiv_id = models.CharField(
        _("arXiv id"), max_length=40, blank=True, db_index=True, help_text=_("Like 2101.01234.")
    )
    more_authors = models.BooleanField(
        _("and others"), default=False,
        help_text=_("The author list is incomplete (BibTeX “and others”): shown as “et al.”."),
    )  # fmt: skip
    url = models.URLField(_("web page"), blank=True, help_text=_("The publisher's page, if any."))
    pdf = models.FileField(
        _("PDF file"), upload_to=random_pdf_name, blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
        help_text=_("Upload the paper (a real PDF), or give a link below."),
    )  # fmt: skip
    pdf_url = models.URLField(
        _("PDF link"), blank=True, help_text=_("Used when no file is uploaded.")
    )
    code_url = models.URLField(_("code"), blank=True)
    data_url = models.URLField(_("data"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    abstract = MarkdownField(blank=True, help_text=_("Markdown."))
    keywords = models.CharField(max_length=400, blank=True, help_text=_("Separated by commas."))
    selected = models.BooleanField(
        default=False, help_text=_("Shown in “Selected publications” and the selected filter.")
    )
    published_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="preprints",
        help_text=_("For a preprint: the paper it became."),
    )  # fmt: skip
    bibtex_key = models.CharField(
        _("BibTeX key"), max_length=200, blank=True, db_index=True,
        help_text=_("Imports match entries to this paper by DOI, then arXiv id, then this key."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", models.F("date").desc(nulls_last=True), "-created_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["bibtex_key"],
                condition=~models.Q(bibtex_key=""),
                name="publication_unique_bibtex_key",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.doi:
            self.doi = normalise_doi(self.doi)
            if not DOI_PATTERN.match(self.doi):
                errors["doi"] = _("A DOI starts with 10., like 10.1038/nature14539.")
            else:
                # One paper per DOI: imports match entries to papers by it. (Checked here,
                # not by the database, so that rows from before the check can be fixed.)
                other = (Publication.objects.exclude(pk=self.pk)
                         .filter(doi__iexact=self.doi).only("title").first())  # fmt: skip
                if other is not None:
                    errors["doi"] = _("The publication “%(title)s” has this DOI already.") % {
                        "title": other.title
                    }
        if self.arxiv_id:
            self.arxiv_id = normalise_arxiv_id(self.arxiv_id)
            if not ARXIV_PATTERN.match(self.arxiv_id):
                errors["arxiv_id"] = _("An arXiv id looks like 2101.01234 or hep-th/9901001.")
        if self.date and self.date.year != self.year:
            errors["date"] = _("The date's year differs from the year.")
        if self.date:
            self.month = self.date.month
        if self.published_version_id and self.published_version_id == self.pk:
            errors["published_version"] = _("A paper cannot be its own published version.")
        if errors:
            raise ValidationError(errors)

    @property
    def publication_date(self) -> str:
        """As precise as known: 2021-06-14, 2021-06 or 2021."""
        if self.date:
            return self.date.isoformat()
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def is_preprint(self) -> bool:
        return self.kind == PublicationType.PREPRINT

    @property
    def kind_label(self) -> str:
        """The type named in lists where a reader would not guess it from the venue (a
        thesis, a data set …); articles and conference papers go without, preprints have
        their own badge."""
        unlabelled = (PublicationType.ARTICLE, PublicationType.CONFERENCE, PublicationType.PREPRINT)
        return "" if self.kind in unlabelled else self.get_kind_display()

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def pdf_link(self) -> str:
        """The uploaded file if there is one, otherwise the PDF link."""
        return self.pdf.url if self.pdf else self.pdf_url

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def link_list(self) -> list[tuple[str, str, str]]:
        """(kind, label, address) of every link the paper has, in a fixed order."""
        links = [
            ("doi", "DOI", self.doi_url),
            ("arxiv", "arXiv", self.arxiv_url),
            ("pdf", "PDF", self.pdf_link),
            ("code", str(_("Code")), self.code_url),
            ("data", str(_("Data")), self.data_url),
            ("slides", str(_("Slides")), self.slides_url),
            ("video", str(_("Video")), self.video_url),
        ]
        return [link for link in links if link[2]]


@named(_("authorship"), _("authorships"))
@labelled(
    publication=_("publication"),
    position=_("position"),
    name=_("name"),
    family_name=_("family name"),
    given_names=_("given names"),
    member=_("member"),
)
class Authorship(models.Model):
    """One author of a publication, in order: the name as printed, maybe a member."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order of the authors."))
    name = models.CharField(max_length=200, help_text=_("As printed, e.g. “Anna Müller”."))
    family_name = models.CharField(
        max_length=120, blank=True, help_text=_("With particles: “van der Berg”.")
    )
    given_names = models.CharField(max_length=120, blank=True, help_text=_("Like “David S.”."))
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships",
        help_text=_(
            "Links the name to a member page; imports fill this in where the name is clear."
        ),
    )  # fmt: skip

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = " ".join(part for part in (self.given_names, self.family_name) if part)
        if not self.family_name and self.name:
            # A name typed in the admin without parts: the last word is the family name.
            given, _, family = self.name.rpartition(" ")
            self.family_name, self.given_names = family, self.given_names or given
        super().save(*args, **kwargs)
