from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site and pages"

    def ready(self):
        from groupsite.site import register_site_facts
        from pages.selectors import site_settings_for_request

        register_site_facts(site_settings_for_request)
