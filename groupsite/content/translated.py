"""Lookups on texts that have a version per language (django-modeltranslation).

modeltranslation rewrites ``title__icontains`` to the active language's column only
(``title_de`` on a German page), which is empty where nobody wrote German: a search there
would miss the English text the page shows. These look in every language's column.
"""

from django.db.models import Q
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, get_translation_fields


def in_any_language(field: str, lookup: str, value) -> Q:
    """``field__lookup=value`` in any language: Q(title_en__icontains=…) | Q(title_de__…)."""
    condition = Q()
    for column in get_translation_fields(field):
        condition |= Q(**{f"{column}__{lookup}": value})
    return condition


def fill_default_language(sender, instance, **kwargs):
    """pre_save of each model with translated texts (connected per model, so other saves
    never run it): a text nobody gave (``status_note`` left at its default) is stored as
    "" in its English column too, not NULL, as the field itself is; otherwise a row read
    back from a sheet ("" where the database says NULL) would count as changed."""
    for name in translator.get_options_for_model(sender).all_fields:
        column = build_localized_fieldname(name, mt_settings.DEFAULT_LANGUAGE)
        if getattr(instance, column, "") is None and not sender._meta.get_field(name).null:
            setattr(instance, column, instance.__dict__.get(name) or "")


def validate_each_text_once(model) -> None:
    """A text given as ``title`` is also written to its English column ``title_en``, which
    would repeat every complaint about it ("at most 30,000 characters" twice): validate
    the English column only where it holds something else (the admin's form, which
    edits ``title_en`` itself)."""
    fields = list(translator.get_options_for_model(model).all_fields)
    clean_fields = model.clean_fields

    def clean_fields_once(self, exclude=None):
        exclude = set(exclude or ())
        for name in fields:
            column = build_localized_fieldname(name, mt_settings.DEFAULT_LANGUAGE)
            if name not in exclude and getattr(self, column) == self.__dict__.get(name):
                exclude.add(column)
        clean_fields(self, exclude)

    model.clean_fields = clean_fields_once
