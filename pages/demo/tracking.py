"""Which rows and files the demo wrote, shared by loading and removing it.

Rows are found by difference: every primary key of every content model (and of
django-reversion's history) before the load, compared with those after it, inside the load's
transaction. That catches rows made by bulk_create (authorships, history) that no post_save
signal reports. It assumes nothing else writes content while the demo loads, which holds
for `make run` (before the server starts) and `make demo`.
"""

import json
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import models

from groupsite.site.models import SiteSettings
from pages.models import DemoFile, DemoRecord, DemoRemoval

HISTORY_APP = "reversion"
BOOKKEEPING = (DemoRecord, DemoFile, DemoRemoval)
# The singleton the demo fills in place; it is restored, never deleted (staff partner logos
# hang off it).
SINGLETON = SiteSettings
SINGLETON_DEFAULTS = {"group_name": "Research group"}  # what SiteSettings.load() makes


def tracked_models() -> list[type[models.Model]]:
    labels = {*settings.CONTENT_APPS, HISTORY_APP}
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels and model not in (*BOOKKEEPING, SINGLETON)
    ]


def file_fields(model) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def singleton_values(row: models.Model | None) -> dict[str, str]:
    row = row or SINGLETON(**SINGLETON_DEFAULTS)
    return {
        field.attname: field.value_to_string(row)
        for field in SINGLETON._meta.concrete_fields
        if not field.primary_key
    }


def current_singleton_values() -> dict[str, str] | None:
    row = SINGLETON.objects.filter(pk=1).first()
    return singleton_values(row) if row else None


@contextmanager
def recording():
    """Record every row and file created inside the block as demo content."""
    before = {model: _keys(model) for model in tracked_models()}
    singleton_before = current_singleton_values()
    yield
    for model, keys in before.items():
        created = _keys(model) - keys
        if created:
            _record_rows(model, created)
    _record_singleton(singleton_before)


def _keys(model) -> set[str]:
    return {str(pk) for pk in model._base_manager.values_list("pk", flat=True)}


def _record_rows(model, keys: set[str]) -> None:
    DemoRecord.objects.bulk_create(
        [DemoRecord(model=model._meta.label_lower, object_id=key) for key in sorted(keys)],
        ignore_conflicts=True,
    )
    fields = file_fields(model)
    if fields:
        names = model._base_manager.filter(pk__in=keys).values_list(
            *[field.attname for field in fields]
        )
        _record_files(name for row in names for name in row)


def _record_singleton(values_before: dict[str, str] | None) -> None:
    values_after = current_singleton_values()
    before = values_before or singleton_values(None)
    if values_after is None or values_after == before:
        return
    # A second load keeps the first record: its "before" is the site without any demo.
    DemoRecord.objects.get_or_create(
        model=SINGLETON._meta.label_lower,
        object_id="1",
        defaults={
            "snapshot": json.dumps({"before": before, "after": values_after}, sort_keys=True)
        },
    )
    _record_files(
        values_after[field.attname]
        for field in file_fields(SINGLETON)
        if values_after[field.attname] != before[field.attname]
    )


def _record_files(names) -> None:
    DemoFile.objects.bulk_create(
        [DemoFile(name=name) for name in sorted(set(names)) if name], ignore_conflicts=True
    )
