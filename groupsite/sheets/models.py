"""A sheet of one model's own fields, matched by a key column (usually the slug).

Each column reads and writes its model field as the admin's form would take it (choices by
value or label, yes/no, dates like 2024-03-05, links without a scheme as https://); a
domain overrides a column by giving ``read``/``write`` itself. A row is checked as the
admin's form checks it (the model's validators, ``clean()``, uniqueness and constraints)
before "changed" or "unchanged" is decided, so normalised values (ORCID iDs) compare
equal.
"""

import copy
from dataclasses import replace

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator

from groupsite.sheets import cells
from groupsite.sheets.plan import CHANGED, NEW, ROW, UNCHANGED, Change, PlannedRow, Sheet

#: What a reader returns for a cell that leaves the stored value as it is.
KEEP = object()
LARGEST_INTEGER = 2_147_483_647


def _message(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def too_long(length: int, name: str, limit: int) -> str:
    """The refusal of a text of ``length`` characters for the field ``name``."""
    return ngettext(
        "This is %(length)s character long; %(name)s takes at most %(limit)s.",
        "This is %(length)s characters long; %(name)s takes at most %(limit)s.",
        length,
    ) % {"length": f"{length:,}", "name": name, "limit": f"{limit:,}"}


def field_reader(field: models.Field):
    """How a cell becomes ``field``'s value, as the admin's form field would read it."""
    if field.choices:
        return lambda v: cells.choice_value(field.choices, v, field.name) if cells.text(v) else KEEP
    if isinstance(field, models.BooleanField):
        return lambda v: cells.parse_yes_no(v) if cells.text(v) else KEEP
    if isinstance(field, models.DateTimeField):
        raise TypeError(f"{field.name}: a date-time column needs its zone; give read=.")
    if isinstance(field, models.DateField):
        return cells.parse_date
    if isinstance(field, models.TimeField):
        return cells.parse_time
    if isinstance(field, models.IntegerField):

        def number(value):
            read = cells.ascii_number(value, _("a whole number"), LARGEST_INTEGER)
            return KEEP if read is None and not field.null else read

        return number
    if isinstance(field, models.URLField):
        return cells.https_url
    return cells.text


def translated_fields(model) -> frozenset[str]:
    """The fields of ``model`` with a version per language (``<app>/translation.py``)."""
    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


def field_writer(field: models.Field):
    """How ``field``'s value is written to a cell (and read back the same)."""

    def write(obj):
        value = getattr(obj, field.attname)
        if value is None:
            return ""
        if isinstance(field, models.BooleanField):
            return cells.yes_no(value)
        if isinstance(field, models.DateTimeField):
            return value.isoformat()
        if isinstance(field, models.DateField):
            return cells.format_date(value)
        if isinstance(field, models.TimeField):
            return cells.format_time(value)
        return value

    return write


class ModelSheet(Sheet):
    """A sheet of ``model``'s fields; rows matched by ``key``, written with ``save``."""

    model: type[models.Model]
    key = "slug"
    #: Relations the export reads for every row, loaded in one query each.
    export_related: tuple = ()

    def __init__(self, base_url: str = ""):
        super().__init__(base_url)
        self.noun = str(self.model._meta.verbose_name)
        self.plural = str(self.model._meta.verbose_name_plural)

    def bind(self, column):
        try:
            field = self.model._meta.get_field(column.name)
        except FieldDoesNotExist:  # a column of the sheet's own
            return super().bind(column)
        translated = column.name in translated_fields(self.model)
        # A translated text's column is its English version (``title_en``) whichever
        # language is active; its German one follows as ``title_de``.
        written = self.english_field(field.name) if translated else field
        return super().bind(
            replace(
                column,
                label=column.label or capfirst(field.verbose_name),
                read=column.read or field_reader(field),
                write=column.write or field_writer(written),
                translated=column.translated or translated,
            )
        )

    def english_field(self, name: str) -> models.Field:
        return self.model._meta.get_field(f"{name}_{mt_settings.DEFAULT_LANGUAGE}")

    # Matching ------------------------------------------------------------------------------
    def prepare(self, rows):
        keys = {cells.text(row.get(self.key)) for row in rows} - {""}
        self.stored = {
            getattr(obj, self.key): obj
            for obj in self.model.objects.filter(**{f"{self.key}__in": keys})
        }

    def row_key(self, row):
        value = cells.text(row.get(self.key))
        return (value,) if value else None

    def identity(self, planned):
        return planned.data.get("stored_pk")

    def not_editable(self) -> set[str]:
        return {f.name for f in self.model._meta.concrete_fields if not f.editable}

    # Planning ------------------------------------------------------------------------------
    def plan_row(self, number, row):
        stored = self.stored.get(cells.text(row.get(self.key)))
        obj = copy.copy(stored) if stored is not None else self.model()
        planned = PlannedRow(number=number, target=obj)
        planned.data["stored_pk"] = stored.pk if stored is not None else None
        present = [column for column in self.import_columns() if column.name in row]
        for column in present:
            try:
                value = column.read(row[column.name])
            except (ValueError, ValidationError) as error:
                planned.refuse(column.name, _message(error))
                continue
            if value is KEEP or (column.blank_keeps and value in (None, "")):
                continue
            self.set_value(obj, column, value)
        self.check(obj, planned)
        planned.label = str(obj)
        self.decide(planned, stored, present)
        return planned

    def set_value(self, obj, column, value) -> None:
        if column.translated:
            # Sets the English column, and the field as the admin's form would set it.
            with translation.override(mt_settings.DEFAULT_LANGUAGE):
                setattr(obj, column.name, value)
            return
        setattr(obj, self.model._meta.get_field(column.name).attname, value)

    def check(self, obj, planned: PlannedRow) -> None:
        """As the admin's form: fields, clean(), then uniqueness and constraints."""
        exclude = set(planned.errors) | self.not_editable()
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._add(planned, error)
        self.check_lengths(obj, planned)
        if planned.errors:
            return
        try:
            obj.validate_unique(exclude=self.not_editable())
            obj.validate_constraints(exclude=self.not_editable())
        except ValidationError as error:
            self._add(planned, error)

    @staticmethod
    def _add(planned: PlannedRow, error: ValidationError) -> None:
        for name, messages in error.update_error_dict({}).items():
            column = ROW if name == NON_FIELD_ERRORS else name
            planned.refuse(column, *ValidationError(messages).messages)

    def check_lengths(self, obj, planned: PlannedRow) -> None:
        """Text longer than its field holds is refused, never cut (fields full_clean skips,
        like a session's UID, included)."""
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname, None)
            limit = getattr(field, "max_length", None)
            if field.name in planned.errors or not isinstance(value, str) or not limit:
                continue
            if len(value) > limit:
                planned.refuse(field.name, too_long(len(value), field.name, limit))

    def decide(self, planned: PlannedRow, stored, present) -> None:
        """New, changed or unchanged, and the changes the preview shows."""
        obj = planned.target
        if stored is None:
            planned.status = NEW
        else:
            editable = [f.attname for f in self.model._meta.concrete_fields if f.editable]
            differs = any(getattr(obj, name) != getattr(stored, name) for name in editable)
            planned.status = CHANGED if differs else UNCHANGED
        for column in present:
            after = str(column.write(obj))
            before = "" if stored is None else str(column.write(stored))
            if after != before:
                planned.changes.append(Change(column.label, before, after))

    # Writing -------------------------------------------------------------------------------
    def write(self, row: PlannedRow) -> None:
        self.save(row.target)

    def save(self, obj) -> None:
        """Write one object (a domain with services overrides this to call them)."""
        obj.save()

    # Exporting -----------------------------------------------------------------------------
    def export(self, objects=None, names=None):
        if objects is None:
            objects = self.model.objects.all()
        if isinstance(objects, models.QuerySet):
            objects = objects.prefetch_related(*self.export_related)
        else:
            models.prefetch_related_objects(list(objects), *self.export_related)
        return super().export(objects, names)
