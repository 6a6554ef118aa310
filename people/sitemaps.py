from django.contrib.sitemaps import Sitemap

from people.models import Member, Position


class MemberSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Member.objects.published()


class PositionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Position.objects.open()
