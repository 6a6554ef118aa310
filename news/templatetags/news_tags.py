"""News shown on other apps' pages: a member's or a paper's page, the landing page's block."""

from django import template

from news import selectors

register = template.Library()


@register.inclusion_tag("news/includes/news_mentions.html")
def news_about_member(member):
    """{% news_about_member member %}: the latest published news that mention this member."""
    return {"news_items": selectors.news_about(member)}


@register.inclusion_tag("news/includes/news_mentions.html")
def news_about_publication(publication):
    """{% news_about_publication publication %}: the latest published news about this paper.

    A tag of the news app, as for members: publications sit below news in the layers and
    never import it."""
    return {"news_items": selectors.news_about_publication(publication)}


@register.inclusion_tag("news/includes/latest_news.html")
def latest_news():
    """{% latest_news %}: the newest items, for the landing page's news block."""
    return {"news_items": selectors.latest_news()}
