from django.apps import AppConfig


class SeminarConfig(AppConfig):
    name = "seminar"

    def import_models(self):
        """The speaker workflow's models live in seminar.speakers.models, with this app's label.

        Imported here, while Django loads every app's models, rather than from seminar.models,
        which they build on.
        """
        super().import_models()
        from seminar.speakers import models  # noqa: F401

    def ready(self):
        # Registers the clean-up of a deleted speaker submission's files.
        from seminar.speakers import services  # noqa: F401
