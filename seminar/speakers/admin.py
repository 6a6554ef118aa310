"""The staff side of the speaker workflow, as a mixin of SessionAdmin: each speaker's
invitation (invite, re-send, revoke) and the review of what they sent (approve or ask for
changes). The screens are forms in staff_forms.py; the writes are the workflow's services."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.content.seo import site_root
from seminar.models import Language, Session, Speaker
from seminar.speakers import services
from seminar.speakers.models import InvitationState, SpeakerInvitation, SpeakerSubmission
from seminar.speakers.selectors import submission_changes
from seminar.speakers.staff_forms import ApprovalForm, InvitationActionForm, RequestChangesForm


def invitation_summary(speaker) -> str:
    invitation = getattr(speaker, "invitation", None) if speaker.pk else None
    if invitation is None:
        return _("Not invited")
    when = invitation.state_when
    if not when:
        return invitation.get_state_display()
    return _("%(state)s %(when)s") % {
        "state": invitation.get_state_display(),
        # The admin's own format, as in the session list's start column and the invitations page.
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    }


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


class SpeakerInvitationsAdminMixin:
    """For the session's ModelAdmin: the invitation and review pages, and their action."""

    def get_urls(self):
        own = [
            path(
                "<int:session_id>/speakers/",
                self.admin_site.admin_view(self.speakers_view),
                name="seminar_session_speakers",
            ),
            path(
                "<int:session_id>/review/<int:invitation_id>/",
                self.admin_site.admin_view(self.review_view),
                name="seminar_session_review",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        unannounced = SpeakerSubmission.objects.filter(
            invitation__state=InvitationState.SUBMITTED
        ).exclude(notification_error="")
        for submission in unannounced.select_related("invitation__speaker__session"):
            speaker = submission.invitation.speaker
            self.message_user(
                request,
                _(
                    "%(name)s sent details for “%(title)s”, but the mail to the organisers "
                    "failed (%(error)s); review them under Speaker invitations."
                )
                % {
                    "name": speaker.name,
                    "title": speaker.session.title,
                    "error": submission.notification_error,
                },
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.display(description=gettext_lazy("Speakers"))
    def speaker_states(self, session):
        return "; ".join(
            _("%(name)s: %(state)s") % {"name": speaker.name, "state": invitation_summary(speaker)}
            for speaker in session.speakers.all()
        )

    @admin.action(description=gettext_lazy("Invite speakers by email (those not invited yet)"))
    def invite_speakers(self, request, queryset):
        speakers = Speaker.objects.filter(session__in=queryset, invitation__isnull=True)
        self._invite(request, speakers.select_related("session__series"))

    def _session_for_change(self, request, session_id) -> Session:
        session = get_object_or_404(Session.objects.select_related("series"), pk=session_id)
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        return session

    def _invite(self, request, speakers, language: str = ""):
        base_url = site_root(request)
        invited = 0
        for speaker in speakers:
            try:
                services.invite(speaker, base_url, language=language)
            except services.SpeakerWorkflowError as error:
                # MailNotSent among them: the services turn every mail failure into one.
                self.message_user(request, str(error), messages.ERROR)
            else:
                invited += 1
                self.message_user(
                    request,
                    _("Invited %(name)s (%(email)s).")
                    % {"name": speaker.name, "email": speaker.email},
                )
        if not invited and not speakers:
            self.message_user(request, _("Every speaker there is already invited."), messages.INFO)

    def speakers_view(self, request, session_id):
        """Each speaker's invitation: state, and invite, re-send or revoke."""
        session = self._session_for_change(request, session_id)
        if request.method == "POST":
            form = InvitationActionForm(request.POST, session=session)
            if not form.is_valid():
                self.message_user(request, _first_error(form), messages.ERROR)
            elif form.cleaned_data["do"] == InvitationActionForm.INVITE:
                self._invite(request, [form.cleaned_data["speaker"]], form.cleaned_data["language"])
            else:
                self._revoke(request, form.cleaned_data["speaker"])
            return redirect(reverse("admin:seminar_session_speakers", args=[session.pk]))
        speakers = list(session.speakers.select_related("invitation__submission"))
        return TemplateResponse(
            request,
            "admin/seminar/session/speakers.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Speaker invitations: %(session)s") % {"session": session},
                "opts": self.model._meta,
                "session": session,
                "speakers": speakers,
                "states": InvitationState,
                "languages": Language.choices,
                "link_days": settings.SPEAKER_LINK_DAYS_AFTER_SESSION,
            },
        )

    def _revoke(self, request, speaker):
        invitation = getattr(speaker, "invitation", None)
        if invitation is not None:
            services.revoke(invitation)
            self.message_user(
                request, _("%(name)s's link no longer works.") % {"name": speaker.name}
            )

    def review_view(self, request, session_id, invitation_id):
        """Old and new, field by field, marked word by word; mend, then approve, or ask for
        changes."""
        session = self._session_for_change(request, session_id)
        invitation = get_object_or_404(
            SpeakerInvitation.objects.select_related("speaker__session__series"),
            pk=invitation_id,
            speaker__session=session,
        )
        submission = SpeakerSubmission.objects.filter(invitation=invitation).first()
        if request.method == "POST" and ("approve" in request.POST or "show" in request.POST):
            form = ApprovalForm(request.POST, invitation=invitation, submission=submission)
            if "show" in request.POST:  # the changes with staff's edits, nothing saved
                return self._review_page(request, session, invitation, submission, form)
            return self._approve(request, session, form)
        if request.method == "POST" and "request_changes" in request.POST:
            form = RequestChangesForm(request.POST, invitation=invitation)
            done = self._request_changes(request, form)
            if done:
                return redirect(reverse("admin:seminar_session_speakers", args=[session.pk]))
            # Nothing recorded: the page again, the message kept.
            return self._review_page(
                request, session, invitation, submission, message=form.data.get("message", "")
            )
        return self._review_page(request, session, invitation, submission)

    def _review_page(self, request, session, invitation, submission, form=None, message=""):
        if form is None:
            form = ApprovalForm(invitation=invitation, submission=submission)
        # Staff's edits, once they pass the form's checks, are marked against the site too.
        valid = form.is_bound and form.is_valid()
        edits = form.edits() if valid else {}
        # What the page shows is what approving takes: the revision reviewed so far, else
        # (first visit, or a broken post) the one on screen now.
        revision = form.cleaned_data.get("revision") if form.is_bound else None
        return TemplateResponse(
            request,
            "admin/seminar/session/review.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Review %(name)s's details") % {"name": invitation.speaker.name},
                "opts": self.model._meta,
                "session": session,
                "invitation": invitation,
                "submission": submission,
                "changes": submission_changes(submission, edits) if submission else [],
                "edited": bool(edits),
                "form": form,
                "revision": revision or (submission.revision if submission else None),
                "awaiting_review": invitation.awaiting_review,
                "message": message,
            },
        )

    def _approve(self, request, session, form):
        invitation = form.invitation
        again = reverse("admin:seminar_session_review", args=[session.pk, invitation.pk])
        if not form.is_valid():
            if "revision" in form.errors:  # not the page staff looked at: look again
                self.message_user(request, _first_error(form), messages.ERROR)
                return redirect(again)
            # An edit the checks refuse: the page again, with every edit kept.
            self.message_user(request, _("Please correct the edits marked below."), messages.ERROR)
            return self._review_page(request, session, invitation, form.submission, form)
        try:
            changed, thanks_failed = form.approve(request.user, site_root(request))
        except services.SpeakerWorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(again)
        name = invitation.speaker.name
        if thanks_failed is not None:
            self.message_user(
                request,
                _(
                    "The thank-you mail to %(name)s could not be sent (%(error)s); the "
                    "approval stands."
                )
                % {"name": name, "error": thanks_failed},
                messages.WARNING,
            )
        values = {"name": name, "fields": ", ".join(changed)}
        if changed:
            logged = _("Approved %(name)s's details: %(fields)s.") % values
            shown = _("Approved %(name)s's details; changed %(fields)s.") % values
        else:
            logged = _("Approved %(name)s's details: nothing.") % values
            shown = _("Approved %(name)s's details; changed nothing.") % values
        self.log_change(request, session, logged)
        self.message_user(request, shown)
        return redirect(reverse("admin:seminar_session_speakers", args=[session.pk]))

    def _request_changes(self, request, form) -> bool:
        """Whether the request went out; else staff get a message saying why."""
        if not form.is_valid():
            self.message_user(request, _first_error(form), messages.ERROR)
            return False
        try:
            form.send(site_root(request))
        except services.SpeakerWorkflowError as error:
            # MailNotSent among them: nothing is recorded then.
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            _("Asked %(name)s for changes by e-mail.") % {"name": form.invitation.speaker.name},
        )
        return True
