"""Sessions from any source (a spreadsheet, a calendar): plan, then apply.

A reader (seminar.session_sheet for spreadsheets, seminar.importing for iCalendar files)
turns its file into :class:`SessionRow` values. ``plan_sessions`` matches them with the
stored sessions — in :func:`match_sessions`, the one place sessions are matched: by
calendar UID, else by series and start — and decides for each: new, changed, unchanged
or refused, checked as saving would check it (the model's validation, the series'
defaults through ``services.complete_session``, numbers free in the series, speakers
``set_speakers`` may replace). ``apply_sessions`` writes the plan through
``create_session``/``update_session``/``set_speakers``/``set_references``, all or nothing,
one history entry per session.
"""

import copy
import logging
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator

from groupsite.deadline import check_time
from groupsite.sheets.models import too_long
from groupsite.sheets.plan import (
    CHANGED,
    NEW,
    REFUSED,
    ROW,
    UNCHANGED,
    UNREADABLE_ROW,
    Change,
    Plan,
    PlannedRow,
    apply_plan,
)
from seminar import services
from seminar.models import Reference, Series, Session, Speaker

logger = logging.getLogger(__name__)
#: The texts with a version per language (seminar/translation.py): a row's ``title`` is the
#: English one (``title_en``), its ``title_de`` the German one, whichever language is active.
TEXTS = frozenset(translator.get_options_for_model(Session).all_fields)
#: The fields a row may set (the rest are computed by the services); texts by language.
WRITTEN = [
    f.attname
    for f in Session._meta.concrete_fields
    if f.editable and f.name != "id" and f.name not in TEXTS
]


@dataclass
class SessionRow:
    """One session as a file gives it: only the fields it names are changed."""

    number: int
    series: Series | None = None
    #: Session field (attname) → value, for the fields the file gives.
    values: dict = field(default_factory=dict)
    #: The speakers in order (dicts of services.SPEAKER_FIELDS), or None: keep them.
    speakers: list[dict] | None = None
    #: The references in order (dicts of services.REFERENCE_FIELDS), or None: keep them.
    references: list[dict] | None = None
    #: Column → reasons found while reading the cells.
    errors: dict = field(default_factory=dict)
    #: A blank slug keeps a session's address; a number may be left to the plan.
    keep_blank: tuple = ("slug",)
    #: A new session with a recording the source already publishes: consent was given.
    recording_published: bool = False
    #: Why a recording without every speaker's consent is refused, if not the model's words.
    consent_refusal: str = ""
    #: The reader failed on this row (its reason is in ``errors``): nothing more to check.
    unreadable: bool = False

    @property
    def uid(self) -> str:
        return self.values.get("uid") or ""


def match_sessions(rows: list[SessionRow]) -> dict[int, Session]:
    """Row number → the stored session it stands for: the session with the row's UID, or
    (a row without a UID) the session of its series starting at its start. One query, with
    speakers (and their invitations) and references."""
    uids = {row.uid for row in rows if row.uid}
    slots = [(row.series.pk, row.values["start"]) for row in rows
             if not row.uid and row.series is not None and row.values.get("start")]  # fmt: skip
    found = Q(uid__in=uids) | Q(
        series_id__in={s for s, _ in slots}, start__in={start for _, start in slots}
    )
    sessions = list(
        Session.objects.filter(found)
        .select_related("series")
        .prefetch_related("speakers__member", "speakers__invitation__submission", "references")
    )
    by_uid = {session.uid: session for session in sessions}
    by_slot = {(session.series_id, session.start): session for session in sessions}
    matches = {}
    for row in rows:
        if row.uid:
            session = by_uid.get(row.uid)
        elif row.series is not None and row.values.get("start"):
            session = by_slot.get((row.series.pk, row.values["start"]))
        else:
            session = None
        if session is not None:
            matches[row.number] = session
    return matches


class SessionPlanner:
    """``plan_sessions``' state for one file: matches, numbers taken and planned."""

    def __init__(self, rows: list[SessionRow], foreign_message):
        self.rows, self.foreign_message = rows, foreign_message
        self.matches = match_sessions(rows)
        # (series, number) → the session (pk) or file row ("row", n) holding it.
        self.numbers_taken = {
            (series_id, number): pk
            for series_id, number, pk in Session.objects.values_list("series_id", "number", "pk")
        }
        self.planned_numbers = self._plan_numbers()

    def _plan_numbers(self) -> dict:
        """New sessions without a number: numbered by start time after the series' own
        highest number and the highest the file gives."""
        highest, new_by_series = {}, {}
        for series_id, number in self.numbers_taken:
            highest[series_id] = max(highest.get(series_id, 0), number)
        for row in self.rows:
            if row.series is None:
                continue
            if row.values.get("number"):
                key = row.series.pk
                highest[key] = max(highest.get(key, 0), row.values["number"])
            elif row.values.get("start") and row.number not in self.matches and not row.errors:
                new_by_series.setdefault(row.series.pk, []).append(
                    (row.values["start"], row.number)
                )
        planned = {}
        for series_id, starts in new_by_series.items():
            for offset, (_start, number) in enumerate(sorted(starts), start=1):
                planned[number] = highest.get(series_id, 0) + offset
        return planned

    def plan(self, row: SessionRow) -> PlannedRow:
        planned = PlannedRow(number=row.number, errors=copy.deepcopy(row.errors))
        stored = self.matches.get(row.number)
        planned.data.update(row=row, stored=stored, speakers_changed=False)
        if row.unreadable:
            planned.status = REFUSED
            return planned
        if stored is not None and row.series is not None and stored.series_id != row.series.pk:
            planned.refuse("uid" if row.uid else "series", self.foreign_message(row, stored))
            planned.data["foreign"] = True
            planned.status = REFUSED
            return planned
        series = row.series or (stored.series if stored else None)
        if series is None:
            planned.errors.setdefault(
                "series", [_("No series “%(series)s”; use a series slug.") % {"series": ""}]
            )
            planned.status = REFUSED
            return planned
        session = self._candidate(row, stored, series)
        planned.target, planned.label = session, str(session) or session.title
        self._check(session, planned)
        self._check_speakers(row, session, stored, planned)
        self._check_references(row, stored, planned)
        if not planned.errors:
            self._check_number(session, row, stored, planned)
        self._decide(planned, session, stored)
        return planned

    def _candidate(self, row: SessionRow, stored, series) -> Session:
        if stored is not None:
            session = copy.deepcopy(stored)
            session._prefetched_objects_cache = stored._prefetched_objects_cache
        else:
            session = Session(series=series)
        for name, value in row.values.items():
            if name in row.keep_blank and not value and stored is not None:
                continue
            if name in TEXTS:
                # The English text, as the admin's form sets it, whichever language is active.
                with translation.override(mt_settings.DEFAULT_LANGUAGE):
                    setattr(session, name, value)
            else:
                setattr(session, name, value)
        if stored is None and session.youtube_video and row.recording_published:
            # A new session whose recording the source already lists as published: consent
            # was given when it went online. An existing session keeps its speakers'
            # answer (a "no" refuses the row).
            session.recording_consent = True
        if not session.number:
            session.number = (stored.number if stored else None) or self.planned_numbers.get(
                row.number
            )
        return session

    def _check(self, session: Session, planned: PlannedRow) -> None:
        """As saving checks it; uniqueness of the number from the file's own rows below."""
        exclude = (
            set(planned.errors)
            | {"series"}
            | {f.name for f in Session._meta.concrete_fields if not f.editable}
        )
        # full_clean without its query per row for the number (see _check_number).
        errors = {}
        try:
            session.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        recording = session.recording_errors()
        if recording and planned.data["row"].consent_refusal:
            recording = {"youtube_video": planned.data["row"].consent_refusal}
        errors = ValidationError(recording).update_error_dict(errors)
        try:
            if errors:
                raise ValidationError(errors)
            if not planned.errors and session.start is not None:
                services.complete_session(session)
        except ValidationError as error:
            _add(planned, error)
        for fld in Session._meta.concrete_fields:
            value, limit = getattr(session, fld.attname, None), getattr(fld, "max_length", None)
            overlong = isinstance(value, str) and limit and len(value) > limit
            if overlong and fld.name not in planned.errors:
                planned.refuse(fld.name, too_long(len(value), fld.name, limit))

    def _check_speakers(self, row: SessionRow, session, stored, planned) -> None:
        if row.speakers is None:
            return
        problems = []
        for position, speaker in enumerate(row.speakers):
            values = {k: v for k, v in speaker.items() if k != "member_id"}
            candidate = Speaker(session=session, **values)
            try:
                # The member was found when the file was read; no query per speaker.
                candidate.full_clean(exclude=["session", "member"])
            except ValidationError as error:
                problems += [
                    _("Speaker %(position)s (%(name)s): %(problem)s")
                    % {"position": position + 1, "name": speaker["name"], "problem": m}
                    for m in error.messages
                ]
            if "orcid" in speaker:
                speaker["orcid"] = candidate.orcid
        existing = list(stored.speakers.all()) if stored else []
        try:
            services.check_speakers(row.speakers, existing)
        except ValidationError as error:
            problems += error.messages
        if problems:
            planned.refuse("speakers", *problems)
        planned.data["speakers_changed"] = stored is None or not _same_speakers(
            row.speakers, stored
        )

    def _check_references(self, row: SessionRow, stored, planned) -> None:
        if row.references is None:
            return
        stored_values = services.reference_values(stored) if stored else []
        problems = []
        for position, values in enumerate(row.references, start=1):
            if values in stored_values:
                # Exactly as stored: not checked again, so text stored before a rule (like
                # one line per part) reads back unchanged instead of being refused.
                continue
            candidate = Reference(**values)
            try:
                candidate.full_clean(exclude=["session"])
            except ValidationError as error:
                problems += [
                    _("Reference %(position)s%(part)s: %(problem)s")
                    % {"position": position, "part": _part(name), "problem": message}
                    for name, messages in error.message_dict.items()
                    for message in messages
                ]
            values["doi"] = candidate.doi
        if problems:
            planned.refuse("references", *problems)
        blank = {name: "" for name in services.REFERENCE_FIELDS} | {"year": None}
        planned.data["references_changed"] = [blank | r for r in row.references] != stored_values

    def _check_number(self, session, row, stored, planned) -> None:
        """The number must be free in the series, also among the file's earlier rows."""
        if not session.number:
            return
        holder = stored.pk if stored else ("row", row.number)
        key = (session.series_id, session.number)
        taken_by = self.numbers_taken.get(key, holder)
        if isinstance(taken_by, tuple) and taken_by != holder:
            planned.refuse(
                "number",
                _(
                    "Session #%(number)s is also given to row %(row)s of the file; each "
                    "session of a series needs its own number."
                )
                % {"number": session.number, "row": taken_by[1]},
            )
            return
        if taken_by != holder:
            planned.refuse(
                "number",
                _("Session #%(number)s already exists in this series.")
                % {"number": session.number},
            )
            return
        if stored is not None and stored.number != session.number:
            self.numbers_taken.pop((stored.series_id, stored.number), None)
        self.numbers_taken[key] = holder

    def _decide(self, planned: PlannedRow, session, stored) -> None:
        if planned.errors:
            planned.status = REFUSED
            return
        if stored is None:
            planned.status = NEW
        else:
            differs = any(getattr(session, n) != getattr(stored, n) for n in WRITTEN)
            differs |= planned.data["speakers_changed"]
            differs |= bool(planned.data.get("references_changed"))
            planned.status = CHANGED if differs else UNCHANGED


def plan_sessions(rows: list[SessionRow], foreign_message=None) -> Plan:
    """Every row compared with the stored sessions; nothing is written.

    ``foreign_message(row, session)``: the refusal of a row matching a session of another
    series than the row's (by default, naming that series)."""
    planner = SessionPlanner(rows, foreign_message or _belongs_elsewhere)
    claimed, planned_rows = {}, []
    for row in rows:
        check_time()
        try:
            planned = planner.plan(row)
        except Exception:
            # A fault of ours in one row: refused with a sentence; the others still show
            # their own reasons.
            logger.exception("Session row %s could not be planned", row.number)
            planned = PlannedRow(number=row.number, status=REFUSED, data={"row": row})
            planned.refuse(ROW, str(UNREADABLE_ROW))
        stored = planned.data.get("stored")
        if stored is not None:
            earlier = claimed.setdefault(stored.pk, row.number)
            if earlier != row.number:
                planned.refuse(
                    ROW,
                    _(
                        "Row %(row)s matches the session “%(session)s”, as row %(earlier)s "
                        "does; each session may appear once."
                    )
                    % {"row": row.number, "session": stored, "earlier": earlier},
                )
                planned.status = REFUSED
        planned_rows.append(planned)
    return Plan(rows=planned_rows)


def _belongs_elsewhere(row: SessionRow, session: Session) -> str:
    return _("This UID belongs to a session of “%(series)s”.") % {"series": session.series.slug}


def apply_sessions(plan: Plan, user=None, comment: str = "Imported.", after=None) -> Plan:
    """Write the plan (see module docstring); ``after()`` runs last, in the transaction."""
    return apply_plan(plan, write_session, user=user, comment=comment, after=after)


def write_session(planned: PlannedRow) -> None:
    """One planned row, through the seminar's services."""
    session, stored, row = planned.target, planned.data["stored"], planned.data["row"]
    values = {name: getattr(session, name) for name in WRITTEN if name != "series_id"}
    if stored is None:
        if session.uid:
            values["uid"] = session.uid  # kept from another calendar; else a new one
        saved = services.create_session(series=session.series, **values)
    else:
        fresh = Session.objects.get(pk=stored.pk)
        changes = {k: v for k, v in values.items() if getattr(fresh, k) != v}
        saved = services.update_session(fresh, **changes) if changes else fresh
    changed = False
    if row.speakers is not None and planned.data["speakers_changed"]:
        changed |= services.set_speakers(saved, row.speakers)
    if row.references is not None and planned.data.get("references_changed"):
        changed |= services.set_references(saved, row.references)
    if changed and reversion.is_active():
        # The session's history shows its speakers and references (the admin follows them).
        reversion.add_to_revision(saved)
    planned.target = saved


def _same_speakers(speakers: list[dict], session: Session) -> bool:
    """The row's speakers are the stored ones, in order, in every field the row gives."""
    stored = services.speaker_values(session)
    return len(speakers) == len(stored) and all(
        all(values[name] == value for name, value in incoming.items())
        for incoming, values in zip(speakers, stored, strict=True)
    )


def _add(planned: PlannedRow, error: ValidationError) -> None:
    for name, messages in error.update_error_dict({}).items():
        column = ROW if name == NON_FIELD_ERRORS else name
        planned.refuse(column, *ValidationError(messages).messages)


def _part(name: str) -> str:
    """The part of a reference a message is about, as the column's help names it."""
    parts = ("title", "authors", "venue", "year", "url", "doi", "arxiv_id")
    return f", {name.replace('_id', '')}" if name in parts else ""


def changes(planned: PlannedRow, before: dict, after: dict, labels: dict) -> None:
    """The preview's before → after for the columns whose text differs."""
    for name, value in after.items():
        if str(before.get(name, "")) != str(value):
            planned.changes.append(Change(labels.get(name, name), str(before.get(name, "")),
                                          str(value)))  # fmt: skip
