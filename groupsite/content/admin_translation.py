"""The admin of content with a German version (django-modeltranslation, <app>/translation.py).

Each translated field shows its two versions in one row, the text and its German version
side by side; the change list says which German texts are missing and filters by it, and
the change form names them. No script: modeltranslation's tabs would need jQuery UI from a
CDN, which the admin's Content-Security-Policy (and the project) refuse.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

SOURCE = "en"
GERMAN = "de"


def _empty(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_german_fields(obj, fields) -> list[str]:
    """The translated fields of ``obj`` that have a text but no German version."""
    missing = []
    for name in fields:
        text = getattr(obj, build_localized_fieldname(name, SOURCE))
        german = getattr(obj, build_localized_fieldname(name, GERMAN))
        if text and not german:
            missing.append(name)
    return missing


def missing_german_q(fields) -> Q:
    """Rows where at least one of ``fields`` has a text but no German version."""
    condition = Q()
    for name in fields:
        text = build_localized_fieldname(name, SOURCE)
        german = build_localized_fieldname(name, GERMAN)
        condition |= ~_empty(text) & _empty(german)
    return condition


class GermanMissingFilter(admin.SimpleListFilter):
    title = _("German version")
    parameter_name = "german"

    def lookups(self, request, model_admin):
        return [("missing", _("German missing")), ("complete", _("German complete"))]

    def queryset(self, request, queryset):
        missing = self.model_admin_missing_q
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "complete":
            return queryset.exclude(missing)
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin_missing_q = model_admin.german_missing_q()
        super().__init__(request, params, model, model_admin)


class TranslatedAdminMixin(TranslationAdmin):
    """Put first in the bases: ``class XAdmin(TranslatedAdminMixin, ContentAdmin)``."""

    def translated_fields(self) -> list[str]:
        """In the model's order (modeltranslation keeps them in a set)."""
        translated = self.trans_opts.all_fields
        return [field.name for field in self.model._meta.fields if field.name in translated]

    def german_not_needed(self, obj) -> bool:
        """True where the text is German already (a talk given in German, say)."""
        return False

    def german_not_needed_q(self) -> Q | None:
        return None

    def german_missing_q(self) -> Q:
        missing = missing_german_q(self.translated_fields())
        not_needed = self.german_not_needed_q()
        return missing & ~not_needed if not_needed is not None else missing

    def missing_german(self, obj) -> list[str]:
        if obj is None or obj.pk is None or self.german_not_needed(obj):
            return []
        return missing_german_fields(obj, self.translated_fields())

    def _labels(self, names) -> str:
        opts = self.model._meta
        return ", ".join(str(capfirst(opts.get_field(name).verbose_name)) for name in names)

    @admin.display(description=_("German"))
    def german_column(self, obj):
        missing = self.missing_german(obj)
        if not missing:
            return "✓" if not self.german_not_needed(obj) else "—"
        return gettext("Missing: %(fields)s") % {"fields": self._labels(missing)}

    @admin.display(description=_("German version"))
    def german_note(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Each text may have a German version; German pages show it, and "
                           "the text itself where there is none.")  # fmt: skip
        if self.german_not_needed(obj):
            return gettext("The texts are German already.")
        missing = self.missing_german(obj)
        if not missing:
            return gettext("Every text has a German version.")
        return ngettext(
            "Missing in German: %(fields)s. German pages show the text itself there.",
            "Missing in German: %(fields)s. German pages show the texts themselves there.",
            len(missing),
        ) % {"fields": self._labels(missing)}

    # Two columns per translated field: its text and its German version, side by side.
    def _patch_fieldsets(self, fieldsets):
        patched = []
        for name, options in fieldsets:
            options = dict(options)
            if "fields" in options:
                options["fields"] = [self._side_by_side(entry) for entry in options["fields"]]
            patched.append((name, options))
        return patched

    def _side_by_side(self, entry):
        if isinstance(entry, (list, tuple)):
            return tuple(self.replace_orig_field(entry))
        if entry in self.trans_opts.all_fields:
            return tuple(get_translation_fields(entry))
        return entry

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [(_("German version"), {"fields": ["german_note"]}), *fieldsets]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "german_note"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "german_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), GermanMissingFilter]

    def get_search_fields(self, request):
        """A search finds the text in either version."""
        fields = []
        for entry in super().get_search_fields(request):
            prefix = entry[0] if entry[:1] in ("^", "=", "@") else ""
            name, _sep, rest = entry.removeprefix(prefix).partition("__")
            if name in self.trans_opts.all_fields:
                suffix = f"__{rest}" if rest else ""
                fields += [f"{prefix}{column}{suffix}" for column in get_translation_fields(name)]
            else:
                fields.append(entry)
        return fields
