from django.urls import reverse

from groupsite.content.sitemaps import BilingualSitemap


class ApiDocsSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return ["api_docs:docs"]

    def location(self, item):
        return reverse(item)
