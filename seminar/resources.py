"""Sessions as spreadsheet rows: one definition of the columns, for the export_sessions
command (series: seminar.series_sheet).

A session row flattens its speakers and references into a few columns:

- ``speakers``: ``Name (Affiliation); Name (Affiliation)``, as calendars write them;
- ``speaker_orcids``, ``speaker_homepages``, ``speaker_members``: the same speakers' ORCID
  iDs, pages and member slugs, separated by ``;`` in the same order (blanks allowed);
- ``references``: one per line, ``title | authors | venue | year | url | doi | arxiv``.

A backslash makes a separator plain text (``\\;`` ``\\(`` ``\\)`` in speakers, ``\\;`` in the
aligned columns, ``\\|`` in references, ``\\\\`` everywhere; seminar.text). Exports escape
what needs it, so any text reads back exactly.
"""

import re
from copy import deepcopy

import reversion
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify
from import_export import fields
from import_export.resources import Diff

from groupsite.content.seo import absolute_url
from groupsite.sheets.spreadsheets import (
    ContentResource,
    ascii_number,
    choice_value,
    format_local_datetime,
    https_url,
    parse_local_datetime,
    parse_yes_no,
    sheet_row,
    text,
)
from people.models import Member
from seminar import services
from seminar.models import Format, Reference, Series, Session, Speaker, Status
from seminar.text import format_speakers, join_escaped, parse_speakers, split_escaped
from seminar.youtube import NotAYouTubeVideo, parse_video_id, watch_url

SESSION_COLUMNS = (
    "series", "number", "title", "slug", "start", "duration_minutes", "status",
    "status_note", "format", "location", "livestream_url", "recording", "speakers",
    "speaker_orcids", "speaker_homepages", "speaker_members", "references", "abstract",
    "published", "publish_at", "uid", "end", "url",
)  # fmt: skip
#: The largest values the database's columns hold (PositiveInteger, PositiveSmallInteger).
LARGEST_NUMBER, LARGEST_MINUTES, LARGEST_YEAR = 2_147_483_647, 32_767, 32_767
#: Where a cell's text breaks into lines (references): what spreadsheets and CSV write.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
REFERENCE_PARTS = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")


def _column(name: str, **options) -> fields.Field:
    """A column the resource reads and writes itself (parse_row / dehydrate_<name>)."""
    return fields.Field(column_name=name, **options)


class SessionResource(ContentResource):
    """Sessions, matched by calendar UID, or (without one) by series and start time."""

    export_related = ("series", "speakers__member", "references")

    series = _column("series")
    uid = _column("uid")
    number = _column("number")
    title = _column("title")
    slug = _column("slug")
    start = _column("start")
    duration_minutes = _column("duration_minutes")
    status = _column("status")
    status_note = _column("status_note")
    format = _column("format")
    location = _column("location")
    livestream_url = _column("livestream_url")
    recording = _column("recording")
    speakers = _column("speakers")
    speaker_orcids = _column("speaker_orcids")
    speaker_homepages = _column("speaker_homepages")
    speaker_members = _column("speaker_members")
    references = _column("references")
    abstract = _column("abstract")
    published = _column("published")
    publish_at = _column("publish_at")
    end = _column("end", readonly=True)
    url = _column("url", readonly=True)

    export_only_columns = ("end", "url")
    sample = {
        "series": "example-seminar",
        "title": "Neural operators for ocean models",
        "start": "2024-03-05 15:00",
        "duration_minutes": 60,
        "status": "scheduled",
        "format": "hybrid",
        "location": "Seminar room 2",
        "recording": "https://youtu.be/dQw4w9WgXcQ",
        "speakers": "Jörg Müller (Universität Hamburg); Zoë Ångström (KTH)",
        "speaker_orcids": "0000-0002-1825-0097; ",
        "references": "Fourier neural operator for parametric PDEs | Z. Li et al. | ICLR | 2021"
        " | | | 2010.08895",
        "abstract": "How learned solution operators speed up ocean simulations.",
        "published": "yes",
    }

    class Meta:
        model = Session
        import_id_fields = []
        fields = SESSION_COLUMNS
        export_order = SESSION_COLUMNS

    def get_import_fields(self):
        return [self.fields[name] for name in SESSION_COLUMNS if not self.fields[name].readonly]

    def get_diff_class(self):
        return SessionDiff

    # Matching ------------------------------------------------------------------------------
    def prepare_import(self, dataset, **kwargs):
        """Everything the rows are matched and checked against, read in a few queries."""
        self.series_by_slug = {series.slug: series for series in Series.objects.all()}
        self.series_ids = {series.pk for series in self.series_by_slug.values()}
        rows = dataset.dict
        self._load_existing(rows)
        self._load_members(rows)
        self.planned_numbers = self._plan_numbers(rows)

    def _load_existing(self, rows) -> None:
        uids, series_ids, starts = set(), set(), set()
        for values in rows:
            uid = text(values.get("uid"))
            if uid:
                uids.add(uid)
                continue
            series, start = self._series_and_start(values)
            if series is not None and start is not None:
                series_ids.add(series.pk)
                starts.add(start)
        found = Q(uid__in=uids) | Q(series_id__in=series_ids, start__in=starts)
        sessions = list(
            Session.objects.filter(found)
            .select_related("series")
            .prefetch_related("speakers__member", "speakers__invitation__submission", "references")
        )
        self.sessions_by_pk = {session.pk: session for session in sessions}
        self.sessions_by_uid = {session.uid: session for session in sessions}
        self.sessions_by_slot = {(s.series_id, s.start): s for s in sessions}
        # (series, number) -> the session or file row holding it, for the uniqueness check.
        self.numbers_taken = {
            (series_id, number): pk
            for series_id, number, pk in Session.objects.values_list("series_id", "number", "pk")
        }

    def _load_members(self, rows) -> None:
        slugs = {slug for values in rows for slug in _aligned(values, "speaker_members") if slug}
        self.members_by_slug = {
            member.slug: member for member in Member.objects.filter(slug__in=slugs).only("slug")
        }
        self.members_by_pk = {member.pk: member for member in self.members_by_slug.values()}

    def _series_and_start(self, row):
        series = self.series_by_slug.get(text(row.get("series")))
        try:
            start = _start(row.get("start"), series) if series else None
        except ValueError:
            start = None
        return series, start

    def _existing(self, row) -> Session | None:
        uid = text(row.get("uid"))
        if uid:
            return self.sessions_by_uid.get(uid)
        series, start = self._series_and_start(row)
        if series is None or start is None:
            return None
        return self.sessions_by_slot.get((series.pk, start))

    def get_instance(self, instance_loader, row):
        stored = self._existing(row)
        if stored is None:
            return None
        # A copy to change; it keeps the speakers and references read in prepare_import.
        instance = deepcopy(stored)
        instance._prefetched_objects_cache = stored._prefetched_objects_cache
        return instance

    def row_key(self, row):
        uid = text(row.get("uid"))
        if uid:
            return ("UID", uid)
        series, start = self._series_and_start(row)
        if series is None or start is None:
            return None
        return (series.slug, format_local_datetime(start, series.zone))

    def _plan_numbers(self, rows) -> dict:
        """New sessions without a number: numbered by start time after the series' own."""
        new_by_series: dict = {}
        given: dict = {}
        for row_number, values in enumerate(rows, start=1):
            series, start = self._series_and_start(values)
            if series is None:
                continue
            try:
                number = self._number(values.get("number"))
            except ValueError:
                number = None  # the row is refused with the reason
            if number is not None:
                given[series.pk] = max(given.get(series.pk, 0), number)
            elif start is not None and self._existing(values) is None:
                new_by_series.setdefault(series, []).append((start, row_number))
        highest: dict = {}
        for series_id, number in self.numbers_taken:
            highest[series_id] = max(highest.get(series_id, 0), number)
        planned = {}
        for series, rows in new_by_series.items():
            first = max(highest.get(series.pk, 0), given.get(series.pk, 0)) + 1
            for offset, (_, row_number) in enumerate(sorted(rows)):
                planned[row_number] = first + offset
        return planned

    # Reading a row -------------------------------------------------------------------------
    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Every column is read by import_extra, which sees the whole row at once."""

    def import_instance(self, instance, row, **kwargs):
        self.current_row_number = kwargs.get("row_number")
        super().import_instance(instance, row, **kwargs)

    def import_extra(self, instance, row, errors):
        present = set(row)
        series = self.series_by_slug.get(text(row.get("series")))
        if instance.pk and series and series.pk != instance.series_id:
            errors["series"] = [f"This UID belongs to a session of “{instance.series.slug}”."]
        elif instance.pk is None or "series" in present:
            if series is None:
                errors["series"] = [f"No series “{text(row.get('series'))}”; use a series slug."]
            else:
                instance.series = series
        own_series = series or getattr(instance, "series", None) or Series()
        zone = own_series.zone
        readers = {
            "uid": text,
            "number": self._number,
            "title": text,
            "slug": text,
            "start": lambda v: _start(v, own_series),
            "duration_minutes": _minutes,
            "status": lambda v: _choice(Status, v, "status", Status.SCHEDULED),
            "status_note": text,
            "format": lambda v: _choice(Format, v, "format", Format.HYBRID),
            "location": text,
            "livestream_url": https_url,
            "recording": _video_id,
            "abstract": text,
            "published": lambda v: parse_yes_no(v) if text(v) else None,
            "publish_at": lambda v: parse_local_datetime(v, zone, column="publish_at"),
        }
        for column, read in readers.items():
            if column not in present:
                continue
            try:
                value = read(row[column])
            except (ValueError, ValidationError) as error:
                errors[column] = [_message(error)]
                continue
            if column in {"uid", "published"} and value in ("", None):
                continue  # a blank never takes a UID away, nor publishes a draft
            if column == "slug" and not value and instance.pk is not None:
                continue  # a blank keeps the session's address
            if column == "number" and value is None:
                value = instance.number or self.planned_numbers.get(self.current_row_number)
            setattr(instance, "youtube_video" if column == "recording" else column, value)
            if column == "recording" and value and instance.pk is None:
                # A new session whose recording the organiser's sheet already lists as
                # published, as a calendar does: consent was given when it went online. An
                # existing session keeps its speakers' answer (a "no" refuses the row).
                instance.recording_consent = True
        if instance.pk is None and not instance.number:
            instance.number = self.planned_numbers.get(self.current_row_number)
        self._apply_series_defaults(instance)
        self._read_speakers(instance, row, errors)
        self._read_references(instance, row, errors)

    def checked_already(self, instance):
        return {"series"} if getattr(instance, "series_id", None) in self.series_ids else set()

    def _number(self, value):
        number = ascii_number(value, "a session number (1, 2, 3 …)", LARGEST_NUMBER)
        if number == 0:
            raise ValueError(f"“{text(value)}” is not a session number (1, 2, 3 …).")
        return number

    def _apply_series_defaults(self, session):
        """What saving would fill in, so a re-import compares like with like."""
        if getattr(session, "series_id", None) is None:
            return
        if session.duration_minutes is None:
            session.duration_minutes = session.series.default_duration_minutes
        if not session.location:
            session.location = session.series.default_location
        if not session.slug and session.title:
            session.slug = slugify(session.title)[:80].strip("-") or "session"
        if session.start and session.duration_minutes:
            session.end = services.session_end(session.start, session.duration_minutes)

    def _read_speakers(self, session, row, errors):
        """The row's speakers, checked as set_speakers will check them (the preview writes
        nothing, so its refusals must show here). A ``speaker_…`` column the sheet leaves
        out leaves that field of each stored speaker as it is."""
        if "speakers" not in row:
            session.pending_speakers = None
            return
        try:
            speakers = parse_speakers(text(row.get("speakers")))
        except ValueError as error:
            errors["speakers"] = [str(error)]
            return
        columns = {"orcid": "speaker_orcids", "homepage": "speaker_homepages"}
        columns["member"] = "speaker_members"
        extras = {key: _aligned(row, column) for key, column in columns.items() if column in row}
        problems = []
        for key, values in extras.items():
            if len(values) > len(speakers):
                problems.append(
                    f"{columns[key]} lists {len(values)} entries for {len(speakers)} speakers."
                )
        for position, speaker in enumerate(speakers):
            if "orcid" in extras:
                speaker["orcid"] = _at(extras["orcid"], position)
            if "homepage" in extras:
                speaker["homepage"] = https_url(_at(extras["homepage"], position))
            if "member" in extras:
                member_slug = _at(extras["member"], position)
                speaker["member_id"] = self._member_id(member_slug) if member_slug else None
                if member_slug and speaker["member_id"] is None:
                    problems.append(f"Speaker {position + 1}: no member “{member_slug}”.")
                    continue
            candidate = Speaker(session=session, **speaker)
            try:
                # The member was found in prepare_import's lookup; no query per speaker.
                candidate.full_clean(exclude=["session", "member"])
            except ValidationError as error:
                problems += [f"Speaker {position + 1} ({speaker['name']}): {m}"
                             for m in error.messages]  # fmt: skip
            if "orcid" in speaker:
                speaker["orcid"] = candidate.orcid
        # Read in prepare_import, with their invitations and submissions.
        stored = list(session.speakers.all()) if session.pk else []
        try:
            matches = services.check_speakers(speakers, stored)
        except ValidationError as error:
            problems += error.messages
            matches = [None] * len(speakers)
        if problems:
            errors["speakers"] = problems
        session.pending_speakers = speakers
        session.import_speakers = [
            self._unsaved_speaker(values, match)
            for values, match in zip(speakers, matches, strict=True)
        ]

    def _unsaved_speaker(self, values: dict, stored: Speaker | None) -> Speaker:
        """A speaker as the row gives it, for the preview (member read in prepare_import):
        what the row leaves out as the stored speaker it updates has it."""
        speaker = Speaker(**{k: v for k, v in values.items() if k != "member_id"})
        if stored is not None:
            for name in ("homepage", "orcid"):
                if name not in values:
                    setattr(speaker, name, getattr(stored, name))
        if "member_id" not in values:
            speaker.member = stored.member if stored is not None else None
        elif values["member_id"] is not None:
            speaker.member = self.members_by_pk[values["member_id"]]
        return speaker

    def _member_id(self, slug: str):
        member = self.members_by_slug.get(slug)
        return member.pk if member else None

    def _read_references(self, session, row, errors):
        if "references" not in row:
            session.pending_references = None
            return
        references, problems = [], []
        # Only line breaks a spreadsheet cell holds (not U+2028, \x85 … as splitlines()).
        lines = [line for line in LINE_BREAK.split(text(row.get("references"))) if line.strip()]
        stored = self._stored_references(session)
        for position, line in enumerate(lines, start=1):
            parts = split_escaped(line, "|")
            if len(parts) > len(REFERENCE_PARTS):
                problems.append(f"Reference {position} has more than {len(REFERENCE_PARTS)} parts.")
                continue
            values = dict(zip(REFERENCE_PARTS, parts + [""] * len(REFERENCE_PARTS), strict=False))
            try:
                values["year"] = ascii_number(values["year"], "a year", LARGEST_YEAR)
            except ValueError as error:
                problems.append(f"Reference {position}: {error}")
                continue
            values["url"] = https_url(values["url"])
            if values in stored:
                # Exactly as stored: not checked again, so text stored before a rule (like
                # one line per part) reads back unchanged instead of being refused.
                references.append(values)
                continue
            candidate = Reference(session=session, **values)
            try:
                candidate.full_clean(exclude=["session"])
            except ValidationError as error:
                problems += [
                    f"Reference {position}{_part(name)}: {message}"
                    for name, messages in error.message_dict.items()
                    for message in messages
                ]
            values["doi"] = candidate.doi
            references.append(values)
        if problems:
            errors["references"] = problems
        session.pending_references = references
        session.import_references = [Reference(**values) for values in references]

    def _stored_references(self, session) -> list[dict]:
        """The session's references as prepare_import read them ([] for a new session)."""
        stored = getattr(self, "sessions_by_pk", {}).get(session.pk) if session.pk else None
        return services.reference_values(stored) if stored is not None else []

    # Deciding and writing ------------------------------------------------------------------
    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        editable = [f.attname for f in Session._meta.concrete_fields if f.editable]
        if any(getattr(instance, name) != getattr(original, name) for name in editable):
            return False
        stored = self.sessions_by_pk.get(original.pk, original)
        speakers = instance.pending_speakers
        if speakers is not None and not _same_speakers(speakers, stored):
            return False
        return instance.pending_references is None or instance.pending_references == (
            services.reference_values(stored)
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Uniqueness from what prepare_import read, and the rows before this one: the
        number must be free in the series (the UID is the row's key, checked already)."""
        super().validate_instance(instance, import_validation_errors, validate_unique=False)
        if not validate_unique or not instance.number:
            return
        holder = instance.pk or ("row", self.current_row_number)
        key = (instance.series_id, instance.number)
        taken_by = self.numbers_taken.get(key, holder)
        if isinstance(taken_by, tuple) and taken_by != holder:
            raise ValidationError({"number": [
                f"Session #{instance.number} is also given to row {sheet_row(taken_by[1])} of "
                "the file; each session of a series needs its own number."
            ]})  # fmt: skip
        if taken_by != holder:
            raise ValidationError(
                {"number": [f"Session #{instance.number} already exists in this series."]}
            )
        stored = self.sessions_by_pk.get(instance.pk)
        if stored is not None and stored.number != instance.number:
            self.numbers_taken.pop((stored.series_id, stored.number), None)
        self.numbers_taken[key] = holder

    def save_instance(self, instance, is_create, row, **kwargs):
        """The preview saves nothing (validate_instance checked what saving would)."""
        if kwargs.get("dry_run"):
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        """Through the seminar's services, as the admin and the calendar import write."""
        written = [f.attname for f in Session._meta.concrete_fields if f.editable]
        values = {name: getattr(instance, name) for name in written if name != "id"}
        values.pop("series_id")
        if is_create:
            if instance.uid:
                values["uid"] = instance.uid
            saved = services.create_session(series=instance.series, **values)
        else:
            stored = Session.objects.get(pk=instance.pk)
            changes = {k: v for k, v in values.items() if getattr(stored, k) != v}
            saved = services.update_session(stored, **changes) if changes else stored
        for field in Session._meta.concrete_fields:
            setattr(instance, field.attname, getattr(saved, field.attname))

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("using_transactions", True) and kwargs.get("dry_run"):
            return
        changed = False
        if instance.pending_speakers is not None:
            changed |= services.set_speakers(instance, instance.pending_speakers)
        if instance.pending_references is not None:
            changed |= services.set_references(instance, instance.pending_references)
        if changed:
            instance._prefetched_objects_cache = {}
        if changed and reversion.is_active():
            # The session's history shows its speakers and references (the admin follows them).
            reversion.add_to_revision(instance)

    # Writing a row -------------------------------------------------------------------------
    def dehydrate_series(self, session):
        return session.series.slug

    def dehydrate_uid(self, session):
        return session.uid

    def dehydrate_number(self, session):
        return session.number

    def dehydrate_title(self, session):
        return session.title

    def dehydrate_slug(self, session):
        return session.slug

    def dehydrate_start(self, session):
        return format_local_datetime(session.start, session.series.zone)

    def dehydrate_end(self, session):
        return format_local_datetime(session.end, session.series.zone)

    def dehydrate_duration_minutes(self, session):
        return session.duration_minutes

    def dehydrate_status(self, session):
        return session.status

    def dehydrate_status_note(self, session):
        return session.status_note

    def dehydrate_format(self, session):
        return session.format

    def dehydrate_location(self, session):
        return session.location

    def dehydrate_livestream_url(self, session):
        return session.livestream_url

    def dehydrate_recording(self, session):
        return watch_url(session.youtube_video) if session.youtube_video else ""

    def _speakers(self, session):
        """The row's speakers during an import, else the stored ones."""
        speakers = getattr(session, "import_speakers", None)
        if speakers is None:
            return session.speakers.all() if session.pk else []
        return speakers

    def _references(self, session):
        references = getattr(session, "import_references", None)
        if references is None:
            return session.references.all() if session.pk else []
        return references

    def dehydrate_speakers(self, session):
        return format_speakers(self._speakers(session))

    def dehydrate_speaker_orcids(self, session):
        return _joined(speaker.orcid for speaker in self._speakers(session))

    def dehydrate_speaker_homepages(self, session):
        return _joined(speaker.homepage for speaker in self._speakers(session))

    def dehydrate_speaker_members(self, session):
        return _joined(
            speaker.member.slug if speaker.member else "" for speaker in self._speakers(session)
        )

    def dehydrate_references(self, session):
        lines = []
        for reference in self._references(session):
            parts = [
                "" if getattr(reference, name) is None else str(getattr(reference, name))
                for name in REFERENCE_PARTS
            ]
            while parts and not parts[-1]:
                parts.pop()
            lines.append(join_escaped(parts, " | ", "\\|"))
        return "\n".join(lines)

    def dehydrate_abstract(self, session):
        return session.abstract

    def dehydrate_published(self, session):
        return "yes" if session.published else "no"

    def dehydrate_publish_at(self, session):
        return format_local_datetime(session.publish_at, session.series.zone)

    def dehydrate_url(self, session):
        return absolute_url(self.base_url, session)


class SessionDiff:
    """The preview's before/after columns, read through the resource's own writers: before
    from the session as prepare_import read it, after from the row (nothing is saved)."""

    def __init__(self, resource, instance, new):
        self.resource, self.new = resource, new
        stored = None if new or instance is None else resource.sessions_by_pk.get(instance.pk)
        self.left = self._values(stored) if stored is not None else []
        self.right = []

    def _values(self, session):
        if session is None:
            return ["" for _ in self.resource.get_import_fields()]
        return [
            str(self.resource.export_field(field, session) or "")
            for field in self.resource.get_import_fields()
        ]

    def compare_with(self, resource, instance):
        self.right = self._values(instance)

    def as_html(self):
        diff = Diff.__new__(Diff)
        diff.left = self.left or [""] * len(self.right)
        diff.right, diff.new = self.right, self.new
        return diff.as_html()


def _start(value, series):
    """A start in the series' zone; a date alone takes the series' regular start time."""
    return parse_local_datetime(
        value, series.zone, default_time=series.default_start_time, column="start"
    )


def _choice(choices, value, column: str, default: str) -> str:
    return choice_value(choices.choices, value, column) if text(value) else default


def _minutes(value):
    return ascii_number(value, "a number of minutes", LARGEST_MINUTES)


def _video_id(value) -> str:
    value = text(value)
    if not value:
        return ""
    try:
        return parse_video_id(value)
    except NotAYouTubeVideo as error:
        raise ValueError(
            f"{error} Paste a YouTube video link (watch, youtu.be, embed, live or shorts) "
            "or the 11-character video id."
        ) from None


def _same_speakers(speakers: list[dict], session: Session) -> bool:
    """The row's speakers are the stored ones, in order, in every field the row gives."""
    stored = services.speaker_values(session)
    return len(speakers) == len(stored) and all(
        all(values[name] == value for name, value in incoming.items())
        for incoming, values in zip(speakers, stored, strict=True)
    )


def _part(name: str) -> str:
    """The part of a reference a message is about, as the column's help names it."""
    return f", {name.replace('_id', '')}" if name in REFERENCE_PARTS else ""


def _message(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


ALIGNED_SPECIALS = frozenset("\\;")


def _aligned(row, column: str) -> list[str]:
    value = text(row.get(column))
    return split_escaped(value, ";", ALIGNED_SPECIALS) if value else []


def _at(values: list[str], position: int) -> str:
    return values[position] if position < len(values) else ""


def _joined(values) -> str:
    """``a; b`` with ``;`` escaped, without the separators of trailing blanks."""
    values = list(values)
    while values and not values[-1]:
        values.pop()
    return join_escaped(values, "; ", "\\;")
