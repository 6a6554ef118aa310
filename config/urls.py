from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from api.sitemaps import ApiDocsSitemap
from groupsite.admin_help import admin_help
from groupsite.content.seo import favicon, robots_txt
from groupsite.http.health import healthz
from groupsite.markdown.editor import ImageUploadView, MarkdownPreviewView
from news.sitemaps import NewsSitemap
from pages.sitemaps import PageSitemap, SectionSitemap
from people.sitemaps import MemberSitemap, PositionSitemap
from publications.sitemaps import PublicationSitemap
from seminar.sitemaps import SeriesSitemap, SessionSitemap

# The project level may name every app; the core (the rest of groupsite/) may not.
SITEMAPS = {
    "sections": SectionSitemap,
    "pages": PageSitemap,
    "people": MemberSitemap,
    "positions": PositionSitemap,
    "publications": PublicationSitemap,
    "series": SeriesSitemap,
    "sessions": SessionSitemap,
    "news": NewsSitemap,
    "api": ApiDocsSitemap,
}

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would answer 404 for these.
    path(f"{settings.ADMIN_URL}help/", admin_help, name="admin_help"),
    path(f"{settings.ADMIN_URL}help/<slug:slug>/", admin_help, name="admin_help"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Same paths as django-markdownx's own, so its editor script finds them.
    path("markdownx/markdownify/", MarkdownPreviewView.as_view(), name="markdownx_markdownify"),
    path("markdownx/upload/", ImageUploadView.as_view(), name="markdownx_upload"),
    # The API (/api/) and the embeddable lists (/embed/) have one address, in English.
    path("", include("api.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# Public pages: English at the addresses they always had, German under /de/ (the
# language comes from the path alone: groupsite.http.locale). Last: pages answer at
# /<slug>/ and the landing page at /, so every fixed address above wins.
urlpatterns += i18n_patterns(
    path("people/", include("people.urls")),
    path("positions/", include("people.position_urls")),
    path("publications/", include("publications.urls")),
    path("seminar/", include("seminar.urls")),
    path("news/", include("news.urls")),
    path("", include("api.docs_urls")),
    path("", include("pages.urls")),
    prefix_default_language=False,
)
