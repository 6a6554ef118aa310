from groupsite.content.sitemaps import BilingualSitemap
from people.models import Member, Position


class MemberSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Member.objects.published()


class PositionSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Position.objects.open()
