from django.contrib.sitemaps import Sitemap

from news.selectors import news_list


class NewsSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return news_list()

    def lastmod(self, item):
        return item.updated_at
