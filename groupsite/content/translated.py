"""Lookups on texts that have a version per language (django-modeltranslation).

modeltranslation rewrites ``title__icontains`` to the active language's column only
(``title_de`` on a German page), which is empty where nobody wrote German: a search there
would miss the English text the page shows. These look in every language's column.
"""

from django.db.models import Q
from modeltranslation.utils import get_translation_fields


def in_any_language(field: str, lookup: str, value) -> Q:
    """``field__lookup=value`` in any language: Q(title_en__icontains=…) | Q(title_de__…)."""
    condition = Q()
    for column in get_translation_fields(field):
        condition |= Q(**{f"{column}__{lookup}": value})
    return condition
