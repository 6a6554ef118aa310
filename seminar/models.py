import unicodedata
import zoneinfo
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groupsite.content.publishing import Publishable, PublishableQuerySet
from groupsite.markdown.render import MarkdownField
from groupsite.media.images import validate_image_upload
from groupsite.media.renditions import RenditionImageField, Spec
from people.fields import OrcidField
from people.validators import orcid_url
from seminar.fields import YouTubeVideoField
from seminar.slides import slides_name, validate_slides_upload
from seminar.youtube import VIDEO_ID, watch_url


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone name; use one like Europe/Berlin."),
            params={"zone": value},
        )


def validate_single_line(value: str) -> None:
    """Titles go into mail subjects and calendar summaries, which are one line; names and
    references into one spreadsheet cell each, with a line per reference (and an XLSX
    file cannot hold most control characters at all)."""
    if any(unicodedata.category(character) in {"Cc", "Zl", "Zp"} for character in value):
        raise ValidationError(
            _("Use one line: no line breaks, tabs or other control characters."),
            code="single_line",
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Language(models.TextChoices):
    """The language a talk is given in (and mail to a speaker is written in). Each language
    is named in itself, as language pickers do."""

    ENGLISH = "en", "English"
    GERMAN = "de", "Deutsch"


# In the visitor's language: the title of a session's small language label.
LANGUAGE_GIVEN_IN = {
    Language.ENGLISH: _("Given in English"),
    Language.GERMAN: _("Given in German"),
}


class SeriesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


RESERVED_SERIES_SLUGS = {
    "archive": _("the address of the seminar archive"),
    "speakers": _("where speakers' personal links start"),
}


def validate_series_slug(value: str) -> None:
    if value in RESERVED_SERIES_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is %(why)s; choose another."),
            params={"slug": value, "why": RESERVED_SERIES_SLUGS[value]},
        )


class Series(models.Model):
    name = models.CharField(max_length=160, validators=[validate_single_line])
    slug = models.SlugField(
        unique=True, validators=[validate_series_slug], help_text=_("The address: /seminar/slug/.")
    )
    description = MarkdownField(
        blank=True,
        help_text=_("Markdown: what the seminar is about."),
    )
    cadence = models.CharField(
        max_length=160, blank=True, help_text=_("In words, e.g. “Weekly on Tuesdays, 15:00”.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH,
        help_text=_("The language its talks are usually given in: new sessions start with it, "
                    "and announcements and speaker mails are written in it."),
    )  # fmt: skip
    time_zone = models.CharField(
        max_length=64, default="Europe/Berlin", validators=[validate_time_zone],
        help_text=_("Session times are entered and shown in this zone."),
    )  # fmt: skip
    default_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True
    )
    default_start_time = models.TimeField(null=True, blank=True)
    default_duration_minutes = models.PositiveSmallIntegerField(default=60)
    default_location = models.CharField(max_length=200, blank=True)
    youtube_channel_url = models.URLField(_("YouTube channel URL"), blank=True)
    mailing_list_url = models.URLField(_("mailing list URL"), blank=True)
    announcement_email = models.EmailField(
        blank=True,
        help_text=_(
            "Announcements and reminders are mailed here, e.g. the mailing list's address."
        ),
    )
    published = models.BooleanField(default=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("series")

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
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid: in person and online")


class Status(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


# Changing any of these makes calendars replace their copy of the event (services raise
# SEQUENCE).
CALENDAR_FIELDS = ("start", "end", "location", "status", "format", "title")


def consent_given(staff_recorded: bool, answers) -> bool:
    """THE consent rule, for the live stream and for publishing the recording alike.

    ``answers`` holds each speaker's own answer (True, False, or None when they have not
    answered through their link); ``staff_recorded`` is the consent staff ticked on the
    session, which stands in for every speaker without an answer of their own (a speaker
    without an invitation, one who agreed by e-mail). So: allowed only if every speaker
    agrees; one speaker's "no" always wins, and nobody's "yes" answers for a co-speaker.
    """
    answers = list(answers)
    if not answers:
        return staff_recorded
    return all(staff_recorded if answer is None else answer for answer in answers)


class SessionQuerySet(PublishableQuerySet):
    def published(self, now=None):
        return super().published(now).filter(series__published=True)

    def upcoming(self, now=None):
        """Not yet over: a session that has started but not ended still counts."""
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def with_public_recording(self):
        """Sessions with a recording visitors may see: the same rule as consent_given."""
        answers = Speaker.objects.filter(session=models.OuterRef("pk"))
        refused = models.Exists(answers.filter(recording_consent=False))
        unanswered = models.Exists(answers.filter(recording_consent__isnull=True))
        # Without speakers nobody answered: the staff tick decides, as in consent_given.
        every_speaker_agreed = models.Exists(answers) & ~unanswered
        return self.exclude(youtube_video="").filter(
            ~refused & (models.Q(recording_consent=True) | every_speaker_agreed)
        )

    def given_in(self, language: str):
        """Talks given in ``language``: their own, or (left empty) their series' language."""
        return self.filter(
            models.Q(language=language) | models.Q(language="", series__language=language)
        )

    def with_listing_data(self):
        return self.select_related("series").prefetch_related("speakers")


class Session(Publishable):
    """A talk in a series. Create and change sessions with ``seminar.services``."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField(
        blank=True, help_text=_("Left empty, the next free number in the series is used.")
    )
    title = models.CharField(max_length=300, validators=[validate_single_line])
    slug = models.SlugField(max_length=80, blank=True, help_text=_("Made from the title if empty."))
    start = models.DateTimeField(help_text=_("In the series' time zone."))
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Left empty, the series' default duration is used.")
    )
    # Stored rather than computed so upcoming/past can filter and sort in the database.
    end = models.DateTimeField(editable=False)
    abstract = MarkdownField(blank=True, help_text=_("Markdown."))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True,
        help_text=_("The language the talk is given in, shown as a small label. Left empty, "
                    "the series' language is used."),
    )  # fmt: skip
    youtube_video = YouTubeVideoField(
        _("YouTube recording"), blank=True,
        help_text=_("Paste any YouTube link to the recording; only the video id is kept."),
    )  # fmt: skip
    livestream_url = models.URLField(
        _("live-stream URL"),
        blank=True,
        help_text=_("Where to watch live; shown only if every speaker agrees."),
    )
    livestream_consent = models.BooleanField(
        _("live stream agreed (recorded by staff)"), default=False,
        help_text=_(
            "Tick when the speakers agreed outside the site (e.g. by e-mail). It stands for "
            "speakers who have not answered through their own link; a speaker's own answer "
            "always counts, so one “no” hides the live-stream link."
        ),
    )  # fmt: skip
    recording_consent = models.BooleanField(
        _("publishing the recording agreed (recorded by staff)"), default=False,
        help_text=_(
            "Tick when the speakers agreed outside the site (e.g. by e-mail). It stands for "
            "speakers who have not answered through their own link; a speaker's own answer "
            "always counts, so one “no” keeps the recording unpublished."
        ),
    )  # fmt: skip
    slides = models.FileField(
        upload_to=slides_name, blank=True, max_length=200, validators=[validate_slides_upload],
        help_text=_("PDF only."),
    )  # fmt: skip
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.HYBRID)
    location = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Left empty, the series' default location is used."),
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(
        max_length=300, blank=True, help_text=_("Shown with a cancelled or postponed session.")
    )
    uid = models.CharField(
        _("calendar UID"), max_length=255, unique=True, editable=False,
        help_text=_("Identifies the session in calendars; never changes."),
    )  # fmt: skip
    sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Calendar revision; rises when time, place, format, title or status change."),
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
        errors = self.recording_errors()
        if self.series_id and self.number:
            clash = Session.objects.filter(series_id=self.series_id, number=self.number)
            if clash.exclude(pk=self.pk).exists():
                errors["number"] = _("Session #%(number)s already exists in this series.") % {
                    "number": self.number
                }
        if errors:
            raise ValidationError(errors)

    def recording_errors(self) -> dict[str, str]:
        """``clean`` without the number's query: a recording needs every speaker's consent.
        (The imports' plans check numbers against the numbers they read once per file.)"""
        # Only a valid id: a bad link already has its own message.
        has_recording = bool(VIDEO_ID.match(self.youtube_video or ""))
        if has_recording and not self.may_publish_recording:
            return {
                "youtube_video": _(
                    "Not every speaker has agreed to publishing the recording. A speaker who "
                    "said no must change their answer; for speakers who have not answered, "
                    "tick “publishing the recording agreed” once they have agreed. Otherwise "
                    "leave the recording empty."
                )
            }
        return {}

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.series.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.series.zone)

    @property
    def spoken_language(self) -> str:
        """ "en" or "de": the session's own language, else its series'."""
        return self.language or self.series.language

    @property
    def language_given_in(self) -> str:
        """ "Given in German": the language label's title, in the visitor's language."""
        return str(LANGUAGE_GIVEN_IN.get(self.spoken_language, ""))

    @property
    def is_over(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.SCHEDULED

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    def _agreed(self, field: str) -> bool:
        staff_recorded = getattr(self, field)
        if self.pk is None:
            return staff_recorded
        # .all() so a prefetch of the speakers (listings, feeds, the API) is used.
        return consent_given(staff_recorded, (getattr(s, field) for s in self.speakers.all()))

    @property
    def may_stream(self) -> bool:
        """Every speaker agrees to a live stream (see consent_given)."""
        return self._agreed("livestream_consent")

    @property
    def may_publish_recording(self) -> bool:
        """Every speaker agrees to publishing the recording (see consent_given)."""
        return self._agreed("recording_consent")

    @property
    def public_youtube_video(self) -> str:
        """The recording visitors may see: only if every speaker agrees."""
        return self.youtube_video if self.youtube_video and self.may_publish_recording else ""

    @property
    def recording_url(self) -> str:
        video = self.public_youtube_video
        return watch_url(video) if video else ""

    @property
    def slides_size(self) -> int | None:
        """Bytes of the slides file; None without slides or if the file has gone missing."""
        if not self.slides:
            return None
        try:
            return self.slides.size
        except OSError:
            return None

    @property
    def public_livestream_url(self) -> str:
        """The live-stream link visitors may see: only with the speakers' consent."""
        return self.livestream_url if self.livestream_url and self.may_stream else ""


class Speaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=160, validators=[validate_single_line])
    affiliation = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    homepage = models.URLField(blank=True)
    orcid = OrcidField()
    member = models.ForeignKey(
        "people.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="talks",
        help_text=_("If the speaker is in the group, their member page lists this talk."),
    )  # fmt: skip
    email = models.EmailField(
        blank=True, help_text=_("Private: where the speaker invitation goes; never shown.")
    )
    bio = models.TextField(blank=True, max_length=1500, help_text=_("A short biography."))
    portrait = RenditionImageField(
        upload_to="speakers/", blank=True, max_length=200, validators=[validate_image_upload],
        help_text=_("JPEG, PNG, WebP or GIF."),
        specs={"portrait": Spec(width=150, height=150, crop=True, webp_quality=70)},
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(default=0)
    livestream_consent = models.BooleanField(
        _("agrees to a live stream"), null=True, blank=True,
        help_text=_("Their own answer, from their approved form. Unknown: not answered there; "
        "the session's staff-recorded consent stands for them."),
    )  # fmt: skip
    recording_consent = models.BooleanField(
        _("agrees to publishing the recording"), null=True, blank=True,
        help_text=_("Their own answer, from their approved form. Unknown: not answered there; "
        "the session's staff-recorded consent stands for them."),
    )  # fmt: skip

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    @property
    def public_member(self):
        """The linked member as visitors may see them: a draft member is not linked."""
        member = self.member
        return member if member is not None and member.is_live else None

    @property
    def orcid_url(self) -> str:
        return orcid_url(self.orcid)


class Reference(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="references")
    authors = models.CharField(max_length=500, blank=True, validators=[validate_single_line])
    title = models.CharField(max_length=400, validators=[validate_single_line])
    venue = models.CharField(
        max_length=200, blank=True, help_text=_("Journal or conference."),
        validators=[validate_single_line],
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField(_("URL"), blank=True, validators=[validate_single_line])
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, help_text=_("Like 10.1038/nature14539."),
        validators=[validate_single_line],
    )  # fmt: skip
    arxiv_id = models.CharField(
        _("arXiv id"), max_length=40, blank=True, help_text=_("Like 1505.04597."),
        validators=[validate_single_line],
    )  # fmt: skip
    publication = models.ForeignKey(
        "publications.Publication", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="seminar_references",
        help_text=_("When the session discusses one of the group's own papers: the session "
        "page links to it."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.doi:
            self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
            if not self.doi.startswith("10."):
                raise ValidationError(
                    {"doi": _("A DOI starts with 10., like 10.1038/nature14539.")}
                )

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return ""
