from django.apps import AppConfig


class GroupsiteConfig(AppConfig):
    """The core: what every app builds on, in wings (markdown, media, http, sheets, content,
    site). It imports no app."""

    name = "groupsite"
    verbose_name = "Site core"

    def ready(self):
        from django.db.models.signals import pre_save
        from modeltranslation.translator import translator

        from groupsite.content.translated import fill_default_language, validate_each_text_once
        from groupsite.http.cache import connect_invalidation

        connect_invalidation()
        # Models with texts in two languages (<app>/translation.py, registered by now:
        # modeltranslation comes first in INSTALLED_APPS).
        for model in translator.get_registered_models(abstract=False):
            pre_save.connect(
                fill_default_language,
                sender=model,
                dispatch_uid=f"fill_default_language:{model._meta.label}",
            )
            validate_each_text_once(model)
