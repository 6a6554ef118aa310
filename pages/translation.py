"""The pages' and landing sections' texts in English and German (docs/editing.md)."""

from modeltranslation.translator import TranslationOptions, register

from pages.models import LandingSection, Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body", "meta_description")


@register(LandingSection)
class LandingSectionTranslation(TranslationOptions):
    fields = ("heading", "body", "figure_alt", "figure_caption")
