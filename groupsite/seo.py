"""What search engines and link previews read: robots.txt, the sitemap, canonical URLs."""

from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

from api.sitemaps import ApiDocsSitemap
from news.sitemaps import NewsSitemap
from pages.sitemaps import PageSitemap, SectionSitemap
from people.sitemaps import MemberSitemap, PositionSitemap
from seminar.sitemaps import SeriesSitemap, SessionSitemap

SITEMAPS = {
    "sections": SectionSitemap,
    "pages": PageSitemap,
    "people": MemberSitemap,
    "positions": PositionSitemap,
    "series": SeriesSitemap,
    "sessions": SessionSitemap,
    "news": NewsSitemap,
    "api": ApiDocsSitemap,
}


def sitemap_view(request):
    return sitemap(request, sitemaps=SITEMAPS)


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /markdownx/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def site_root(request) -> str:
    """scheme://host of this request, for links that leave the page (feeds, JSON-LD, mail)."""
    return f"{request.scheme}://{request.get_host()}"


def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the admin, feeds)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def canonical_url(request) -> str:
    """The page's address without tracking or filter parameters; pagination is kept."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url
