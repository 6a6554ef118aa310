"""What search engines and link previews read: robots.txt, canonical and absolute URLs.

The sitemap itself is assembled in config/urls.py (the project level), from the apps'
own sitemap classes, so this core module names no app."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

from groupsite.http.cache import query_parameters


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


def absolute_url(base_url: str, target) -> str:
    """``base_url`` (scheme://host, no trailing slash) joined with an object's
    get_absolute_url() or with a path: the one way exporters write a full address."""
    path = target if isinstance(target, str) else target.get_absolute_url()
    return f"{base_url.rstrip('/')}{path}"


def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the admin, feeds)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def canonical_url(request) -> str:
    """The page's address without tracking or filter parameters; pagination is kept
    where the view paginates (the page cache keys other views without ?page=)."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "") if "page" in query_parameters(request) else ""
    return f"{url}?page={page}" if page.isascii() and page.isdigit() and page != "1" else url
