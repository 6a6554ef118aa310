"""The speaker's own form, reached only through their personal link (no account)."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from groupsite.content.seo import site_root
from groupsite.markdown.picture_html import checked_preview
from groupsite.site.models import SiteSettings
from groupsite.site.selectors import site_settings_for_request
from seminar.speakers import services
from seminar.speakers.forms import ABSTRACT_MAX_LENGTH, SpeakerForm, consent_choice
from seminar.speakers.models import InvitationState, SpeakerSubmission

logger = logging.getLogger(__name__)

PRIVATE_HEADERS = {
    # The link is a credential: keep it out of other sites' logs and out of search engines.
    # ("no-referrer" would also blank the Origin header, which Django's CSRF check needs.)
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex, nofollow",
}


def over_limit(scope: str, invitation_id: int, limit: int, seconds: int) -> bool:
    """Count one request against a per-link budget in the shared cache; True once spent.

    Fails open: without the cache (a Redis outage) every request is let through, because
    refusing would lose what the speaker typed and uploaded. What a link may store is
    bounded anyway, in the database (SPEAKER_UPLOAD_BUDGET_MB), and a preview writes nothing.
    """
    window = int(timezone.now().timestamp()) // seconds
    key = f"speaker-rate:{scope}:{invitation_id}:{window}"
    try:
        cache.add(key, 0, timeout=seconds + 5)
        return cache.incr(key) > limit
    except ValueError:  # evicted between add and incr: let this one through
        return False
    except Exception as error:  # each cache client raises its own kinds of errors
        logger.warning("Speaker rate limit not counted, the cache is unavailable: %s", error)
        return False


def privacy_statement(site: SiteSettings) -> dict:
    """Where the speaker form's note on data use points: the institution's privacy
    statement when Site settings name one, else the site's own (pages:privacy), as the
    footer does. Templates use ``privacy_statement_url`` and ``privacy_statement_label``
    (in the note on data use)."""
    url = site.privacy_url or reverse("pages:privacy")
    return {"privacy_statement_url": url, "privacy_statement_label": _("our privacy statement")}


class SpeakerLinkMixin:
    """Resolves the link to its invitation; anything wrong is a plain 404."""

    def dispatch(self, request, token, *args, **kwargs):
        try:
            self.invitation = services.invitation_for_token(token)
        except services.InvitationNotFound:
            raise Http404("No such page.") from None
        self.token = token
        response = super().dispatch(request, *args, **kwargs)
        for header, value in PRIVATE_HEADERS.items():
            response[header] = value
        return response


@method_decorator(never_cache, name="dispatch")
class SpeakerFormView(SpeakerLinkMixin, View):
    template_name = "seminar/speaker_form.html"

    def get(self, request):
        form = SpeakerForm(initial=self._initial(), slides_only=self._slides_only())
        return self._render(form, sent=request.GET.get("sent") == "1")

    def post(self, request):
        slides_only = self._slides_only()
        if slides_only and self._sends_more_than_slides(request):
            form = SpeakerForm(slides_only=True)
            form.cleaned_data = {}  # an unbound form, showing only this message
            form.add_error(None, services.AFTER_THE_TALK)
            return self._render(form, status=400)
        if "preview" in request.POST:
            form = SpeakerForm(request.POST, slides_only=slides_only)
            if over_limit("preview", self.invitation.pk, settings.SPEAKER_PREVIEWS_PER_MINUTE, 60):
                return self._render(form, status=429)
            preview = checked_preview(
                request.POST.get("abstract", ""), make=False, max_length=ABSTRACT_MAX_LENGTH
            )
            return self._render(form, preview=preview)
        form = SpeakerForm(request.POST, request.FILES, slides_only=slides_only)
        if over_limit("form", self.invitation.pk, settings.SPEAKER_FORM_POSTS_PER_HOUR, 3600):
            return self._render(form, status=429)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            services.submit(self.invitation, form.cleaned_data, site_root(request))
        except services.SpeakerWorkflowError as error:
            form.add_error(None, str(error))
            return self._render(form, status=400)
        return redirect(f"{request.path}?sent=1")

    def _slides_only(self) -> bool:
        return self.invitation.speaker.session.is_over

    @staticmethod
    def _sends_more_than_slides(request) -> bool:
        """A post after the talk that carries anything but slides (a page left open)."""
        fields = (*services.SUBMISSION_FIELDS, "preview")
        return any(request.POST.get(field, "").strip() for field in fields) or bool(
            request.FILES.get("portrait")
        )

    def _pending(self) -> SpeakerSubmission | None:
        """The details awaiting review, if any: what the form shows and keeps."""
        if not hasattr(self, "_pending_submission"):
            submission = SpeakerSubmission.objects.filter(invitation=self.invitation).first()
            awaiting_review = self.invitation.state in (
                InvitationState.SUBMITTED, InvitationState.CHANGES_REQUESTED,
            )  # fmt: skip
            self._pending_submission = submission if awaiting_review else None
        return self._pending_submission

    def _initial(self) -> dict:
        """What awaits review if anything does, else what the site shows. Consent: only the
        speaker's own answer; without one the question starts unanswered (what staff
        recorded is shown beside it as information, never as a ticked box)."""
        speaker = self.invitation.speaker
        submission = self._pending()
        if submission is not None and not submission.slides_only:
            source = {"session": submission, "speaker": submission}
        else:
            source = {"session": speaker.session, "speaker": speaker}
        consent = {}
        for field in ("livestream_consent", "recording_consent"):
            answer = getattr(source["speaker"], field)
            if answer is None and source["speaker"] is not speaker:
                answer = getattr(speaker, field)
            consent[field] = consent_choice(answer)
        return {
            **{field: getattr(source["session"], field) for field in ("title", "abstract")},
            **{
                field: getattr(source["speaker"], field)
                for field in ("name", "affiliation", "homepage", "orcid", "bio")
            },
            **consent,
        }

    def _current_files(self) -> dict:
        """The portrait and slides that stand if the speaker chooses no new file: those
        awaiting review, else those the site shows."""
        speaker = self.invitation.speaker
        submission = self._pending()
        portrait = submission.portrait if submission and submission.portrait else speaker.portrait
        slides = submission.slides if submission and submission.slides else None
        return {
            "current_portrait": portrait or None,
            "current_slides": slides or speaker.session.slides or None,
        }

    def _initial_preview(self, form) -> str:
        """The abstract as it will look, for the page as it opens (JavaScript or not)."""
        if form.slides_only or "abstract" not in form.fields:
            return ""
        text = form.data.get("abstract", "") if form.is_bound else form.initial.get("abstract")
        if not text or not text.strip():
            return ""
        return checked_preview(text, make=False, max_length=ABSTRACT_MAX_LENGTH)

    def _render(self, form, status=200, **context):
        invitation = self.invitation
        if "preview" not in context and status != 429:  # a rate-limited answer does no work
            context["preview"] = self._initial_preview(form)
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "invitation": invitation,
                "speaker": invitation.speaker,
                "session": invitation.speaker.session,
                "states": InvitationState,
                "token": self.token,
                "rate_limited": status == 429,
                "expires_at": services.link_expires_at(invitation.speaker.session),
                **self._current_files(),
                **privacy_statement(site_settings_for_request(self.request)),
                **context,
            },
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class SpeakerPreviewView(SpeakerLinkMixin, View):
    """Markdown preview for the speaker form; the link authorises it, not a staff login."""

    def post(self, request):
        if self.invitation.speaker.session.is_over:
            return HttpResponse(
                _(
                    "The talk is over: only slides can be added now, so there is nothing to "
                    "preview."
                ),
                status=403,
                content_type="text/plain; charset=utf-8",
            )
        if over_limit("preview", self.invitation.pk, settings.SPEAKER_PREVIEWS_PER_MINUTE, 60):
            return HttpResponse(_("Too many previews; wait a minute."), status=429)
        text = request.POST.get("content", "")
        return HttpResponse(checked_preview(text, make=False, max_length=ABSTRACT_MAX_LENGTH))
