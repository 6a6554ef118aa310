from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from seminar.slides import inspect_pdf
from tests.factories import pdf_upload


def test_a_real_pdf_passes_with_its_page_count():
    assert inspect_pdf(pdf_upload(pages=3)) == 3


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello",
        b"%PDF-1.7\n%%EOF",
        b"\x89PNG\r\n\x1a\n" + b"%PDF-" * 3,
        b"%PDF-1.4\n" + b"x" * 5000,
    ],
)
def test_anything_else_is_not_a_pdf(content):
    with pytest.raises(ValidationError) as error:
        inspect_pdf(SimpleUploadedFile("deck.pdf", content, "application/pdf"))
    # One message for the speaker, whether the header is missing or the file is broken.
    assert error.value.messages == [
        "This file is not a readable PDF. Export the slides as PDF and upload that file."
    ]


def test_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as error:
        inspect_pdf(SimpleUploadedFile("deck.pdf", buffer.getvalue(), "application/pdf"))
    assert error.value.code == "encrypted"


def test_size_limit_comes_from_the_setting(settings):
    upload = pdf_upload()
    settings.SLIDES_UPLOAD_MAX_BYTES = upload.size - 1
    with pytest.raises(ValidationError) as error:
        inspect_pdf(upload)
    assert error.value.code == "too_large"
    settings.SLIDES_UPLOAD_MAX_BYTES = upload.size
    assert inspect_pdf(upload) == 2
