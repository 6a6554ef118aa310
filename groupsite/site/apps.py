from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site's own facts (SiteSettings, partner logos): in the core, so every app may
    read them without importing the app that composes the landing page."""

    name = "groupsite.site"
    label = "site"
    verbose_name = "Site"
