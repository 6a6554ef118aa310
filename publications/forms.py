from django import forms
from django.core.exceptions import ValidationError

MAX_BIBTEX_BYTES = 5 * 1024 * 1024


class BibtexUploadForm(forms.Form):
    file = forms.FileField(
        label="BibTeX file", required=False,
        help_text="A .bib file exported from Zotero, JabRef, Google Scholar or written by hand.",
    )  # fmt: skip
    # After the preview the text comes back in this field, so confirming imports exactly
    # what was previewed (re-checked against the database at that moment).
    text = forms.CharField(required=False, widget=forms.HiddenInput)
    publish = forms.BooleanField(
        label="Publish new entries right away", required=False, initial=True,
        help_text="Untick to import them as drafts and publish them one by one.",
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_BIBTEX_BYTES:
                raise ValidationError("This file is larger than 5 MB; split it into parts.")
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    "This file is not UTF-8 text. Export it again as UTF-8 (Zotero, JabRef "
                    "and Google Scholar all can)."
                ) from None
        if not cleaned.get("text", "").strip():
            raise ValidationError("Choose a .bib file to import.")
        return cleaned
