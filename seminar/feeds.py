"""Atom and RSS feeds of sessions, for all series and for each series."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from groupsite.content.seo import site_root
from groupsite.site.selectors import site_settings_for_request
from seminar import selectors
from seminar.models import Series
from seminar.text import session_summary

FEED_LENGTH = 50


class SessionsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (and gunicorn threads share it), so the
        # request-bound state lives on a copy made for this request only.
        per_request = copy.copy(self)
        per_request.request = request
        per_request.base_url = site_root(request)
        return Feed.__call__(per_request, request, *args, **kwargs)

    def get_object(self, request, slug=None):
        return get_object_or_404(Series.objects.published(), slug=slug) if slug else None

    def title(self, series):
        group = site_settings_for_request(self.request).group_name
        return series.name if series else _("%(group)s: seminar") % {"group": group}

    def link(self, series):
        return series.get_absolute_url() if series else reverse("seminar:home")

    def description(self, series):
        return _("Upcoming and past sessions, newest first.")

    def items(self, series):
        return selectors.feed_sessions(series)[:FEED_LENGTH]

    def item_title(self, session):
        prefix = "" if session.is_scheduled else f"[{session.get_status_display()}] "
        return f"{prefix}{session.title} ({session.local_start:%a %d %b %Y, %H:%M %Z})"

    def item_description(self, session):
        return session_summary(session, self.base_url)

    def item_pubdate(self, session):
        return session.start

    def item_updateddate(self, session):
        return session.updated_at

    def item_author_name(self, session):
        return ", ".join(speaker.name for speaker in session.speakers.all()) or None


class SessionsAtomFeed(SessionsFeed):
    feed_type = Atom1Feed
    subtitle = SessionsFeed.description
