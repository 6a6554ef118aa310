from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site and pages"

    def ready(self):
        from groupsite.site import register_site_facts
        from pages.models import SiteSettings

        register_site_facts(SiteSettings.for_request)
