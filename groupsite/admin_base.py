"""What every admin shares: history and undo, the markdown editor, https for bare links."""

from django.db import models
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin

from groupsite import renditions

# A link typed without a scheme ("example.org") becomes https://, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ContentAdmin(VersionAdmin, MarkdownxModelAdmin):
    """History, revert and "recover deleted" (django-reversion), plus the markdown editor."""

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
