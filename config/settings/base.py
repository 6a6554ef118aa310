"""Settings shared by every environment; dev.py, test.py and prod.py adjust them."""

from csp.constants import NONE, SELF, UNSAFE_INLINE

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Translated model fields (title_en, title_de): before the admin, as it asks.
    "modeltranslation",
    # django.contrib.admin with the group's admin site: the dashboard, content first.
    "pages.admin_apps.GroupAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "axes",
    "reversion",
    "groupsite",
    "groupsite.site",
    "pages",
    "people",
    "publications",
    "seminar",
    "news",
    "api",
]
# Apps whose rows are site content, which a backup dumps. A new content app adds itself here.
CONTENT_APPS = ["site", "pages", "people", "publications", "seminar", "news"]
# The models whose rows visitors see on public pages (and in the API, feeds, calendars):
# saving or deleting one, or changing its many-to-many links, invalidates every cached
# page. Private workflow rows (speaker invitations and submissions, login lockouts,
# history) are left out on purpose: a speaker's post must not flush the site's cache.
# A new model visitors see adds itself here (tests/groupsite/http/test_cache_public_models.py
# refuses a model of CONTENT_APPS that is on neither side).
PAGE_CACHE_PUBLIC_MODELS = [
    "site.SiteSettings", "site.PartnerLogo", "pages.Page", "pages.LandingSection",
    "people.Member", "people.Position",
    "publications.Publication", "publications.Authorship",
    "seminar.Series", "seminar.Session", "seminar.Speaker", "seminar.Reference",
    "news.NewsItem",
]  # fmt: skip

# Whether load_demo_content may fill this site with invented people, sessions and papers.
# Only the development and test settings allow it, so production never gets demo content
# (`make run` loads it into an empty database only under the development settings).
DEMO_CONTENT_ALLOWED = False

MIDDLEWARE = [
    # First: a visitor without a session or CSRF cookie gets a kept page before any other
    # middleware runs; it keeps answers as the whole stack below finished them.
    "groupsite.http.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "groupsite.http.security.SiteCSPMiddleware",
    "groupsite.http.security.PermissionsPolicyMiddleware",
    "groupsite.http.staticfiles.StaticFilesMiddleware",
    # Outside the page cache and sessions: every API response, cached or not, gets 304s,
    # CORS, public caching headers and no cookies.
    "api.middleware.ApiResponseMiddleware",
    # Outside sessions and CSRF: Cache-Control must know every cookie the response sets.
    "groupsite.http.cache.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the path alone (/de/… German, anything else English): never
    # from Accept-Language or a cookie, no redirect, no Vary (groupsite/http/locale.py).
    "groupsite.http.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: staff never get cached pages, a made-up session cookie does
    # (the page kept by PageCacheMiddleware, with caching headers decided again).
    "groupsite.http.cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "groupsite.http.database_unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login: five wrong passwords for one user name from one address lock that pair for
# an hour; twenty from one address, whatever the user names, lock the address.
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.integer("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env.integer("LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "groupsite.http.lockout.AddressLimitedAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# How many proxies (nginx: 1) stand in front and append to X-Forwarded-For; 0 trusts only
# the connection's address. Never more than really stand there: the header is forgeable.
PROXY_COUNT = env.integer("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "groupsite.http.lockout.client_ip_address"
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.database()}
CACHES = {"default": env.cache()}
# Anonymous pages are kept this long at most; any content edit invalidates them at once.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 600)
# Each worker keeps the header and footer facts (site settings, partner logos, navigation)
# until the content changes, and at most this long (scheduled pages appear by then).
SITE_CHROME_SECONDS = env.integer("SITE_CHROME_SECONDS", 60)
# The query parameters views read; others (utm_*, fbclid, …) don't make a new cache entry.
# (tests/groupsite/http/test_cache_hardening.py checks every filter form and API parameter).
PAGE_CACHE_QUERY_PARAMETERS = {
    "page", "page_size", "q", "year", "recorded", "type", "member", "selected", "series",
    "speaker", "from", "to", "status", "count", "theme", "language",
}  # fmt: skip
# Caches in front (nginx's micro-cache) may keep an anonymous page this long; they cannot
# see edits, so this is how late a visitor may see one (docs/deploy.md).
PROXY_CACHE_SECONDS = env.integer("PROXY_CACHE_SECONDS", 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the old addresses, German under /de/ (config/urls.py, docs/architecture.md,
# "Languages"). The admin, the API and everything else outside i18n_patterns is English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
# One catalogue: locale/de/LC_MESSAGES/django.po, compiled .mo committed beside it.
LOCALE_PATHS = [BASE_DIR / "locale"]
# 24-hour times everywhere, the admin included, and the named formats templates use
# (LONG_DATE_FORMAT, SESSION_DATETIME_FORMAT, …) in both languages (groupsite/formats/).
FORMAT_MODULE_PATH = ["groupsite.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Content in both languages (<app>/translation.py): each translated field has a column per
# language on the same table (title_en, title_de); German falls back to English where it is
# empty, so a German page never shows an empty block (docs/architecture.md).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Slugs are made from the English title, whichever language the admin shows.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"


def _localized_verbose_name(verbose_name, language):
    """The admin labels a field's text as the field ("title") and its German version as
    "title (German)": the first is the text every page shows unless a German one exists."""
    if language == "en":
        return verbose_name
    from django.utils.translation import gettext

    return gettext("%(field)s (German)") % {"field": verbose_name}


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.media_root()
# Without a web server in front (the small-group setup), Django serves uploads itself.
SERVE_MEDIA = env.flag("SERVE_MEDIA", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Images: every upload (model fields and the markdown editor) passes groupsite.media.images.
# A restore stops reading an archive that unpacks to more than this.
RESTORE_MAX_BYTES = env.integer("RESTORE_MAX_MB", 4096) * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env.integer("IMAGE_UPLOAD_MAX_MB", 10) * 1024 * 1024
PUBLICATION_PDF_MAX_BYTES = env.integer("PUBLICATION_PDF_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Slides: PDF only, checked by seminar.slides.
SLIDES_UPLOAD_MAX_BYTES = env.integer("SLIDES_UPLOAD_MAX_MB", 40) * 1024 * 1024

# Speaker invitations (seminar.speakers.services): a link works until this many days after
# the talk; invited speakers who have not answered are reminded this many days before it.
SPEAKER_LINK_DAYS_AFTER_SESSION = env.integer("SPEAKER_LINK_DAYS_AFTER_SESSION", 30)
SPEAKER_REMINDER_DAYS_BEFORE = env.integer("SPEAKER_REMINDER_DAYS_BEFORE", 7)
# The admin dashboard lists invitations (and requests for changes) left unanswered this long.
SPEAKER_UNANSWERED_DAYS = env.integer("SPEAKER_UNANSWERED_DAYS", 7)
# Who hears about new submissions; empty means every active staff user with an address
# who may change sessions.
SEMINAR_ORGANISER_EMAILS = env.items("SEMINAR_ORGANISER_EMAILS")
# Per link: form submissions per hour and markdown previews per minute.
SPEAKER_FORM_POSTS_PER_HOUR = env.integer("SPEAKER_FORM_POSTS_PER_HOUR", 30)
SPEAKER_PREVIEWS_PER_MINUTE = env.integer("SPEAKER_PREVIEWS_PER_MINUTE", 60)
# Per link: megabytes of portraits and slides it may upload in all (a new link starts
# afresh); replaced files are deleted, this bounds how often they may be written.
SPEAKER_UPLOAD_BUDGET_MB = env.integer("SPEAKER_UPLOAD_BUDGET_MB", 200)

MARKDOWNX_MARKDOWNIFY_FUNCTION = "groupsite.markdown.picture_html.preview_with_pictures"
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_BYTES
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"]
MARKDOWNX_MEDIA_PATH = "editor/"
# Rendered markdown stays in the shared cache this long after it was last rendered; a
# page that needs it later renders it again (linear time), so old texts do not pile up.
MARKDOWN_CACHE_SECONDS = 7 * 24 * 3600

# Security headers. Templates carry no inline script or style, so the public policy is strict.
ADMIN_URL = env.admin_path()
ADMIN_PREFIX = f"/{ADMIN_URL}"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Recordings play from the privacy-enhanced host, and only after a click.
        "frame-src": ["https://www.youtube-nocookie.com"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CSP_ADDITIONS = {"style-src": [UNSAFE_INLINE]}
# Pages made for other sites' <iframe>s (the seminar list); the one place framing is allowed.
EMBED_PREFIX = "/embed/"
EMBED_ALLOWED_ORIGINS = env.origins("EMBED_ALLOWED_ORIGINS", default="*")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The admin's spreadsheet import (groupsite/sheets/: a whole file or nothing; importing
# needs the add and change permissions, exporting the view permission): the largest file
# and the most rows one upload may have (a confirmed import costs ~13 ms of CPU per
# session row and must finish within GUNICORN_TIMEOUT; see BENCHMARKS.md), where the
# uploaded file waits between preview and confirm (private, never under MEDIA_ROOT), and
# how long it may wait.
SPREADSHEET_IMPORT_MAX_BYTES = env.integer("SPREADSHEET_IMPORT_MAX_MB", 5) * 1024 * 1024
SPREADSHEET_IMPORT_MAX_ROWS = env.integer("SPREADSHEET_IMPORT_MAX_ROWS", 1000)
SPREADSHEET_IMPORT_PREVIEW_DIR = VAR_DIR / "import-previews"
SPREADSHEET_IMPORT_PREVIEW_HOURS = env.integer("SPREADSHEET_IMPORT_PREVIEW_HOURS", 24)
# Seconds an admin import (reading, checking and saving the rows; the preview and the
# confirmation each) may work before it stops with a message and saves nothing
# (groupsite/deadline.py). gunicorn's timeout does not stop a busy gthread thread, so
# this is the bound; keep it below GUNICORN_TIMEOUT and nginx's proxy_read_timeout.
IMPORT_MAX_SECONDS = env.integer("IMPORT_MAX_SECONDS", 20)

# What the privacy statement says about retention (pages.legal). The site does not delete
# these itself: the server's log rotation and the backup cron job do (docs/deploy.md), and
# these settings must say what they are set to.
SERVER_LOG_RETENTION_DAYS = env.integer("SERVER_LOG_RETENTION_DAYS", 14)
BACKUP_RETENTION_DAYS = env.integer("BACKUP_RETENTION_DAYS", 30)

DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Seconds to wait for the mail server; a server that never answers must not hold a request
# (and its worker) past gunicorn's timeout.
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env.text("LOG_LEVEL", "INFO")},
}
