"""What the API returns: every field a visitor could also read on the site, nothing more."""

from datetime import date, datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str | list


class SeriesOut(Schema):
    name: str
    slug: str
    url: str
    description: str
    cadence: str
    time_zone: str
    default_location: str
    calendar_url: str
    sessions_url: str


class SpeakerOut(Schema):
    name: str
    affiliation: str
    homepage: str
    orcid: str
    member_url: str | None


class SessionOut(Schema):
    series: str
    number: int
    title: str
    url: str
    start: datetime
    end: datetime
    status: str
    status_note: str
    language: str = Field(description="The language the talk is given in: en or de.")
    format: str
    location: str
    abstract: str
    livestream_url: str
    recording_url: str
    calendar_url: str
    speakers: list[SpeakerOut]


class MemberOut(Schema):
    name: str
    slug: str
    url: str
    role: str
    role_label: str
    photo_url: str | None
    start_date: date | None
    end_date: date | None
    now_at: str
    homepage: str
    orcid: str
    github: str


class PositionOut(Schema):
    title: str
    slug: str
    url: str
    level: str
    teaser: str
    place: str
    start: str
    duration: str
    deadline: date | None
    application_email: str
    description: str


class LinkOut(Schema):
    title: str
    url: str


class NewsPublicationOut(Schema):
    id: int
    title: str
    url: str
    api_url: str


class NewsItemOut(Schema):
    title: str
    slug: str
    url: str
    date: date
    teaser: str
    body: str
    image_url: str | None
    image_alt: str
    updated: datetime
    members: list[LinkOut]
    sessions: list[LinkOut]
    publications: list[NewsPublicationOut]


class AuthorOut(Schema):
    name: str
    member_url: str | None


class PublicationLinkOut(Schema):
    kind: str
    label: str
    url: str


class PublicationOut(Schema):
    id: int
    slug: str
    bibtex_key: str
    url: str
    type: str
    type_label: str
    title: str
    authors: list[AuthorOut]
    more_authors: bool
    year: int
    month: int | None
    date: date | None
    venue: str
    volume: str
    issue: str
    pages: str
    publisher: str
    doi: str
    arxiv_id: str
    links: list[PublicationLinkOut]
    abstract: str
    keywords: list[str]
    selected: bool
    published_version_url: str | None
    bibtex_url: str
    csl_url: str
    updated: datetime


class Page(Schema):
    count: int
    next: str | None
    previous: str | None


class SeriesPage(Page):
    results: list[SeriesOut]


class SessionPage(Page):
    results: list[SessionOut]


class MemberPage(Page):
    results: list[MemberOut]


class PositionPage(Page):
    results: list[PositionOut]


class NewsPage(Page):
    results: list[NewsItemOut]


class PublicationPage(Page):
    results: list[PublicationOut]


class IndexOut(Schema):
    lists: dict[str, str]
    openapi: str
    docs: str
