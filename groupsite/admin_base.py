"""What every admin shares: the markdown editor, its error messages, https for bare links."""

from django.db import models
from markdownx.admin import MarkdownxModelAdmin

# A link typed without a scheme ("example.org") becomes https://, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ContentAdmin(MarkdownxModelAdmin):
    formfield_overrides = {**MarkdownxModelAdmin.formfield_overrides, **HTTPS_URLS}

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin.css"]}
