import re
from datetime import date
from typing import Annotated, Literal

from django.db.models import Prefetch
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator

from api.html import markdown_html
from api.pagination import PageQuery, paginate, parameter_names
from api.schemas import Error, SeriesOut, SeriesPage, SessionOut, SessionPage
from people.models import Member
from seminar.models import Series, Speaker
from seminar.selectors import ArchiveFilters, archive_sessions

router = Router()
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
ERRORS = {400: Error, 404: Error}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day_only(value):
    """Only YYYY-MM-DD, as the schema says; pydantic alone would also take 0 or a timestamp."""
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        raise ValueError("use a day written YYYY-MM-DD, like 2026-03-31")
    return value


Day = Annotated[date, BeforeValidator(_iso_day_only)]


@router.get("/series", response={200: SeriesPage, 400: Error}, summary="Seminar series")
def list_series(request, paging: PageQuery):
    page = paginate(request, Series.objects.published().order_by("name", "pk"), paging)
    return {**page.__dict__, "results": [series_data(request, s) for s in page.items]}


class SessionFilters(Schema):
    series: str | None = Field(
        None, max_length=50, pattern=SLUG_PATTERN, description="Only this series (its slug)."
    )
    speaker: str | None = Field(
        None, max_length=50, pattern=SLUG_PATTERN,
        description="Only talks given by this member (the slug of their member page).",
    )  # fmt: skip
    start_from: Day | None = Field(
        None, alias="from", description="Only sessions starting on or after this day."
    )
    start_to: Day | None = Field(
        None, alias="to", description="Only sessions starting on or before this day."
    )
    recorded: bool = Field(False, description="Only sessions with a recording.")
    language: Literal["en", "de"] | None = Field(
        None, description="Only talks given in this language: en (English) or de (German)."
    )
    q: str = Field(
        "", max_length=200,
        description="Search words, as on the archive page: title, abstract, speakers, references.",
    )  # fmt: skip


@router.get(
    "/sessions",
    response={200: SessionPage, **ERRORS},
    summary="Seminar sessions with their speakers",
    description="Ordered by start time, earliest first. Cancelled and postponed sessions "
    "are included with their status.",
)
def list_sessions(request, filters: Query[SessionFilters], paging: PageQuery):
    archive = ArchiveFilters(
        # PostgreSQL text cannot hold NUL: it separates words like a space, so a search
        # of only NULs is an empty search (every session), as on the publications API.
        query=filters.q.replace("\x00", " "),
        recorded=filters.recorded,
        series=series_or_404(filters.series),
        speaker=member_or_404(filters.speaker),
        start_from=filters.start_from,
        start_to=filters.start_to,
        language=filters.language or "",
    )
    sessions = (
        archive_sessions(archive, order=("start", "pk"))
        .prefetch_related(None)
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("member")))
    )
    page = paginate(request, sessions, paging, keep=parameter_names(SessionFilters))
    return {**page.__dict__, "results": [session_data(request, s) for s in page.items]}


def series_or_404(slug):
    if not slug:
        return None
    series = Series.objects.published().filter(slug=slug).first()
    if series is None:
        raise HttpError(404, f"There is no published series “{slug}”.")
    return series


def member_or_404(slug):
    if not slug:
        return None
    member = Member.objects.published().filter(slug=slug).first()
    if member is None:
        raise HttpError(404, f"There is no published member “{slug}”.")
    return member


def series_data(request, series) -> SeriesOut:
    absolute = request.build_absolute_uri
    return SeriesOut(
        name=series.name,
        slug=series.slug,
        url=absolute(series.get_absolute_url()),
        description=markdown_html(request, series.description),
        cadence=series.cadence,
        time_zone=series.time_zone,
        default_location=series.default_location,
        calendar_url=absolute(reverse("seminar:series_calendar", kwargs={"slug": series.slug})),
        sessions_url=absolute(f"{reverse('api:v1:list_sessions')}?series={series.slug}"),
    )


def session_data(request, session) -> SessionOut:
    absolute = request.build_absolute_uri
    calendar = reverse(
        "seminar:session_calendar",
        kwargs={"series": session.series.slug, "number": session.number},
    )
    return SessionOut(
        series=session.series.slug,
        number=session.number,
        title=session.title,
        url=absolute(session.get_absolute_url()),
        start=session.local_start,
        end=session.local_end,
        status=session.status,
        status_note=session.status_note,
        language=session.spoken_language,
        format=session.format,
        location=session.location,
        abstract=markdown_html(request, session.abstract),
        livestream_url=session.public_livestream_url,
        recording_url=session.recording_url,
        calendar_url=absolute(calendar),
        speakers=[
            {
                "name": speaker.name,
                "affiliation": speaker.affiliation,
                "homepage": speaker.homepage,
                "orcid": speaker.orcid,
                "member_url": absolute(speaker.member.get_absolute_url())
                if speaker.member and speaker.member.is_live
                else None,
            }
            for speaker in session.speakers.all()
        ],
    )
