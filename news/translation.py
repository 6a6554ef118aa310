"""News items' texts in English and German (docs/editing.md)."""

from modeltranslation.translator import TranslationOptions, register

from news.models import NewsItem


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "teaser", "body", "image_alt")
