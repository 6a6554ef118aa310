"""Translatable labels for model fields that were declared without a verbose name.

A field declared without one is labelled from its name ("publish_at" becomes "publish
at"), in English only. Giving it ``verbose_name=_("publish at")`` in its arguments would
change what migrations record (a new migration on every model, with nothing changed in
the database). ``labelled`` sets the label after the class is built instead: forms, the
admin and error messages show it translated, while migrations, which record only the
arguments a field was declared with, see no change.
"""

from collections.abc import Callable


def labelled(**labels) -> Callable[[type], type]:
    """Class decorator: ``@labelled(publish_at=_("publish at"))``. Each named field must
    exist on the model and must not have a verbose name of its own; on an abstract model
    the label is copied into every model that inherits the field."""

    def decorate(model: type) -> type:
        fields = {field.name: field for field in model._meta.local_fields}
        fields.update({field.name: field for field in model._meta.local_many_to_many})
        for name, label in labels.items():
            field = fields[name]
            if field._verbose_name is not None:
                raise ValueError(f"{model.__name__}.{name} has its own verbose name.")
            field.verbose_name = label
        return model

    return decorate


def named(singular, plural) -> Callable[[type], type]:
    """Class decorator: a translatable verbose name for a model whose Meta gives none
    (the same reasoning as ``labelled``: migrations record Meta's own options only)."""

    def decorate(model: type) -> type:
        if "verbose_name" in model._meta.original_attrs:
            raise ValueError(f"{model.__name__} has its own verbose name.")
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        return model

    return decorate
