from django.apps import AppConfig


class GroupsiteConfig(AppConfig):
    """The core: what every app builds on, in wings (markdown, media, http, sheets, content,
    site). It imports no app."""

    name = "groupsite"
    verbose_name = "Site core"

    def ready(self):
        from groupsite.http.cache import connect_invalidation

        connect_invalidation()
