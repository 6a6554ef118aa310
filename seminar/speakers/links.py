"""A speaker's personal link: the only credential of the speaker workflow.

It signs (Django's signing framework, with the site's secret key) the invitation's id and a
random nonce stored with it; a new nonce (seminar.speakers.services) invalidates every older
link at once. ``seminar.speakers.services`` re-exports these names.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from groupsite.content.seo import absolute_url
from seminar.models import Session
from seminar.speakers.models import InvitationState, SpeakerInvitation

TOKEN_SALT = "seminar.speaker-invitation"


class InvitationNotFound(Exception):
    """Wrong, tampered, expired or revoked link: callers answer 404 without saying which."""


def link_token(invitation: SpeakerInvitation) -> str:
    # No timestamp: expiry follows the session, and the same invitation always gets the
    # same link (a reminder repeats it).
    return signing.Signer(salt=TOKEN_SALT).sign_object({"i": invitation.pk, "n": invitation.nonce})


def invitation_link(invitation: SpeakerInvitation, base_url: str | None = None) -> str:
    path = reverse("seminar:speaker_form", kwargs={"token": link_token(invitation)})
    return absolute_url(base_url or settings.SITE_URL, path)


def link_expires_at(session: Session):
    return session.end + timedelta(days=settings.SPEAKER_LINK_DAYS_AFTER_SESSION)


def invitation_for_token(token: str, now=None) -> SpeakerInvitation:
    """The live invitation a link stands for, else InvitationNotFound (whatever the reason)."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
        invitation_id, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationNotFound from None
    invitation = (
        SpeakerInvitation.objects.select_related("speaker__session__series")
        .filter(pk=invitation_id)
        .exclude(state=InvitationState.REVOKED)
        .filter(revoked_at__isnull=True)
        .first()
    )
    if invitation is None or not secrets.compare_digest(invitation.nonce, nonce):
        raise InvitationNotFound
    if (now or timezone.now()) > link_expires_at(invitation.speaker.session):
        raise InvitationNotFound
    return invitation
