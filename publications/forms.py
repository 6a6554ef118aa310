import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A preview and its confirmation each re-read the whole file within one request, which
# must end within gunicorn's 30 s timeout: about 1,000 entries. Larger files go through
# the import_bibtex command, which has no time limit.
MAX_BIBTEX_BYTES = 1024 * 1024
MAX_BIBTEX_ENTRIES = 1000
TOO_LARGE = _("This file is larger than the admin can import within one request (1 MB or "
              "1,000 entries). Split it into parts, or import it from the server shell: "
              "manage.py import_bibtex FILE.")  # fmt: skip
# Entries, not @string/@comment/@preamble blocks; counted without parsing.
ENTRY_START = re.compile(r"^\s*@\s*(?!string\b|comment\b|preamble\b)\w+\s*[{(]",
                         re.IGNORECASE | re.MULTILINE)  # fmt: skip


class BibtexUploadForm(forms.Form):
    file = forms.FileField(
        label=_("BibTeX file"), required=False,
        help_text=_("A .bib file exported from Zotero, JabRef, Google Scholar or written by hand."),
    )  # fmt: skip
    # After the preview the text comes back in this field, so confirming imports exactly
    # what was previewed (re-checked against the database at that moment).
    text = forms.CharField(required=False, widget=forms.HiddenInput)
    publish = forms.BooleanField(
        label=_("Publish new entries right away"), required=False, initial=True,
        help_text=_("Untick to import them as drafts and publish them one by one."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_BIBTEX_BYTES:
                raise ValidationError(TOO_LARGE)
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    _(
                        "This file is not UTF-8 text. Export it again as UTF-8 (Zotero, JabRef "
                        "and Google Scholar all can)."
                    )
                ) from None
        # The confirmation posts the text back: the same limit, whatever the browser sends.
        text = cleaned.get("text", "")
        if len(text.encode()) > MAX_BIBTEX_BYTES or (
            len(ENTRY_START.findall(text)) > MAX_BIBTEX_ENTRIES
        ):
            raise ValidationError(TOO_LARGE)
        if not cleaned.get("text", "").strip():
            raise ValidationError(_("Choose a .bib file to import."))
        return cleaned
