from django.apps import AppConfig


class SeminarConfig(AppConfig):
    name = "seminar"

    def ready(self):
        # Registers the clean-up of a deleted speaker submission's files.
        from seminar import speaker_services  # noqa: F401
