"""What every admin shares: history and undo, the markdown editor, https for bare links."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from groupsite.media import renditions

# A link typed without a scheme ("example.org") becomes https://, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class CheckedVersionAdmin(VersionAdmin):
    """History, revert and "recover deleted" (django-reversion), limited to this model."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._check_version(request, version_id, object_id=unquote(object_id))
        clashes = self._unique_clashes(version, revert=True)
        if clashes:
            return self._refuse(request, clashes)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self._check_version(request, version_id)
        clashes = self._unique_clashes(version, revert=False)
        if clashes:
            return self._refuse(request, clashes)
        return super().recover_view(request, version_id, extra_context)

    def _refuse(self, request, reasons: list[str]):
        for reason in reasons:
            messages.error(request, reason)
        opts = self.model._meta
        return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")

    def _unique_clashes(self, version, revert: bool) -> list[str]:
        """django-reversion writes a version back row by row and, when a unique value (a
        slug, a session's number in its series, a BibTeX key) belongs to another row now,
        says only "missing dependency". Name that row instead, before anything is written;
        the version stays in history for a second try. Only this admin's model is checked:
        its inline rows carry no unique values, and clashing ones would be replaced anyway."""
        reasons = []
        for each in version.revision.version_set.filter(content_type=version.content_type):
            try:
                obj = each._object_version.object
            except RevertError:  # unreadable data: reversion says so itself
                continue
            for fields, other in unique_clashes(obj, each.db):
                opts = obj._meta
                labels = get_text_list([str(opts.get_field(f).verbose_name) for f in fields],
                                       _("and"))  # fmt: skip
                values = ", ".join(str(getattr(obj, f)) for f in fields)
                reasons.append(_clash_message(revert, len(fields)) % {
                    "model": opts.verbose_name, "object": obj, "fields": labels,
                    "values": values, "other_model": other._meta.verbose_name, "other": other,
                })  # fmt: skip
        return reasons

    def _check_version(self, request, version_id, object_id=None) -> Version:
        """django-reversion finds a version by its id alone and then reverts its whole
        revision: make sure the version belongs to this admin's model (and object), and
        that the user may change every object the revision would write back."""
        versions = Version.objects.filter(
            pk=version_id, content_type=ContentType.objects.get_for_model(self.model)
        )
        if object_id is not None:
            versions = versions.filter(object_id=object_id)
        version = versions.select_related("revision").first()
        if version is None:
            raise Http404(_("No such version of this item."))
        for content_type in ContentType.objects.filter(
            pk__in=version.revision.version_set.values("content_type")
        ):
            opts = content_type.model_class()._meta
            for action in ("change", "add"):
                codename = get_permission_codename(action, opts)
                if not request.user.has_perm(f"{opts.app_label}.{codename}"):
                    raise PermissionDenied
        return version


def _clash_message(revert: bool, count: int) -> str:
    """Why a version cannot be written back: one of its unique values (``count`` fields)
    belongs to another row now."""
    if revert:
        return ngettext(
            "Cannot revert %(model)s “%(object)s” to this version: its %(fields)s (%(values)s) "
            "now belongs to %(other_model)s “%(other)s”. Change it there first (or delete "
            "that one), then revert again.",
            "Cannot revert %(model)s “%(object)s” to this version: its %(fields)s (%(values)s) "
            "now belong to %(other_model)s “%(other)s”. Change them there first (or delete "
            "that one), then revert again.",
            count,
        )
    return ngettext(
        "Cannot recover %(model)s “%(object)s”: its %(fields)s (%(values)s) now belongs to "
        "%(other_model)s “%(other)s”. Change it there first (or delete that one), then "
        "recover again.",
        "Cannot recover %(model)s “%(object)s”: its %(fields)s (%(values)s) now belong to "
        "%(other_model)s “%(other)s”. Change them there first (or delete that one), then "
        "recover again.",
        count,
    )


def unique_clashes(obj, using: str = "default") -> list[tuple[tuple[str, ...], models.Model]]:
    """(field names, the other row) for each unique field or constraint whose values
    ``obj`` (saved or not) shares with another row in the database."""
    opts = obj._meta
    field_sets = [fields for _, fields in obj._get_unique_checks(include_meta_constraints=True)[0]]
    conditions = {}
    for constraint in opts.constraints:
        conditional = isinstance(constraint, models.UniqueConstraint) and constraint.fields
        if conditional and constraint.condition is not None:
            field_sets.append(tuple(constraint.fields))
            conditions[tuple(constraint.fields)] = constraint.condition
    values = {field.name: getattr(obj, field.attname) for field in opts.concrete_fields}
    clashes = []
    for fields in dict.fromkeys(field_sets):
        lookup = {opts.get_field(name).attname: getattr(obj, opts.get_field(name).attname)
                  for name in fields}  # fmt: skip
        if None in lookup.values() or (opts.pk.name in fields and len(fields) == 1):
            continue  # NULLs never clash; the primary key is the object itself
        rows = opts.model._default_manager.using(using).filter(**lookup).exclude(pk=obj.pk)
        condition = conditions.get(fields)
        if condition is not None:
            if not condition.check(values, using=using):
                continue
            rows = rows.filter(condition)
        other = rows.first()
        if other is not None:
            clashes.append((fields, other))
    return clashes


class ContentAdmin(CheckedVersionAdmin, MarkdownxModelAdmin):
    """History and undo, plus the markdown editor."""

    formfield_overrides = {**MarkdownxModelAdmin.formfield_overrides, **HTTPS_URLS}

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin.css"]}


def thumbnail(image, spec: str, focus=(50, 50)) -> str:
    """A small rendition for change lists; never the multi-megabyte original."""
    data = renditions.picture(image.name if image else "", spec, focus)
    if data is None:
        return "—"
    return format_html('<img src="{}" alt="" class="admin-thumbnail">', data.webp[0].url)
