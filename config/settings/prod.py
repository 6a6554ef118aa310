"""Production: refuses to start without a secret key and the host names it serves."""

from config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("DJANGO_SECRET_KEY", "production needs its own secret key.")
ALLOWED_HOSTS = env.items("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env.required(
        "DJANGO_ALLOWED_HOSTS", "list the host names the site answers to, comma-separated."
    )
SERVE_MEDIA = env.flag("SERVE_MEDIA", default=False)

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
# Load balancers often probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
