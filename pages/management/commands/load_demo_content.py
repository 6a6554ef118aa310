"""Fill a fresh site with demo content; running it again changes nothing."""

import secrets
import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.site.models import SiteSettings
from news.models import NewsItem
from pages.demo import content, figures, tracking
from pages.models import DemoRemoval, LandingSection, Page
from people.models import AlumniLabel, Member, Position
from publications.models import Publication
from publications.services import apply_import
from seminar.models import Reference, Series, Session, Speaker, Status
from seminar.services import create_session, update_session
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission

DEMO_BIBTEX = Path(content.__file__).with_name("publications.bib")
# The session that discusses one of the group's own papers, and that paper's BibTeX key.
SESSION_ON_OWN_PAPER = ("Learned parametrisations inside a running model", "hoffmann2021stable")
FIGURES = {"lorenz96": figures.lorenz96_figure, "unet": figures.unet_figure}
SESSION_TIME = time(15, 0)
NOT_ALLOWED = gettext_lazy(
    "No demo content loaded: these settings do not allow it (DEMO_CONTENT_ALLOWED is off "
    "outside the development settings)."
)
LOADED = gettext_lazy(
    "Loaded demo content (invented people, sessions and papers). "
    "Remove it with: .venv/bin/python manage.py remove_demo_content"
)


class Command(BaseCommand):
    help = "Load demo content: settings, landing sections, people, a position, a seminar, news."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has content (used by `make run`).",
        )
        parser.add_argument(
            "--development-only",
            action="store_true",
            help="Under settings that do not allow demo content (production), say so and "
            "load nothing, without failing (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, development_only=False, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            if development_only:
                self.stdout.write(str(NOT_ALLOWED))
                return
            raise CommandError(
                _("%(refusal)s Demo content is never loaded into production.")
                % {"refusal": NOT_ALLOWED}
            )
        if if_empty and self.site_has_content():
            self.stdout.write(_("The site already has content; demo content not loaded."))
            return
        if if_empty and DemoRemoval.objects.exists():
            self.stdout.write(
                _(
                    "Demo content was removed from this site before; not loading it again "
                    "(`make demo` loads it)."
                )
            )
            return
        with transaction.atomic(), tracking.recording(), reversion.create_revision():
            reversion.set_comment("Demo content loaded.")
            self.load_site_settings()
            self.load_landing_sections()
            self.load_pages()
            members = self.load_members()
            self.load_position(members["david-greenberg"])
            self.load_seminar(members)
            self.load_publications()
            self.load_speaker_workflow()
            self.load_news(members)
        self.stdout.write(self.style.SUCCESS(str(LOADED)))

    @staticmethod
    def site_has_content() -> bool:
        return any(model.objects.exists() for model in (LandingSection, Page, Member, Session))

    def load_site_settings(self):
        site_settings, created = SiteSettings.objects.get_or_create(pk=1, defaults=content.SITE)
        if not created and site_settings.group_name == "Research group":
            # A row made by SiteSettings.load() before any content was entered.
            SiteSettings.objects.filter(pk=1).update(**content.SITE)
            site_settings.refresh_from_db()
        if not site_settings.share_image:
            card = figures.share_card(
                site_settings.group_name, "Earth-system models meet machine learning"
            )
            site_settings.share_image.save("share-card.png", ContentFile(card))
        # Only into settings the demo filled in: a staff row keeps its own look.
        if not site_settings.logo and site_settings.logo_alt == content.SITE["logo_alt"]:
            site_settings.logo.save("logo.png", ContentFile(figures.logo()))
        if not site_settings.hero_image and (
            site_settings.hero_image_alt == content.SITE["hero_image_alt"]
        ):
            site_settings.hero_image.save("lorenz63.png", ContentFile(figures.hero_figure()))

    def load_landing_sections(self):
        for order, data in enumerate(content.LANDING_SECTIONS, start=1):
            fields = {key: value for key, value in data.items() if key != "figure"}
            section, _ = LandingSection.objects.get_or_create(
                anchor=data["anchor"], defaults={**fields, "order": order * 10}
            )
            figure = data.get("figure")
            if figure and not section.figure:
                section.figure.save(f"{figure}.png", ContentFile(FIGURES[figure]()))

    def load_pages(self):
        for data in content.PAGES:
            Page.objects.get_or_create(slug=data["slug"], defaults={**data, "published": True})

    def load_members(self) -> dict[str, Member]:
        members = {}
        for order, row in enumerate(content.MEMBERS):
            slug, name, role, title, start, end, now_at, orcid, github, bio = row
            member, _ = Member.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "role": role,
                    "title": title,
                    "start_date": date.fromisoformat(start),
                    "end_date": date.fromisoformat(end) if end else None,
                    "now_at": now_at,
                    "alumni_label": content.ALUMNI_LABELS.get(slug, AlumniLabel.NEUTRAL),
                    "orcid": orcid,
                    "github": github,
                    "bio": bio,
                    "research_interest": content.RESEARCH_INTERESTS.get(slug, ""),
                    "display_order": order,
                    "email": "david.greenberg@hzg.de" if slug == "david-greenberg" else "",
                    "other_names": content.OTHER_NAMES.get(slug, ""),
                },
            )
            if not member.photo:
                member.photo.save(f"{slug}.jpg", ContentFile(figures.portrait(name)))
            members[slug] = member
        return members

    def load_position(self, contact):
        data = dict(content.POSITION)
        days_open = data.pop("days_open")
        Position.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **data,
                "contact_member": contact,
                "deadline": timezone.localdate() + timedelta(days=days_open),
            },
        )

    def load_seminar(self, members):
        series, _ = Series.objects.get_or_create(
            slug=content.SERIES["slug"],
            defaults={**content.SERIES, "default_start_time": SESSION_TIME},
        )
        if series.sessions.exists():
            return
        zone = zoneinfo.ZoneInfo(series.time_zone)
        today = timezone.localdate()
        # Strictly before and after today, so no demo session is under way whatever the hour.
        last_tuesday = today - timedelta(days=(today.weekday() - 1) % 7 or 7)
        next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
        count = len(content.PAST_SESSIONS)
        for index, (title, speakers, abstract, refs, video, status) in enumerate(
            content.PAST_SESSIONS
        ):
            day = last_tuesday - timedelta(weeks=count - 1 - index)
            session = self.create_session(series, zone, day, title, abstract, video, status)
            self.add_speakers_and_references(session, speakers, refs, members)
        for index, (title, speakers, abstract, refs) in enumerate(content.UPCOMING_SESSIONS):
            day = next_tuesday + timedelta(weeks=index)
            session = self.create_session(series, zone, day, title, abstract, "", Status.SCHEDULED)
            self.add_speakers_and_references(session, speakers, refs, members)

    def load_news(self, members):
        today = timezone.localdate()
        for (
            slug,
            title,
            days_ago,
            teaser,
            body,
            member_slugs,
            session_title,
            figure,
            bibtex_keys,
        ) in content.NEWS:
            item, created = NewsItem.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "date": today - timedelta(days=days_ago),
                    "teaser": teaser,
                    "body": body,
                    "image_alt": content.NEWS_FIGURE_ALT if figure else "",
                },
            )
            if not created:
                continue
            if figure:
                item.image.save(f"news-{figure}.png", ContentFile(FIGURES[figure]()))
            item.members.set(members[member_slug] for member_slug in member_slugs)
            if session_title:
                item.sessions.set(Session.objects.filter(title=session_title))
            item.publications.set(Publication.objects.filter(bibtex_key__in=bibtex_keys))

    @staticmethod
    def create_session(series, zone, day, title, abstract, video, status):
        return create_session(
            series=series,
            title=title,
            start=datetime.combine(day, SESSION_TIME, tzinfo=zone),
            abstract=abstract,
            youtube_video=video,
            status=status,
            status_note="The speaker fell ill; the talk will be rescheduled."
            if status == Status.CANCELLED
            else "",
            livestream_url=series.youtube_channel_url,
            livestream_consent=True,
            recording_consent=bool(video),
        )

    @staticmethod
    def load_speaker_workflow():
        """Slides, and one session in each invitation state; made once, never mail."""
        for title, points in content.STAFF_SLIDES.items():
            session = Session.objects.filter(title=title).first()
            if session is not None and not session.slides:
                pdf = ContentFile(figures.slides_pdf(title, points))
                update_session(session, slides=default_storage.save("slides/slides.pdf", pdf))
        for title, plan in content.SPEAKER_INVITATIONS.items():
            speaker = Speaker.objects.filter(session__title=title).order_by("order").first()
            if speaker is None or SpeakerInvitation.objects.filter(speaker=speaker).exists():
                continue
            session = speaker.session
            invited_at = min(timezone.now(), session.start) - timedelta(days=10)
            answered_at = invited_at + timedelta(days=2)
            state = plan["state"]
            invitation = SpeakerInvitation.objects.create(
                speaker=speaker,
                email=plan["email"],
                nonce=secrets.token_urlsafe(24),
                state=state,
                invited_at=invited_at,
                submitted_at=answered_at if state not in ("invited", "revoked") else None,
                reviewed_at=answered_at + timedelta(days=1)
                if state in ("approved", "changes_requested")
                else None,
                revoked_at=answered_at if state == InvitationState.REVOKED else None,
                review_message=plan.get("message", ""),
            )
            Speaker.objects.filter(pk=speaker.pk).update(email=plan["email"])
            if state == InvitationState.APPROVED:
                SpeakerSubmission.objects.create(
                    invitation=invitation,
                    submitted_at=answered_at,
                    title=session.title,
                    abstract=session.abstract,
                    name=speaker.name,
                    affiliation=speaker.affiliation,
                    livestream_consent=True,
                    recording_consent=True,
                )
                # Approved: the answers are the speaker's own (the session's ticks are for
                # speakers who agreed outside the site).
                Speaker.objects.filter(pk=speaker.pk).update(
                    livestream_consent=True, recording_consent=True
                )
            elif "submission" in plan:
                SpeakerSubmission.objects.create(
                    invitation=invitation, submitted_at=answered_at, **plan["submission"]
                )
            elif "slides" in plan:
                submission = SpeakerSubmission(
                    invitation=invitation, submitted_at=answered_at, slides_only=True
                )
                pdf = figures.slides_pdf(title, plan["slides"])
                submission.slides.save("slides.pdf", ContentFile(pdf), save=False)
                submission.save()

    @staticmethod
    def add_speakers_and_references(session, speakers, reference_keys, members):
        for order, (name, affiliation, member_slug) in enumerate(speakers):
            Speaker.objects.create(
                session=session,
                name=name,
                affiliation=affiliation,
                member=members.get(member_slug),
                order=order,
            )
        for order, key in enumerate(reference_keys):
            authors, title, venue, year, url, doi, arxiv_id = content.REFERENCES[key]
            Reference.objects.create(
                session=session,
                authors=authors,
                title=title,
                venue=venue,
                year=year,
                url=url,
                doi=doi,
                arxiv_id=arxiv_id,
                order=order,
            )

    def load_publications(self):
        # The same import staff run from the admin: a second run finds nothing to change.
        apply_import(DEMO_BIBTEX.read_text(encoding="utf-8"), comment="Demo publications.")
        title, key = SESSION_ON_OWN_PAPER
        session = Session.objects.filter(title=title).first()
        paper = Publication.objects.filter(bibtex_key=key).first()
        if session and paper and not session.references.filter(publication=paper).exists():
            Reference.objects.create(
                session=session, title=paper.title, authors="L. Hoffmann, D. S. Greenberg",
                venue=paper.venue, year=paper.year, doi=paper.doi, publication=paper, order=9,
            )  # fmt: skip
