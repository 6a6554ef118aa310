from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ApiDocsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["api:docs"]

    def location(self, item):
        return reverse(item)
