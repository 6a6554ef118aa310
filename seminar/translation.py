"""The seminar's texts in English and German (docs/editing.md). A series keeps one name;
most talks keep one language (Session.language says which), so a German title and
abstract are optional; speakers' names, affiliations and bios have one version."""

from modeltranslation.translator import TranslationOptions, register

from seminar.models import Series, Session


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("description", "cadence")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "abstract", "status_note")
