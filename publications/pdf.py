"""A paper's PDF: the core check (groupsite.media.pdf) with the publications' limit and wording."""

from django.utils.translation import gettext_lazy as _

from groupsite.media.pdf import PdfRules, validate_new_upload
from groupsite.media.pdf import random_pdf_name as _random_name

PAPER_PDF = PdfRules(
    max_bytes_setting="PUBLICATION_PDF_MAX_BYTES",
    too_large=_("This file is %(size)s; PDFs may be at most %(limit)s."),
    not_a_pdf=_("This file is not a PDF. Upload the paper as a PDF file."),
    unreadable=_(
        "This PDF is damaged or empty and cannot be opened. Export it again and upload "
        "the new file."
    ),
)


def validate_pdf_upload(upload) -> None:
    validate_new_upload(upload, PAPER_PDF)


def random_pdf_name(publication, filename: str) -> str:
    """The stored name: unguessable (a draft's PDF cannot be found by its title) and always
    .pdf, whatever the uploaded file was called."""
    return _random_name("publications")
