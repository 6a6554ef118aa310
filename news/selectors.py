"""Reads for news pages, feeds, the landing block and member pages."""

from news.models import NewsItem

NEWS_PAGE_SIZE = 10
FEED_LENGTH = 30
LANDING_COUNT = 3
MEMBER_PAGE_COUNT = 10
PUBLICATION_PAGE_COUNT = 10


def news_list():
    return NewsItem.objects.newest_first()


def latest_news(count: int = LANDING_COUNT):
    return NewsItem.objects.newest_first()[:count]


def news_about(member, count: int = MEMBER_PAGE_COUNT):
    return NewsItem.objects.mentioning(member)[:count]


def news_about_publication(publication, count: int = PUBLICATION_PAGE_COUNT):
    return NewsItem.objects.about_publication(publication)[:count]


def news_detail_queryset(user):
    """Staff preview drafts; the members, sessions and papers shown are those visitors see."""
    return NewsItem.objects.visible_to(user)
