"""Atom and RSS feeds of the news."""

import copy
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.site.selectors import site_settings_for_request
from news import selectors


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    description = gettext_lazy("Announcements from the group, newest first.")

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request, so request state lives on a copy.
        per_request = copy.copy(self)
        per_request.request = request
        return Feed.__call__(per_request, request, *args, **kwargs)

    def title(self):
        group = site_settings_for_request(self.request).group_name
        return _("%(group)s: news") % {"group": group}

    def link(self):
        return reverse("news:list")

    def items(self):
        return selectors.news_list()[: selectors.FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_pubdate(self, item):
        # The news date, at noon local time: a date alone is not a valid feed timestamp.
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
