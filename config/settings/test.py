"""The test suite: fast hashing, in-memory mail, a throw-away media folder."""

import tempfile
from pathlib import Path

from config import env

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A throw-away folder, unless a test's subprocess names one.
MEDIA_ROOT = Path(env.text("MEDIA_ROOT") or tempfile.mkdtemp(prefix="groupsite-test-media-"))
# Tests never run collectstatic; whitenoise finds files through the finders instead.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The manifest needs collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Views are tested uncached; tests of the page cache switch it on
# (tests/groupsite/http/test_cache.py).
PAGE_CACHE_SECONDS = 0
SITE_CHROME_SECONDS = 0
# Uploaded sheets waiting for their confirmation: a throw-away folder too.
SPREADSHEET_IMPORT_PREVIEW_DIR = Path(tempfile.mkdtemp(prefix="groupsite-test-previews-"))
# Tests load the demo explicitly; tests of production behaviour switch it off.
DEMO_CONTENT_ALLOWED = True
