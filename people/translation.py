"""Members' and positions' texts in English and German (docs/editing.md). Names,
addresses and links have one version."""

from modeltranslation.translator import TranslationOptions, register

from people.models import Member, Position


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("title", "research_interest", "bio")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("title", "teaser", "place", "start", "duration", "description")
