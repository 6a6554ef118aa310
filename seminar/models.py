import zoneinfo
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from groupsite.markdown import MarkdownField
from groupsite.publishing import Publishable, PublishableQuerySet
from people.fields import OrcidField
from people.validators import orcid_url
from seminar.fields import YouTubeVideoField
from seminar.youtube import watch_url


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(zone)s” is not a time zone name; use one like Europe/Berlin.",
            params={"zone": value},
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class SeriesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


def validate_series_slug(value: str) -> None:
    if value in {"archive"}:
        raise ValidationError("“archive” is the address of the seminar archive; choose another.")


class Series(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(
        unique=True, validators=[validate_series_slug], help_text="The address: /seminar/slug/."
    )
    description = MarkdownField(
        blank=True,
        help_text="Markdown: what the seminar is about.",
    )
    cadence = models.CharField(
        max_length=160, blank=True, help_text="In words, e.g. “Weekly on Tuesdays, 15:00”."
    )
    time_zone = models.CharField(
        max_length=64, default="Europe/Berlin", validators=[validate_time_zone],
        help_text="Session times are entered and shown in this zone.",
    )  # fmt: skip
    default_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True
    )
    default_start_time = models.TimeField(null=True, blank=True)
    default_duration_minutes = models.PositiveSmallIntegerField(default=60)
    default_location = models.CharField(max_length=200, blank=True)
    youtube_channel_url = models.URLField(blank=True)
    mailing_list_url = models.URLField(blank=True)
    announcement_email = models.EmailField(
        blank=True,
        help_text="Announcements and reminders are mailed here, e.g. the mailing list's address.",
    )
    published = models.BooleanField(default=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("seminar:series", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def next_regular_start(self, now=None):
        """The next default weekday and time after ``now``, or None without both defaults."""
        if self.default_weekday is None or self.default_start_time is None:
            return None
        now = timezone.localtime(now or timezone.now(), self.zone)
        days_ahead = (self.default_weekday - now.weekday()) % 7
        day = now.date() + timedelta(days=days_ahead)
        start = datetime.combine(day, self.default_start_time, tzinfo=self.zone)
        return start if start > now else start + timedelta(weeks=1)


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid: in person and online"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"


# Changing any of these makes calendars replace their copy of the event (services raise
# SEQUENCE).
CALENDAR_FIELDS = ("start", "end", "location", "status", "format", "title")


class SessionQuerySet(PublishableQuerySet):
    def published(self, now=None):
        return super().published(now).filter(series__published=True)

    def upcoming(self, now=None):
        """Not yet over: a session that has started but not ended still counts."""
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def with_listing_data(self):
        return self.select_related("series").prefetch_related("speakers")


class Session(Publishable):
    """A talk in a series. Create and change sessions with ``seminar.services``."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField(
        blank=True, help_text="Left empty, the next free number in the series is used."
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, blank=True, help_text="Made from the title if empty.")
    start = models.DateTimeField(help_text="In the series' time zone.")
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Left empty, the series' default duration is used."
    )
    # Stored rather than computed so upcoming/past can filter and sort in the database.
    end = models.DateTimeField(editable=False)
    abstract = MarkdownField(blank=True, help_text="Markdown.")
    youtube_video = YouTubeVideoField(
        "YouTube recording", blank=True,
        help_text="Paste any YouTube link to the recording; only the video id is kept.",
    )  # fmt: skip
    livestream_url = models.URLField(blank=True, help_text="Where to watch live.")
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.HYBRID)
    location = models.CharField(
        max_length=200, blank=True, help_text="Left empty, the series' default location is used."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(
        max_length=300, blank=True, help_text="Shown with a cancelled or postponed session."
    )
    uid = models.CharField(
        "calendar UID", max_length=255, unique=True, editable=False,
        help_text="Identifies the session in calendars; never changes.",
    )  # fmt: skip
    sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Calendar revision; rises when time, place, format, title or status change.",
    )
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_to = models.CharField(max_length=500, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="session_number_per_series")
        ]
        indexes = [models.Index(fields=["end"]), models.Index(fields=["start"])]

    def __str__(self):
        return f"#{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse(
            "seminar:session",
            kwargs={"series": self.series.slug, "number": self.number, "slug": self.slug},
        )

    def clean(self):
        if self.series_id and self.number:
            clash = Session.objects.filter(series_id=self.series_id, number=self.number)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number": f"Session #{self.number} already exists in this series."}
                )

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.series.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.series.zone)

    @property
    def is_over(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.SCHEDULED

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def is_postponed(self) -> bool:
        return self.status == Status.POSTPONED

    @property
    def recording_url(self) -> str:
        return watch_url(self.youtube_video) if self.youtube_video else ""


class Speaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=160)
    affiliation = models.CharField(max_length=200, blank=True)
    homepage = models.URLField(blank=True)
    orcid = OrcidField()
    member = models.ForeignKey(
        "people.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="talks",
        help_text="If the speaker is in the group, their member page lists this talk.",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    @property
    def orcid_url(self) -> str:
        return orcid_url(self.orcid)


class Reference(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="references")
    authors = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=400)
    venue = models.CharField(max_length=200, blank=True, help_text="Journal or conference.")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="Like 10.1038/nature14539.")
    arxiv_id = models.CharField("arXiv id", max_length=40, blank=True, help_text="Like 1505.04597.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.doi:
            self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
            if not self.doi.startswith("10."):
                raise ValidationError({"doi": "A DOI starts with 10., like 10.1038/nature14539."})

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return ""
