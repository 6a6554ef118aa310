"""The one check for uploaded PDFs (papers, slides): a real, readable, unlocked PDF of
bounded size, stored under a random name.

Each app describes its own limit and wording with ``PdfRules``; the checking itself lives
only here. The core imports no app: the rules are handed in.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

# At byte 0 only: readers tolerate a header later in the first kilobyte, but what comes
# before it is then read by browsers as something else (an HTML/PDF polyglot).
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class PdfRules:
    """One app's limit and messages. ``too_large`` may use %(size)s and %(limit)s."""

    max_bytes_setting: str
    too_large: str
    not_a_pdf: str
    unreadable: str
    encrypted: str = _("This PDF is password-protected; upload one anybody can open.")

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)


def inspect_pdf(upload, rules: PdfRules) -> int:
    """Return the page count of ``upload`` or raise a ValidationError saying why not.

    Codes: ``too_large``, ``not_a_pdf`` (no PDF header), ``unreadable_pdf`` (a header, but
    damaged or empty) and ``encrypted``.
    """
    limit = rules.max_bytes
    if upload.size > limit:
        raise ValidationError(
            rules.too_large,
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    unreadable = ValidationError(rules.unreadable, code="unreadable_pdf")
    upload.seek(0)
    try:
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise ValidationError(rules.not_a_pdf, code="not_a_pdf")
        upload.seek(0)
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(rules.encrypted, code="encrypted")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:
        # A hostile or broken file can trip pypdf in many ways; all of them mean "unreadable".
        raise unreadable from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise unreadable
    return pages


def validate_new_upload(file, rules: PdfRules) -> None:
    """For model-field validators: files already stored (not re-uploaded) pass untouched."""
    if getattr(file, "_committed", True):
        return
    inspect_pdf(file, rules)


def random_pdf_name(folder: str) -> str:
    """An unguessable stored name that always ends in .pdf, whatever the upload was called."""
    return f"{folder.strip('/')}/{uuid.uuid4().hex}.pdf"
