from groupsite.content.sitemaps import BilingualSitemap
from news.selectors import news_list


class NewsSitemap(BilingualSitemap):
    changefreq = "yearly"

    def items(self):
        return news_list()

    def lastmod(self, item):
        return item.updated_at
