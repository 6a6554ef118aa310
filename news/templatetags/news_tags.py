"""News shown on other apps' pages: a member's page, the landing page's news block."""

from django import template

from news import selectors

register = template.Library()


@register.inclusion_tag("news/includes/news_about_member.html")
def news_about_member(member):
    """{% news_about_member member %}: the latest published news that mention this member."""
    return {"member": member, "news_items": selectors.news_about(member)}


@register.inclusion_tag("news/includes/latest_news.html")
def latest_news():
    """{% latest_news %}: the newest items, for the landing page's news block."""
    return {"news_items": selectors.latest_news()}
