"""Slide decks: the core PDF check (groupsite.media.pdf) with the seminar's limit and wording."""

from django.utils.translation import gettext_lazy as _

from groupsite.media.pdf import PdfRules, random_pdf_name, validate_new_upload
from groupsite.media.pdf import inspect_pdf as _inspect

NOT_A_PDF = _("This file is not a readable PDF. Export the slides as PDF and upload that file.")
SLIDES_PDF = PdfRules(
    max_bytes_setting="SLIDES_UPLOAD_MAX_BYTES",
    too_large=_("This file is %(size)s; slides may be at most %(limit)s."),
    not_a_pdf=NOT_A_PDF,
    unreadable=NOT_A_PDF,
)


def inspect_pdf(upload) -> int:
    """Return the page count of ``upload`` or raise a ValidationError saying why not."""
    return _inspect(upload, SLIDES_PDF)


def validate_slides_upload(file) -> None:
    """Model-field validator; files already stored (not re-uploaded) pass untouched."""
    validate_new_upload(file, SLIDES_PDF)


def slides_name(instance, filename: str) -> str:
    """Published slides: a random name ending in .pdf, never the uploader's file name."""
    return random_pdf_name("slides")


def submitted_slides_name(instance, filename: str) -> str:
    """Slides awaiting review: random too, so nobody can guess their address."""
    return random_pdf_name("speaker-submissions")
