from django.urls import reverse

from groupsite.content.sitemaps import BilingualSitemap
from pages.models import Page

LEGAL_PAGES = ["pages:legal_notice", "pages:privacy", "pages:accessibility"]


class SectionSitemap(BilingualSitemap):
    """The fixed pages every site has."""

    changefreq = "weekly"

    def items(self):
        return [
            "pages:landing",
            "people:list",
            "positions:list",
            "publications:list",
            "seminar:home",
            "seminar:archive",
            "news:list",
            *LEGAL_PAGES,
        ]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        if item in LEGAL_PAGES:
            return 0.2
        return 1.0 if item == "pages:landing" else 0.8


class PageSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published()

    def lastmod(self, page):
        return page.updated_at
