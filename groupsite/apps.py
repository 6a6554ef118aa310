from django.apps import AppConfig


class GroupsiteConfig(AppConfig):
    """The core: what every app builds on (markdown, images, renditions, publishing, cache,
    security, backup). It imports no app; apps register with it instead."""

    name = "groupsite"
    verbose_name = "Site core"

    def ready(self):
        from groupsite.http.cache import connect_invalidation

        connect_invalidation()
