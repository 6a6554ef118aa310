"""Local development: debug pages, a fixed key, mail printed to the console."""

from config import env

from .base import *  # noqa: F403

DEBUG = env.flag("DJANGO_DEBUG", default=True)
SECRET_KEY = env.text("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Set, mail is written to files in this folder instead (the browser suite reads them).
EMAIL_FILE_PATH = env.text("EMAIL_FILE_PATH")
if EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Template and code edits should show at once while developing; prod caches pages.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 0)
# `make run` fills an empty database with demo content (README, "Demo content").
DEMO_CONTENT_ALLOWED = True
