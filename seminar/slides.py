"""Checks every uploaded slide deck: a real, readable PDF of bounded size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader

PDF_MAGIC = b"%PDF-"
# The PDF standard lets the header start anywhere in the first kilobyte.
HEADER_WINDOW = 1024


def inspect_pdf(upload) -> int:
    """Return the page count of ``upload`` or raise a ValidationError saying why not."""
    limit = settings.SLIDES_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; slides may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    not_a_pdf = ValidationError(
        "This file is not a readable PDF. Export the slides as PDF and upload that file.",
        code="not_a_pdf",
    )
    upload.seek(0)
    try:
        if PDF_MAGIC not in upload.read(HEADER_WINDOW):
            raise not_a_pdf
        upload.seek(0)
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected; upload one anybody can open.", code="encrypted"
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:
        # A hostile or broken file can trip pypdf in many ways; all of them mean "not a PDF".
        raise not_a_pdf from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise not_a_pdf
    return pages


def validate_slides_upload(file) -> None:
    """Model-field validator; files already stored (not re-uploaded) pass untouched."""
    if getattr(file, "_committed", True):
        return
    inspect_pdf(file)
