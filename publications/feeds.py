"""Atom feed of the group's newest publications."""

import copy

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.site.selectors import site_settings_for_request
from publications import selectors

FEED_LENGTH = 50


class PublicationsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = gettext_lazy("Papers, preprints, software and data sets of the group, newest first.")

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (and threads share it): request state
        # lives on a copy made for this request only.
        per_request = copy.copy(self)
        per_request.request = request
        return Feed.__call__(per_request, request, *args, **kwargs)

    def title(self):
        group = site_settings_for_request(self.request).group_name
        return _("%(group)s: publications") % {"group": group}

    def link(self):
        return reverse("publications:list")

    def items(self):
        return selectors.feed_publications(FEED_LENGTH)

    def item_title(self, publication):
        if publication.is_preprint:
            return _("[Preprint] %(title)s (%(year)s)") % {
                "title": publication.title,
                "year": publication.year,
            }
        return f"{publication.title} ({publication.year})"

    def item_description(self, publication):
        authors = ", ".join(a.name for a in publication.authorships.all())
        venue = f" {publication.venue}." if publication.venue else ""
        abstract = Truncator(publication.abstract).words(60)
        return f"{authors}.{venue} {abstract}".strip()

    def item_pubdate(self, publication):
        return publication.created_at

    def item_updateddate(self, publication):
        return publication.updated_at

    def item_author_name(self, publication):
        return ", ".join(a.name for a in publication.authorships.all()) or None
