from groupsite.content.sitemaps import BilingualSitemap
from publications.models import Publication


class PublicationSitemap(BilingualSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Publication.objects.published().order_by("-year", "pk")

    def lastmod(self, publication):
        return publication.updated_at
