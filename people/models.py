from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.field_labels import labelled, named
from groupsite.markdown.render import MarkdownField
from groupsite.media.renditions import RenditionImageField, Spec
from people.fields import GitHubUserField, OrcidField
from people.validators import orcid_url, validate_google_scholar


class Role(models.TextChoices):
    # Declaration order is the order of groups on the people page.
    GROUP_LEADER = "leader", _("Group leader")
    POSTDOC = "postdoc", _("Postdoctoral researcher")
    RESEARCH_SOFTWARE_ENGINEER = "rse", _("Research software engineer")
    PHD_STUDENT = "phd", _("PhD student")
    MASTERS_STUDENT = "master", _("Master's student")
    VISITING_RESEARCHER = "visitor", _("Visiting researcher")
    OTHER = "other", _("Other")


class AlumniLabel(models.TextChoices):
    """How the site names a member who has left, in the form they chose."""

    NEUTRAL = "former", _("Former member")
    ALUMNA = "alumna", _("Alumna")
    ALUMNUS = "alumnus", _("Alumnus")


ROLE_RANK = {role: rank for rank, role in enumerate(Role.values)}


class MemberQuerySet(PublishableQuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=today)
        )

    def alumni(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(end_date__lt=today).order_by("-end_date", "name")

    def by_role(self):
        rank = models.Case(
            *(models.When(role=role, then=models.Value(r)) for role, r in ROLE_RANK.items()),
            default=models.Value(len(ROLE_RANK)),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "display_order", "name")


@named(_("member"), _("members"))
@labelled(
    name=_("name"),
    slug=_("slug"),
    role=_("role"),
    title=_("title"),
    photo=_("photo"),
    bio=_("bio"),
    email=_("email"),
    homepage=_("homepage"),
    start_date=_("start date"),
    end_date=_("end date"),
    display_order=_("display order"),
)
class Member(Publishable):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True, help_text=_("The member page's address: /people/slug/."))
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PHD_STUDENT)
    title = models.CharField(
        max_length=160, blank=True, help_text=_("Optional wording shown instead of the role.")
    )
    photo = RenditionImageField(
        upload_to="people/", blank=True,
        help_text=_("A portrait; JPEG, PNG, WebP or GIF."),
        specs={
            "portrait": Spec(width=150, height=150, crop=True, webp_quality=70),
            "portrait-large": Spec(width=240, height=240, crop=True, webp_quality=72),
        },
        focus_field="photo_focus",
    )  # fmt: skip
    photo_focus_x = models.PositiveSmallIntegerField(
        _("focus across"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("Where the face is, in percent from the left; square crops centre on it."),
    )  # fmt: skip
    photo_focus_y = models.PositiveSmallIntegerField(
        _("focus down"), default=35, validators=[MaxValueValidator(100)],
        help_text=_("Where the face is, in percent from the top."),
    )  # fmt: skip
    research_interest = models.CharField(
        _("research interest"), max_length=90, blank=True,
        help_text=_("One short line under the name on the people page, e.g. "
        "“Normalizing flows for data assimilation”."),
    )  # fmt: skip
    bio = MarkdownField(blank=True, help_text=_("Markdown."))
    email = models.EmailField(blank=True)
    homepage = models.URLField(blank=True)
    orcid = OrcidField()
    google_scholar = models.URLField(
        _("Google Scholar profile"), blank=True, validators=[validate_google_scholar]
    )
    github = GitHubUserField()
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text=_("Members become alumni the day after this date.")
    )
    now_at = models.CharField(
        _("now at"), max_length=200, blank=True, help_text=_("For alumni: where they went.")
    )
    alumni_label = models.CharField(
        _("called after leaving"), max_length=8, choices=AlumniLabel.choices,
        default=AlumniLabel.NEUTRAL,
        help_text=_("How the site names the member once they have left, in the form they "
        "choose: alumna, alumnus, or the neutral “former member”."),
    )  # fmt: skip
    display_order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Orders members within a role; lower comes first.")
    )
    other_names = models.TextField(
        _("other spellings"), blank=True,
        help_text=_("One per line: how the name also appears on papers (maiden name, "
        "transliteration, “Greenberg, D. S.”). Used to link imported authors to this member."),
    )  # fmt: skip

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:member", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def is_alumnus(self) -> bool:
        return self.end_date is not None and self.end_date < timezone.localdate()

    @property
    def alumni_title(self) -> str:
        """ "Alumna", "Alumnus" or "Former member": the member's own choice."""
        return AlumniLabel(self.alumni_label).label if self.alumni_label else ""

    @property
    def photo_focus(self) -> tuple[int, int]:
        return (self.photo_focus_x, self.photo_focus_y)

    @property
    def role_label(self) -> str:
        return self.title or self.get_role_display()

    @property
    def years(self) -> str:
        """The time in the group in years: "2020–2023", one year once ("2022"), "until 2023"
        without a start, "since 2021" without an end; "" when neither date is known."""
        start = self.start_date.year if self.start_date else None
        end = self.end_date.year if self.end_date else None
        if start and end:
            return str(start) if start == end else f"{start}–{end}"
        if end:
            return _("until %(year)s") % {"year": end}
        return _("since %(year)s") % {"year": start} if start else ""

    @property
    def orcid_url(self) -> str:
        return orcid_url(self.orcid)

    @property
    def name_variants(self) -> list[str]:
        """The name and every other spelling, for matching authors of papers."""
        return [
            self.name,
            *(line.strip() for line in self.other_names.splitlines() if line.strip()),
        ]

    @property
    def github_url(self) -> str:
        return f"https://github.com/{self.github}" if self.github else ""


CLOSING_SOON_DAYS = 14


class Level(models.TextChoices):
    MASTERS_THESIS = "master", _("Master's thesis")
    PHD = "phd", _("PhD")
    POSTDOC = "postdoc", _("Postdoc")
    OTHER = "other", _("Other")


class PositionQuerySet(PublishableQuerySet):
    def open(self, today=None):
        """Published and not past the deadline; the deadline day itself is still open."""
        today = today or timezone.localdate()
        return self.published().filter(
            models.Q(deadline__isnull=True) | models.Q(deadline__gte=today)
        )


@named(_("position"), _("positions"))
@labelled(
    title=_("title"),
    slug=_("slug"),
    level=_("level"),
    teaser=_("teaser"),
    place=_("place"),
    start=_("start"),
    duration=_("duration"),
    description=_("description"),
    contact_member=_("contact member"),
    contact_email=_("contact email"),
    deadline=_("deadline"),
    created_at=_("created at"),
)
class Position(Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text=_("The address: /positions/slug/."))
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.PHD)
    teaser = models.CharField(
        max_length=300, blank=True,
        help_text=_("One or two sentences for the positions list and link previews."),
    )  # fmt: skip
    place = models.CharField(
        max_length=200, blank=True,
        help_text=_("Where the work happens, e.g. “Geesthacht near Hamburg; partly remote”."),
    )  # fmt: skip
    start = models.CharField(
        max_length=100, blank=True,
        help_text=_(
            "When it starts, as you would say it: “1 October 2026”, “as soon as possible”."
        ),
    )  # fmt: skip
    duration = models.CharField(
        max_length=100, blank=True,
        help_text=_("How long it runs, e.g. “3 years” or “6 months, full time”."),
    )  # fmt: skip
    description = MarkdownField(
        help_text=_("Markdown: the project, the profile, what we offer."),
    )
    contact_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="positions",
        help_text=_("Applications go to this member's email address."),
    )  # fmt: skip
    contact_email = models.EmailField(
        blank=True, help_text=_("Used instead of the contact member's address when set.")
    )
    deadline = models.DateField(
        null=True, blank=True,
        help_text=_("Last day to apply (Berlin time); the position disappears the day after."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        # By the English title, so both languages list positions in the same order.
        ordering = [models.F("deadline").asc(nulls_last=True), "title_en"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("positions:detail", kwargs={"slug": self.slug})

    def clean(self):
        if not self.contact_email and not (self.contact_member and self.contact_member.email):
            raise ValidationError(
                _("Give a contact email, or choose a contact member who has an email address.")
            )

    @property
    def public_contact_member(self) -> "Member | None":
        """The contact member as visitors may see them: never a draft member's name."""
        member = self.contact_member
        return member if member is not None and member.is_live else None

    @property
    def application_email(self) -> str:
        if self.contact_email:
            return self.contact_email
        return self.contact_member.email if self.contact_member else ""

    @property
    def closes_soon(self) -> bool:
        """Open, with at most CLOSING_SOON_DAYS left until the deadline."""
        if self.deadline is None:
            return False
        return 0 <= (self.deadline - timezone.localdate()).days <= CLOSING_SOON_DAYS

    @property
    def is_open(self) -> bool:
        return self.is_live and (self.deadline is None or self.deadline >= timezone.localdate())
