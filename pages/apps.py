from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site and pages"

    def ready(self):
        from groupsite.cache import connect_invalidation

        connect_invalidation()
