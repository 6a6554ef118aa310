"""Response headers beyond Django's SecurityMiddleware: CSP per area, Permissions-Policy."""

from csp.middleware import CSPMiddleware
from django.conf import settings

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SiteCSPMiddleware(CSPMiddleware):
    """Public pages get the strict policy from settings; the admin and embeds get their own.

    Django's admin and django-markdownx set inline style attributes, so the admin alone
    may use them; no area allows inline scripts. Only the pages under EMBED_PREFIX, made
    for other sites' iframes, may be framed, and only by EMBED_ALLOWED_ORIGINS: the
    answers of the embed views themselves (``xframe_options_exempt``), so an error page
    under EMBED_PREFIX (a 404 from Django's handler) refuses framing in its CSP as in its
    ``X-Frame-Options: DENY``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.ADMIN_PREFIX) and parts.update is None:
            parts.update = settings.ADMIN_CSP_ADDITIONS
        if (
            request.path_info.startswith(settings.EMBED_PREFIX)
            and getattr(response, "xframe_options_exempt", False)
            and parts.replace is None
        ):
            parts.replace = {"frame-ancestors": settings.EMBED_ALLOWED_ORIGINS}
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
