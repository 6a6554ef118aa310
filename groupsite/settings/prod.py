"""Production: refuses to start without a secret key and the host names it serves."""

from groupsite import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("DJANGO_SECRET_KEY", "production needs its own secret key.")
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env.required(
        "DJANGO_ALLOWED_HOSTS", "list the host names the site answers to, comma-separated."
    )
SERVE_MEDIA = env.flag("SERVE_MEDIA", default=False)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
