"""Every write to seminar sessions: creating, changing, announcing, reminding.

The admin, the calendar and spreadsheet imports, the speaker workflow and the demo loader
create and change sessions only through ``create_session`` and ``update_session``; they
hold the rules for numbers, series defaults, end time, calendar UID and SEQUENCE, so
``Session.save`` is a plain save.
"""

import logging
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groupsite.content.seo import absolute_url
from groupsite.localtime import localise
from seminar.dates import moment, subject_moment
from seminar.mail import send_mail
from seminar.models import (
    CALENDAR_FIELDS,
    Reference,
    Series,
    Session,
    Speaker,
    Status,
)

# Set by the services themselves, never by a caller.
COMPUTED_FIELDS = frozenset({"id", "end", "sequence", "updated_at"})
# Numbering holds a lock on the series, so retries are a second guard only.
NUMBERING_ATTEMPTS = 5

logger = logging.getLogger(__name__)


def create_session(*, series: Series, **fields) -> Session:
    """Create a session in ``series``, validated and saved, and return it.

    ``fields`` may name any Session field except the computed ``id``, ``end``,
    ``sequence`` and ``updated_at``; ``title`` and ``start`` are required. Values may
    be given as a form would send them (``"2024-03-12 15:00"``, ``"45"``, a YouTube
    link): ``full_clean`` turns them into field values, and a start without a time
    zone is wall-clock time in the series' zone. Left out or empty:

    - ``number``: the next free number in the series (highest + 1). Creations at the
      same moment take turns: the series row is locked (on PostgreSQL) from reading the
      highest number until the transaction commits. Should two still propose the same
      number, the (series, number) unique constraint refuses the second insert, which
      retries with a fresh number.
    - ``slug``: made from the title; ``duration_minutes``, ``location`` and ``language``:
      the series' defaults; ``uid``: a new random ``…@groupsite`` (pass one only to keep the
      identifier a session already has in another calendar).

    ``end`` is start + duration; ``sequence`` starts at 0.
    Raises ``ValidationError`` (``message_dict`` keyed by field, the messages the admin
    shows) when a value is invalid or the number or UID is taken; nothing is saved then.
    Raises ``TypeError`` for a name that is not a settable Session field.
    """
    _refuse_unknown_or_computed(fields)
    session = Session(series=series, **fields)
    if not session.uid:
        session.uid = f"{uuid.uuid4()}@groupsite"
    _validate_and_complete(session)
    return _save_numbered(session)


def update_session(session: Session, **changes) -> Session:
    """Apply ``changes`` to a saved session, validate, save and return it.

    ``changes`` may name any Session field except ``uid`` (a session's calendar UID
    never changes) and the computed ``id``, ``end``, ``sequence`` and ``updated_at``.
    Changes already made on the instance (as a ModelForm does) count as well: what is
    compared is the stored row. Then:

    - ``sequence`` rises by one when start, end, location, status, format or title
      differ from the stored row, so calendars replace their copy of the event;
      any other edit (abstract, recording, speakers, …) keeps it.
    - an emptied ``number`` gets the next free number in the series; an emptied
      ``slug``, ``duration_minutes`` or ``location`` is filled as on creation;
      ``end`` is recomputed.

    Raises ``ValidationError`` (keyed by field) when a value is invalid or the number is
    taken in the series; the stored row is then unchanged (the instance keeps the
    attempted values). Raises ``TypeError`` for an unknown or read-only name and
    ``ValueError`` for an unsaved session.
    """
    _refuse_unknown_or_computed(changes, also={"uid"})
    if session.pk is None:
        raise ValueError("update_session() changes a saved session; use create_session().")
    for name, value in changes.items():
        setattr(session, name, value)
    with transaction.atomic():
        # Locked, so two simultaneous edits each raise SEQUENCE instead of both writing n+1.
        stored = (
            Session.objects.select_for_update()
            .filter(pk=session.pk)
            .values("uid", "sequence", *CALENDAR_FIELDS)
            .get()
        )
        session.uid = stored["uid"]
        session.sequence = stored["sequence"]
        _validate_and_complete(session)  # first, so "2024-03-12 15:00" compares as a time
        if any(stored[name] != getattr(session, name) for name in CALENDAR_FIELDS):
            session.sequence += 1
        return _save_numbered(session)


def _refuse_unknown_or_computed(values: dict, also: set[str] = frozenset()) -> None:
    settable = {field.name for field in Session._meta.concrete_fields} | {
        field.attname for field in Session._meta.concrete_fields
    }
    for name in values:
        if name not in settable:
            raise TypeError(f"Session has no field “{name}”.")
        if name in COMPUTED_FIELDS or name in also:
            raise TypeError(f"Session.{name} is set by the seminar services, not by callers.")


def _validate_and_complete(session: Session) -> None:
    """full_clean (which also turns strings into values), then the series' defaults and end."""
    # An automatic number is checked by the insert itself, in _save_numbered.
    session.full_clean(exclude=["number"] if not session.number else None)
    complete_session(session)


def complete_session(session: Session) -> None:
    """What saving fills in: start in UTC, slug, the series' duration and location, end.

    The imports' plans call it on the unsaved session they compare with the stored one, so
    that a re-import compares like with like. Raises ``ValidationError`` (key ``start``)
    for a start that cannot be placed in time.
    """
    series = session.series
    if timezone.is_naive(session.start):
        try:
            session.start = localise(session.start, series.zone)
        except ValueError as error:
            raise ValidationError({"start": str(error)}) from None
    # In UTC: the database's own form, so comparing with the stored row is exact even for a
    # local time the clocks pass twice (PEP 495 never finds such a time equal to UTC).
    session.start = session.start.astimezone(UTC)
    if not session.slug:
        session.slug = slugify(session.title)[:80].strip("-") or "session"
    if session.duration_minutes is None:
        session.duration_minutes = series.default_duration_minutes
    if not session.location:
        session.location = series.default_location
    if not session.language:
        session.language = series.language
    try:
        session.end = session_end(session.start, session.duration_minutes)
    except OverflowError:
        raise ValidationError({"start": _("The session would end after the year 9999.")}) from None


def session_end(start: datetime, duration_minutes: int) -> datetime:
    """``duration_minutes`` after ``start`` in absolute time, in UTC: a session from 01:30
    lasting two hours on the night the clocks go back ends at 02:30 local time, not 03:30.
    (Adding a timedelta to a zone-aware datetime counts wall-clock time.)"""
    return start.astimezone(UTC) + timedelta(minutes=duration_minutes)


def _save_numbered(session: Session) -> Session:
    """Save; an automatic number is retried if a concurrent save took it meanwhile."""
    automatic_number = not session.number
    attempts_left = NUMBERING_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                if automatic_number:
                    # Concurrent creations in the series take turns from here to their
                    # commit, so each reads the number the one before it saved.
                    Series.objects.select_for_update().values_list("pk").get(pk=session.series_id)
                    session.number = _next_number(session.series_id)
                session.save()
        except IntegrityError:
            attempts_left -= 1
            if not automatic_number or not _number_taken(session):
                # A number or UID taken since validation: say so as validation would.
                session.full_clean()
                raise
            if not attempts_left:
                raise ValidationError(
                    {"number": _("Other sessions were numbered at the same moment; save again.")}
                ) from None
        else:
            return session


def _next_number(series_id) -> int:
    highest = Session.objects.filter(series_id=series_id).aggregate(models.Max("number"))
    return (highest["number__max"] or 0) + 1


def _number_taken(session: Session) -> bool:
    others = Session.objects.filter(series_id=session.series_id, number=session.number)
    return others.exclude(pk=session.pk).exists()


class AnnouncementError(Exception):
    """A session that cannot, or should not, be announced now; the message says why."""


def _mail_session(session: Session, kind: str, base_url: str) -> None:
    """Announce ``session`` (``kind`` "announcement" or "reminder") to its series' address,
    in the series' language."""
    with translation.override(session.series.language):
        values = {
            "series": session.series.name,
            "number": session.number,
            "title": session.title,
            "when": subject_moment(session.local_start),
        }
        if kind == "reminder":
            subject = _("Reminder: %(series)s #%(number)s: %(title)s (%(when)s)") % values
        else:
            subject = _("%(series)s #%(number)s: %(title)s (%(when)s)") % values
        send_mail(
            "seminar/email/announcement",
            subject,
            [session.series.announcement_email],
            {
                "session": session,
                "base_url": base_url,
                "session_url": absolute_url(base_url, session),
                "kind": kind,
            },
            calendar_of=session,
        )


def announce(session: Session, base_url: str | None = None, confirmed: bool = False) -> str:
    """Mail the announcement; return the address. A repeat needs ``confirmed=True``."""
    if not session.series.announcement_email:
        raise AnnouncementError(
            _("“%(series)s” has no announcement address; add one to the series first.")
            % {"series": session.series}
        )
    _refuse_unless_visible(session)
    if session.announced_at and not confirmed:
        raise AnnouncementError(
            _("“%(title)s” was already announced on %(when)s to %(address)s.")
            % {
                "title": session.title,
                "when": moment(timezone.localtime(session.announced_at)),
                "address": session.announced_to,
            }
        )
    try:
        _mail_session(session, "announcement", base_url or settings.SITE_URL)
    except Exception as error:  # SMTP refusals, a mail server that is down, …
        logger.exception("Announcing session %s failed", session.pk)
        raise AnnouncementError(
            _("“%(title)s” could not be mailed (%(error)s); nothing was sent, try again later.")
            % {"title": session.title, "error": error}
        ) from error
    Session.objects.filter(pk=session.pk).update(
        announced_at=timezone.now(), announced_to=session.series.announcement_email
    )
    return session.series.announcement_email


def _refuse_unless_visible(session: Session) -> None:
    """Announce only what visitors can already see: the mail links to the session's page."""
    if Session.objects.published().filter(pk=session.pk).exists():
        return
    if not session.published:
        raise AnnouncementError(
            _("“%(title)s” is not published; publish it first.") % {"title": session.title}
        )
    if session.publish_at and session.publish_at > timezone.now():
        raise AnnouncementError(
            _(
                "“%(title)s” appears on the site only on %(when)s; announce it once visitors "
                "can see it."
            )
            % {"title": session.title, "when": moment(timezone.localtime(session.publish_at))}
        )
    raise AnnouncementError(
        _("The series “%(series)s” is not published; publish it before announcing “%(title)s”.")
        % {"series": session.series, "title": session.title}
    )


@dataclass
class Reminders:
    sent: list[Session] = field(default_factory=list)
    # A session whose mail failed stays unreminded, so the next run tries it again.
    failed: list[tuple[Session, str]] = field(default_factory=list)


def send_due_reminders(hours: int, now=None, base_url: str | None = None) -> Reminders:
    """Remind of sessions starting within ``hours`` that have not been reminded of yet.

    Only sessions visitors can see at ``now`` count. A session whose mail fails does not
    stop the others: it is logged and listed in ``failed``.
    """
    now = now or timezone.now()
    due = (
        Session.objects.published(now)
        .filter(status=Status.SCHEDULED, reminded_at__isnull=True, start__gt=now)
        .filter(start__lte=now + timedelta(hours=hours))
        .exclude(series__announcement_email="")
        .with_listing_data()
        .order_by("start")
    )
    reminders = Reminders()
    for session in due:
        try:
            with transaction.atomic():
                # Claim the session first, so two overlapping cron runs cannot both send;
                # a failed mail rolls the claim back.
                claimed = Session.objects.filter(pk=session.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                )
                if claimed:
                    _mail_session(session, "reminder", base_url or settings.SITE_URL)
                    reminders.sent.append(session)
        except Exception as error:  # one bad session or mail must not stop the others
            logger.exception("Reminder for session %s failed", session.pk)
            reminders.failed.append((session, f"{type(error).__name__}: {error}"))
    return reminders


def next_free_number(series) -> int:
    """The number an automatically numbered new session of ``series`` would get now."""
    return _next_number(series.pk)


def renumber_by_start(series) -> None:
    """Number a series' sessions 1, 2, 3 … in order of start time (oldest first)."""
    sessions = list(Session.objects.filter(series=series).order_by("start", "pk"))
    with transaction.atomic():
        # Out of the way first, so no two sessions ever share a number on the way.
        parking = max([s.number for s in sessions], default=0) + 1
        for offset, session in enumerate(sessions):
            Session.objects.filter(pk=session.pk).update(number=parking + offset)
        for number, session in enumerate(sessions, start=1):
            Session.objects.filter(pk=session.pk).update(number=number)


# Speakers and references as the calendar and spreadsheet imports write them: the whole
# list at once, in order, untouched when nothing differs.
SPEAKER_FIELDS = ("name", "affiliation", "homepage", "orcid", "member_id")
REFERENCE_FIELDS = ("authors", "title", "venue", "year", "url", "doi", "arxiv_id")


def speaker_values(session: Session) -> list[dict]:
    return [
        {name: getattr(speaker, name) for name in SPEAKER_FIELDS}
        for speaker in session.speakers.all()
    ]


def reference_values(session: Session) -> list[dict]:
    return [
        {name: getattr(reference, name) for name in REFERENCE_FIELDS}
        for reference in session.references.all()
    ]


def set_speakers(session: Session, speakers: list[dict]) -> bool:
    """Make the session's speakers ``speakers``, in order; True if anything changed.

    Each dict gives the fields the import knows (of ``SPEAKER_FIELDS``). A speaker already
    on the session is updated in place, so what the import does not carry stays: their own
    consent answers, invitation and any submission awaiting review, e-mail, bio, portrait,
    and any field the dict leaves out. Stored and incoming speakers are paired as
    ``check_speakers`` says. Other incoming speakers are added; stored speakers the list no
    longer names are deleted, unless they have taken part themselves (see
    ``check_speakers``): then nothing is written and ``ValidationError`` (key
    ``speakers``) names them.
    """
    existing = list(
        Speaker.objects.filter(session=session).select_related("invitation__submission")
    )
    matches = check_speakers(speakers, existing)
    kept = {speaker.pk for speaker in matches if speaker is not None}
    removed = [speaker for speaker in existing if speaker.pk not in kept]
    updates = [
        {name: value for name, value in values.items() if getattr(speaker, name) != value}
        if speaker is not None
        else None
        for values, speaker in zip(speakers, matches, strict=True)
    ]
    if not removed and matches == existing and not any(updates):
        return False
    Speaker.objects.filter(pk__in=[speaker.pk for speaker in removed]).delete()
    blank = {"name": "", "affiliation": "", "homepage": "", "orcid": "", "member_id": None}
    for order, (values, speaker, changes) in enumerate(
        zip(speakers, matches, updates, strict=True)
    ):
        if speaker is None:
            Speaker.objects.create(session=session, order=order, **(blank | values))
            continue
        if speaker.order != order:
            changes["order"] = order
        if changes:
            for name, value in changes.items():
                setattr(speaker, name, value)
            speaker.save(update_fields=list(changes))
    return True


def check_speakers(speakers: list[dict], existing: list[Speaker]) -> list[Speaker | None]:
    """For each incoming speaker, the stored one of ``existing`` it stands for (None: new);
    what ``set_speakers`` would do, without writing, so a preview can say it too.

    An incoming speaker is the stored one with the same member, else the same ORCID iD,
    else the same name and affiliation, else the same name (names and affiliations
    ignoring case, accents and spacing); several left with one name pair up in order.
    A different member or ORCID iD is always another person.

    An import never removes a speaker who has taken part themselves: one with their own
    consent answer, an invitation or a submission. Their answers decide whether the live
    stream and recording are shown, so removing them would hand the decision to the staff
    tick (and lose what they sent). So an import changes whether the stream or recording
    is shown only through speakers without answers of their own: one added (the staff tick
    stands for them) or one removed (everyone left has agreed, by answer or by tick).
    Raises ``ValidationError`` (key ``speakers``) naming
    each such speaker the list no longer names. ``existing`` should carry
    ``invitation__submission`` (select_related or prefetch_related), or each is a query.
    """
    matches = _match_speakers(existing, speakers)
    kept = {speaker.pk for speaker in matches if speaker is not None}
    involved = [(speaker, _involvement(speaker)) for speaker in existing if speaker.pk not in kept]
    involved = [(speaker, how) for speaker, how in involved if how]
    if involved:
        named = "; ".join(how % {"speaker": _quoted(speaker)} for speaker, how in involved)
        message = _(
            "%(speakers)s, and the file no longer names them (by name, member or ORCID iD). "
            "Rename them on the session in the admin so the names match, or remove them there "
            "first; nothing was imported."
        )
        raise ValidationError({"speakers": message % {"speakers": named}})
    return matches


def _involvement(speaker: Speaker) -> str:
    """How the speaker took part themselves, as the refusal says it, with a %(speaker)s
    placeholder for who; "" if not at all."""
    # Through the reverse relations only: the speaker workflow builds on this module.
    try:
        invitation = speaker.invitation
    except ObjectDoesNotExist:
        invitation = None
    try:
        submission = invitation.submission if invitation is not None else None
    except ObjectDoesNotExist:
        submission = None
    answered = speaker.livestream_consent is not None or speaker.recording_consent is not None
    if submission is not None and invitation.awaiting_review:
        return _("%(speaker)s sent details through their link that await your review")
    if answered:
        if invitation:
            return _("%(speaker)s answered through their link")
        return _("%(speaker)s has their own consent answer")
    if submission is not None:
        return _("%(speaker)s sent details through their link")
    if invitation is not None:
        return _("%(speaker)s was invited to their speaker form")
    return ""


def _quoted(speaker: Speaker) -> str:
    if speaker.affiliation:
        return _("“%(name)s” (%(affiliation)s)") % {
            "name": speaker.name,
            "affiliation": speaker.affiliation,
        }
    return _("“%(name)s”") % {"name": speaker.name}


def _normalised_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _match_speakers(existing: list[Speaker], incoming: list[dict]) -> list[Speaker | None]:
    """For each incoming speaker, the stored one it stands for, or None for a new one."""
    matches: list[Speaker | None] = [None] * len(incoming)
    free = list(existing)

    def conflicts(speaker: Speaker, values: dict) -> bool:
        # A different member or ORCID iD is another person, whatever the name says.
        member, orcid = values.get("member_id"), values.get("orcid")
        return (member is not None and speaker.member_id not in (None, member)) or bool(
            orcid and speaker.orcid and speaker.orcid != orcid
        )

    def name_and_affiliation(name: str, affiliation: str | None):
        name = _normalised_name(name)
        if not name or affiliation is None:
            return None
        return (name, _normalised_name(affiliation))

    # (the stored speaker's key, the incoming one's), strongest first
    keys = (
        (lambda speaker: speaker.member_id, lambda values: values.get("member_id")),
        (lambda speaker: speaker.orcid or None, lambda values: values.get("orcid") or None),
        (
            lambda speaker: name_and_affiliation(speaker.name, speaker.affiliation),
            lambda values: name_and_affiliation(values.get("name", ""), values.get("affiliation")),
        ),
        (
            lambda speaker: _normalised_name(speaker.name) or None,
            lambda values: _normalised_name(values.get("name", "")) or None,
        ),
    )
    for stored_key, incoming_key in keys:
        for position, values in enumerate(incoming):
            key = incoming_key(values)
            if matches[position] is not None or key is None:
                continue
            for speaker in free:
                if stored_key(speaker) == key and not conflicts(speaker, values):
                    matches[position] = speaker
                    free.remove(speaker)
                    break
    return matches


def set_references(session: Session, references: list[dict]) -> bool:
    """Make the session's references exactly ``references``, in order."""
    blank = {name: "" for name in REFERENCE_FIELDS} | {"year": None}
    wanted = [blank | reference for reference in references]
    if reference_values(session) == wanted:
        return False
    session.references.all().delete()
    for order, values in enumerate(wanted):
        Reference.objects.create(session=session, order=order, **values)
    return True
