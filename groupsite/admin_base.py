"""What every admin shares: history and undo, the markdown editor, https for bare links."""

from django.db import models
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin

# A link typed without a scheme ("example.org") becomes https://, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ContentAdmin(VersionAdmin, MarkdownxModelAdmin):
    """History, revert and "recover deleted" (django-reversion), plus the markdown editor."""

    formfield_overrides = {**MarkdownxModelAdmin.formfield_overrides, **HTTPS_URLS}

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin.css"]}
