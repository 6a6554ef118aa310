from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from groupsite.site.models import SiteSettings
from news.models import NewsItem
from pages.models import LandingSection, Page
from people.models import Member, Position, Role
from publications.models import Authorship, Publication, PublicationType
from seminar.models import Reference, Series, Session, Speaker
from seminar.services import create_session


def image_upload(name="picture.png", size=(64, 48), image_format="PNG", color="teal", **save):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format, **save)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def pdf_upload(name="slides.pdf", pages=2):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=320, height=240)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteSettings
        django_get_or_create = ("id",)

    id = 1
    group_name = "Test Group"
    tagline = "Testing the group site"
    host_institution = "Test Institute"
    host_institution_url = "https://institute.example/"
    code_hosting_url = "https://code.example/group"
    youtube_channel_url = "https://www.youtube.com/channel/UCtest"
    mailing_list_url = "https://lists.example/join"
    contact_email = "group@example.org"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Some **text**."
    published = True


class LandingSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandingSection

    heading = factory.Sequence(lambda n: f"Section {n}")
    anchor = factory.Sequence(lambda n: f"section-{n}")
    body = "Section body."
    order = factory.Sequence(int)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Member {n}")
    slug = factory.Sequence(lambda n: f"member-{n}")
    role = Role.PHD_STUDENT
    bio = "Works on things."


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Position {n}")
    slug = factory.Sequence(lambda n: f"position-{n}")
    description = "Join us."
    contact_email = "jobs@example.org"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    default_location = "Room 1"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"Talk {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    abstract = "An abstract."

    # A recording needs the speakers' consent; tests that check refusal say so explicitly.
    recording_consent = factory.LazyAttribute(lambda session: bool(session.youtube_video))
    youtube_video = ""

    @classmethod
    def _create(cls, model_class, *args, series, **fields):
        # Sessions are created the one way the site creates them: numbered, defaults filled.
        return create_session(series=series, **fields)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    affiliation = "Somewhere"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    authors = "A. Author"
    year = 2020


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    kind = PublicationType.ARTICLE
    title = factory.Sequence(lambda n: f"Paper number {n}")
    slug = factory.Sequence(lambda n: f"paper-{n}")
    year = 2022
    venue = "Journal of Tests"


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    publication = factory.SubFactory(PublicationFactory)
    position = factory.Sequence(int)
    given_names = "Ada"
    family_name = factory.Sequence(lambda n: f"Author{n}")
    name = factory.LazyAttribute(lambda a: f"{a.given_names} {a.family_name}")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    teaser = "Something happened."
    body = "More about **it**."


def speaker_answers(**overrides):
    """What a speaker sends, as the services take it (cleaned form values)."""
    return {
        "title": "New title",
        "abstract": "New *abstract*.",
        "name": "Ada King",
        "affiliation": "Analytical Engines Ltd",
        "homepage": "https://ada.example/",
        "orcid": "0000-0002-1825-0097",
        "bio": "Wrote the first program.",
        "livestream_consent": True,
        "recording_consent": True,
        **overrides,
    }
