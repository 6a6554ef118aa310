"""Reads for the admin dashboard (the admin index): what needs an organiser's or editor's
attention now, each entry with the admin page that acts on it.

Each panel needs one permission and costs one query whatever it lists; a panel the user
may not see is neither read nor shown (pages.admin_site renders them).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from news.models import NewsItem
from pages.models import LandingSection, Page
from people.models import CLOSING_SOON_DAYS, Member, Position
from publications.models import Publication
from seminar.models import Format, Session, Speaker, Status
from seminar.speakers.models import InvitationState, SpeakerInvitation

# Most entries one panel lists; more are counted in "and more" and found in the lists.
PANEL_LIMIT = 10

# The content a panel of scheduled items reads, with the field that names each row.
SCHEDULED_MODELS = [
    (Page, "title"), (LandingSection, "heading"), (NewsItem, "title"), (Session, "title"),
    (Member, "name"), (Position, "title"), (Publication, "title"),
]  # fmt: skip


@dataclass(frozen=True)
class Entry:
    text: str
    url: str
    detail: str = ""


@dataclass
class Panel:
    key: str
    title: str
    empty: str
    entries: list[Entry] = field(default_factory=list)
    more: bool = False  # more than PANEL_LIMIT: the rest are in the admin's lists
    more_url: str = ""


def _limited(rows) -> tuple[list, bool]:
    rows = list(rows[: PANEL_LIMIT + 1])
    return rows[:PANEL_LIMIT], len(rows) > PANEL_LIMIT


def _moment(value) -> datetime:
    """A raw query's date-time: SQLite gives text in UTC, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _when(moment) -> str:
    # Month abbreviations in the reader's language: "05 Dec 2026, 15:00", "05 Dez 2026, 15:00".
    return date_format(timezone.localtime(moment), "d M Y, H:i")


def _sessions_url() -> str:
    return reverse("admin:seminar_session_changelist")


def submissions_awaiting_review(now=None) -> Panel:
    """Speakers who sent their details; staff approve them or ask for changes."""
    invitations = (
        SpeakerInvitation.objects.filter(state=InvitationState.SUBMITTED)
        .select_related("speaker__session")
        .order_by("submitted_at", "pk")
    )
    rows, more = _limited(invitations)
    return Panel(
        key="submissions",
        title=_("Speaker submissions awaiting review"),
        empty=_("No speaker submission awaits review."),
        entries=[
            Entry(
                text=f"{invitation.speaker.name}: “{invitation.speaker.session.title}”",
                url=reverse(
                    "admin:seminar_session_review",
                    args=[invitation.speaker.session_id, invitation.pk],
                ),
                detail=(
                    _("sent %(when)s") % {"when": _when(invitation.submitted_at)}
                    if invitation.submitted_at
                    else ""
                ),
            )
            for invitation in rows
        ],
        more=more,
        more_url=_sessions_url(),
    )


def unanswered_invitations(now=None) -> Panel:
    """Invitations (or requests for changes) without an answer for SPEAKER_UNANSWERED_DAYS,
    for sessions not over yet."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SPEAKER_UNANSWERED_DAYS)
    waiting_since = models.Case(
        models.When(state=InvitationState.INVITED, then=models.F("invited_at")),
        default=models.F("reviewed_at"),
    )
    invitations = (
        SpeakerInvitation.objects.filter(
            state__in=[InvitationState.INVITED, InvitationState.CHANGES_REQUESTED],
            speaker__session__end__gte=now,
        )
        .annotate(waiting_since=waiting_since)
        .filter(waiting_since__lte=cutoff)
        .select_related("speaker__session")
        .order_by("speaker__session__start", "waiting_since", "pk")
    )
    rows, more = _limited(invitations)
    return Panel(
        key="unanswered",
        title=ngettext(
            "Invitations unanswered after %(days)s day",
            "Invitations unanswered after %(days)s days",
            settings.SPEAKER_UNANSWERED_DAYS,
        )
        % {"days": settings.SPEAKER_UNANSWERED_DAYS},
        empty=_("Every invited speaker has answered in time."),
        entries=[
            Entry(
                text=f"{invitation.speaker.name}: “{invitation.speaker.session.title}”",
                url=reverse("admin:seminar_session_speakers", args=[invitation.speaker.session_id]),
                detail=_("%(state)s %(when)s")
                % {
                    "state": invitation.get_state_display(),
                    "when": _when(invitation.waiting_since),
                },
            )
            for invitation in rows
        ],
        more=more,
        more_url=_sessions_url(),
    )


def sessions_missing_details(now=None) -> Panel:
    """Upcoming scheduled sessions without an abstract, a speaker, or (unless online) a room."""
    now = now or timezone.now()
    no_speaker = ~models.Exists(Speaker.objects.filter(session=models.OuterRef("pk")))
    no_room = (
        models.Q(location="")
        & models.Q(series__default_location="")
        & ~models.Q(format=Format.ONLINE)
    )
    sessions = (
        Session.objects.filter(end__gte=now, status=Status.SCHEDULED)
        .annotate(
            no_speaker=no_speaker,
            no_room=models.ExpressionWrapper(no_room, output_field=models.BooleanField()),
        )
        .filter(models.Q(abstract="") | models.Q(no_speaker=True) | models.Q(no_room=True))
        .select_related("series")
        .order_by("start", "pk")
    )
    rows, more = _limited(sessions)
    entries = []
    for session in rows:
        missing = [
            label
            for label, lacking in (
                (_("no abstract"), not session.abstract),
                (_("no speaker"), session.no_speaker),
                (_("no room"), session.no_room),
            )
            if lacking
        ]
        entries.append(
            Entry(
                text=f"{session} ({_when(session.start)})",
                url=reverse("admin:seminar_session_change", args=[session.pk]),
                detail=", ".join(missing),
            )
        )
    return Panel(
        key="sessions",
        title=_("Upcoming sessions without an abstract, speaker or room"),
        empty=_("Every upcoming session has an abstract, a speaker and a room."),
        entries=entries,
        more=more,
        more_url=_sessions_url(),
    )


def positions_closing_soon(today=None) -> Panel:
    """Open positions whose deadline is at most CLOSING_SOON_DAYS away."""
    today = today or timezone.localdate()
    positions = Position.objects.open(today).filter(
        deadline__lte=today + timedelta(days=CLOSING_SOON_DAYS)
    )
    rows, more = _limited(positions.order_by("deadline", "title"))
    return Panel(
        key="positions",
        title=ngettext(
            "Positions closing within %(days)s day",
            "Positions closing within %(days)s days",
            CLOSING_SOON_DAYS,
        )
        % {"days": CLOSING_SOON_DAYS},
        empty=_("No open position closes soon."),
        entries=[
            Entry(
                text=position.title,
                url=reverse("admin:people_position_change", args=[position.pk]),
                detail=_("apply until %(date)s")
                % {"date": date_format(position.deadline, "d M Y")},
            )
            for position in rows
        ],
        more=more,
        more_url=reverse("admin:people_position_changelist"),
    )


def scheduled_to_publish(allowed_models, now=None) -> Panel:
    """Published items whose publish time lies ahead, of ``allowed_models`` only; one query
    (a UNION) whatever the number of models."""
    now = now or timezone.now()
    # One UNION ALL written from each part's own SQL: Django's union() orders the columns
    # of annotated parts differently from one part to the next (and PostgreSQL, unlike
    # SQLite, refuses to match a text column with a number).
    parts = [
        model._base_manager.filter(published=True, publish_at__gt=now)
        .annotate(
            item_pk=Cast("pk", models.BigIntegerField()),
            item_publish_at=models.F("publish_at"),
            shown_name=Cast(name_field, models.TextField()),
            model_label=models.Value(model._meta.label_lower, output_field=models.TextField()),
        )
        .values_list("item_pk", "item_publish_at", "shown_name", "model_label")
        .order_by()
        .query.sql_with_params()
        for model, name_field in SCHEDULED_MODELS
        if model in allowed_models
    ]
    panel = Panel(
        key="scheduled",
        title=_("Scheduled to appear"),
        empty=_("Nothing is scheduled to appear later."),
    )
    if not parts:
        return panel
    columns = "item_pk, item_publish_at, shown_name, model_label"
    sql = " UNION ALL ".join(f"SELECT {columns} FROM ({part_sql}) AS part{n}"
                             for n, (part_sql, _params) in enumerate(parts))  # fmt: skip
    params = [param for _sql, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY 2, 4, 1 LIMIT {PANEL_LIMIT + 1}", params)
        found = cursor.fetchall()
    rows = [(pk, _moment(when), name, kind) for pk, when, name, kind in found[:PANEL_LIMIT]]
    panel.more = len(found) > PANEL_LIMIT
    names = {model._meta.label_lower: model._meta for model, _name in SCHEDULED_MODELS}
    for pk, publish_at, label, kind in rows:
        opts = names[kind]
        panel.entries.append(
            Entry(
                text=f"{label}",
                url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
                detail=_("%(kind)s, appears %(when)s")
                % {"kind": opts.verbose_name, "when": _when(publish_at)},
            )
        )
    return panel
