from groupsite.content.sitemaps import BilingualSitemap
from seminar.models import Series, Session


class SeriesSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Series.objects.published()


class SessionSitemap(BilingualSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Session.objects.published().select_related("series").order_by("-start")

    def lastmod(self, session):
        return session.updated_at
