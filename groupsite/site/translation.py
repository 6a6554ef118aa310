"""The site settings' texts visitors read, in English and German (docs/editing.md).

django-modeltranslation adds a column per language (tagline_en, tagline_de) beside each
field named here; a German page shows the English text where the German one is empty.
"""

from modeltranslation.translator import TranslationOptions, register

from groupsite.site.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = (
        "group_name", "tagline", "meta_description", "host_institution", "institute",
        "umbrella_initiative", "country", "logo_alt", "hero_image_alt", "hero_caption",
    )  # fmt: skip
