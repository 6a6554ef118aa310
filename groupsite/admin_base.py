"""What every admin shares: history and undo, the markdown editor, https for bare links."""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin
from reversion.models import Version

from groupsite import renditions

# A link typed without a scheme ("example.org") becomes https://, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class CheckedVersionAdmin(VersionAdmin):
    """History, revert and "recover deleted" (django-reversion), limited to this model."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._check_version(request, version_id, object_id=unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._check_version(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def _check_version(self, request, version_id, object_id=None) -> None:
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
            raise Http404("No such version of this item.")
        for content_type in ContentType.objects.filter(
            pk__in=version.revision.version_set.values("content_type")
        ):
            opts = content_type.model_class()._meta
            for action in ("change", "add"):
                codename = get_permission_codename(action, opts)
                if not request.user.has_perm(f"{opts.app_label}.{codename}"):
                    raise PermissionDenied


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
