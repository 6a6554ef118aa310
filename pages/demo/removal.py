"""Take away exactly what load_demo_content wrote, and leave everything staff made.

A demo row staff edited since is still demo and goes. The site settings are the exception:
the demo fills that single row in place, so it is put back as it was before the load, or
kept as it is if staff have edited it since. A staff row that points at a demo row is
never deleted along with it: links that may be empty (SET_NULL, many-to-many) are
detached and reported; a staff row that would be deleted or is protected (CASCADE,
PROTECT) stops the whole removal before anything changes, naming the row.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext as _

from groupsite.media import renditions
from pages.demo import tracking
from pages.models import DemoFile, DemoRecord, DemoRemoval

DETACHING = (models.SET_NULL, models.SET_DEFAULT)


class RemovalBlocked(Exception):
    def __init__(self, rows: list[str]):
        self.rows = rows
        super().__init__(
            _(
                "Nothing was removed: these rows were made after the demo and would be deleted "
                "with it. Delete them, or point them at rows of your own, then run this again:"
            )
            + "\n"
            + "\n".join(f"  - {row}" for row in rows)
        )


@dataclass
class Removal:
    rows: Counter = field(default_factory=Counter)  # verbose name plural -> rows deleted
    files: int = 0
    detached: list[str] = field(default_factory=list)
    settings_kept: bool = False
    settings_restored: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.rows or self.files or self.settings_kept or self.settings_restored)


def remove_demo_content() -> Removal:
    removal = Removal()
    with transaction.atomic():
        demo = _demo_rows()
        removal.detached = _check_referrers(demo)  # raises RemovalBlocked
        kept_files = _restore_singleton(removal)
        files = _demo_files(demo) - kept_files - _files_used_outside(demo)
        for model in _deletion_order(demo):
            _count, per_model = model._base_manager.filter(pk__in=demo[model]).delete()
            for label, count in per_model.items():
                if count:
                    removal.rows[apps.get_model(label)._meta.verbose_name_plural] += count
        if DemoRecord.objects.exists() or DemoFile.objects.exists():
            DemoRemoval.objects.create()
        DemoRecord.objects.all().delete()
        DemoFile.objects.all().delete()
    # After the rows: a failure here leaves stray files, never rows pointing at no file.
    removal.files = _delete_files(files)
    return removal


def _demo_rows() -> dict[type[models.Model], set[str]]:
    """Demo rows that still exist, by model (some went already, with a deleted parent)."""
    recorded = defaultdict(set)
    for label, key in DemoRecord.objects.filter(snapshot="").values_list("model", "object_id"):
        try:
            recorded[apps.get_model(label)].add(key)
        except LookupError:  # a model since removed from the code: nothing left to delete
            continue
    demo = {}
    for model, keys in recorded.items():
        present = {
            str(pk) for pk in model._base_manager.filter(pk__in=keys).values_list("pk", flat=True)
        }
        if present:
            demo[model] = present
    return demo


def _check_referrers(demo) -> list[str]:
    detached, blocking = [], []
    for model, keys in demo.items():
        for relation in model._meta.related_objects:
            referrer, link_field = _referring_field(relation)
            if referrer is None:
                continue
            rows = referrer._base_manager.filter(**{f"{link_field.name}__in": keys})
            for row in rows.exclude(pk__in=demo.get(referrer, ())):
                target = getattr(row, link_field.name)
                if relation.many_to_many:
                    detached.append(_describe_link(row, link_field, target))
                elif relation.on_delete in DETACHING:
                    detached.append(
                        _("%(row)s no longer has %(field)s %(target)s")
                        % {
                            "row": _describe(row),
                            "field": link_field.verbose_name,
                            "target": _describe(target),
                        }
                    )
                else:
                    blocking.append(
                        _("%(row)s, which belongs to %(target)s")
                        % {"row": _describe(row), "target": _describe(target)}
                    )
    if blocking:
        raise RemovalBlocked(sorted(blocking))
    return sorted(detached)


def _referring_field(relation):
    """(model, foreign key) of the rows that point at the demo row through ``relation``:
    for a many-to-many field, the links in its table."""
    if not relation.many_to_many:
        return relation.related_model, relation.field
    through = relation.through
    if not through._meta.auto_created:
        return None, None  # a through model of its own has its foreign keys seen directly
    return through, through._meta.get_field(relation.field.m2m_reverse_field_name())


def _describe(row) -> str:
    return _("%(kind)s “%(row)s”") % {"kind": row._meta.verbose_name, "row": row}


def _describe_link(link, removed_field, target) -> str:
    """A many-to-many link from a staff row to a demo row, e.g. a news item's member."""
    other = next(f for f in link._meta.concrete_fields if f.is_relation and f is not removed_field)
    return _("%(row)s no longer links to %(target)s") % {
        "row": _describe(getattr(link, other.name)),
        "target": _describe(target),
    }


def _restore_singleton(removal: Removal) -> set[str]:
    """Put the site settings back as they were before the demo, unless staff edited them;
    returns the files the kept settings still show."""
    record = DemoRecord.objects.exclude(snapshot="").first()
    if record is None:
        return set()
    current = tracking.current_singleton_values()
    if current is None:
        return set()
    singleton = tracking.SINGLETON
    snapshot = json.loads(record.snapshot)
    if current != snapshot["after"]:
        removal.settings_kept = True
        return {current[f.attname] for f in tracking.file_fields(singleton)}
    before = snapshot["before"]
    fields = {f.attname: f for f in singleton._meta.concrete_fields}
    singleton.objects.filter(pk=1).update(
        **{name: _from_string(fields[name], value) for name, value in before.items()}
    )
    removal.settings_restored = True
    return {before[f.attname] for f in tracking.file_fields(singleton)}


def _from_string(field, value: str):
    """The value ``value_to_string`` wrote: an empty date (or number) was None."""
    if value == "" and field.null:
        return None
    return field.to_python(value)


def _demo_files(demo) -> set[str]:
    """Files the demo stored, and those its rows show now (staff may have replaced one)."""
    names = set(DemoFile.objects.values_list("name", flat=True))
    for model, keys in demo.items():
        for file_field in tracking.file_fields(model):
            names.update(
                model._base_manager.filter(pk__in=keys).values_list(file_field.attname, flat=True)
            )
    return names - {""}


def _files_used_outside(demo) -> set[str]:
    """Files that a row which stays also shows: those stay too."""
    used = set()
    for model in apps.get_models():
        for file_field in tracking.file_fields(model):
            rows = model._base_manager.exclude(**{file_field.attname: ""})
            if model is not tracking.SINGLETON:
                rows = rows.exclude(pk__in=demo.get(model, ()))
            used.update(rows.values_list(file_field.attname, flat=True))
    return used


def _deletion_order(demo) -> list[type[models.Model]]:
    """Rows that protect another demo row go first (a session before its series)."""
    graph = {model: set() for model in demo}
    for model in demo:
        for relation in model._meta.related_objects:
            referrer = relation.related_model
            if relation.many_to_many or referrer is model or referrer not in demo:
                continue
            if relation.on_delete not in (models.CASCADE, *DETACHING):
                graph[model].add(referrer)
    return list(TopologicalSorter(graph).static_order())


def _delete_files(names: set[str]) -> int:
    deleted = 0
    for name in sorted(names):
        for stored in [name, *renditions.renditions_of(name)]:
            if default_storage.exists(stored):
                default_storage.delete(stored)
                deleted += 1
    renditions.forget_known()
    return deleted
