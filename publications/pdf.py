"""Checks an uploaded paper: a real, readable PDF of bounded size, stored under a random name."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(upload) -> None:
    limit = settings.PUBLICATION_PDF_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; PDFs may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    try:
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise ValidationError("This file is not a PDF. Upload the paper as a PDF file.",
                                  code="not_a_pdf")  # fmt: skip
        upload.seek(0)
        try:
            pages = len(PdfReader(upload).pages)
        except (PyPdfError, ValueError, KeyError, TypeError, OSError):
            pages = 0
        if pages == 0:
            raise ValidationError(
                "This PDF is damaged or empty and cannot be opened. Export it again and upload "
                "the new file.",
                code="unreadable_pdf",
            )
    finally:
        upload.seek(0)


def random_pdf_name(publication, filename: str) -> str:
    """The stored name: unguessable (a draft's PDF cannot be found by its title) and always
    .pdf, whatever the uploaded file was called."""
    return f"publications/{uuid.uuid4().hex}.pdf"
