from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from groupsite.media.pdf import PdfRules, inspect_pdf, random_pdf_name, validate_new_upload
from tests.factories import pdf_upload

RULES = PdfRules(
    max_bytes_setting="SLIDES_UPLOAD_MAX_BYTES",
    too_large="Big: %(size)s over %(limit)s.",
    not_a_pdf="No PDF.",
    unreadable="Broken PDF.",
    encrypted="Locked PDF.",
)


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("x.pdf", content, "application/pdf")


def test_a_real_pdf_passes_with_its_page_count_and_is_rewound():
    file = pdf_upload(pages=3)
    assert inspect_pdf(file, RULES) == 3
    assert file.tell() == 0


@pytest.mark.parametrize(
    "before",
    [b" ", b"\xef\xbb\xbf", b"<html><script>alert(document.domain)</script><!--"],
    ids=["space", "byte-order mark", "html polyglot"],
)
def test_the_header_must_start_at_the_first_byte(before):
    real = pdf_upload().read()
    with pytest.raises(ValidationError) as error:
        inspect_pdf(upload(before + real), RULES)
    assert (error.value.code, error.value.messages) == ("not_a_pdf", ["No PDF."])


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "not_a_pdf", "No PDF."),
        (b"<html>not a pdf</html>", "not_a_pdf", "No PDF."),
        (b"%PDF-1.7\n%%EOF", "unreadable_pdf", "Broken PDF."),
        (b"%PDF-1.4\n" + b"x" * 5000, "unreadable_pdf", "Broken PDF."),
    ],
)
def test_what_is_not_a_readable_pdf_gets_the_apps_message(content, code, message):
    with pytest.raises(ValidationError) as error:
        inspect_pdf(upload(content), RULES)
    assert (error.value.code, error.value.messages) == (code, [message])


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as error:
        inspect_pdf(upload(buffer.getvalue()), RULES)
    assert (error.value.code, error.value.messages) == ("encrypted", ["Locked PDF."])


def test_the_limit_is_read_from_the_named_setting_at_check_time(settings):
    file = pdf_upload()
    settings.SLIDES_UPLOAD_MAX_BYTES = file.size - 1
    with pytest.raises(ValidationError) as error:
        inspect_pdf(file, RULES)
    assert error.value.code == "too_large"
    assert error.value.messages == [f"Big: {file.size}\xa0bytes over {file.size - 1}\xa0bytes."]
    settings.SLIDES_UPLOAD_MAX_BYTES = file.size
    assert inspect_pdf(file, RULES) == 2


def test_stored_files_are_not_checked_again_new_ones_are():
    class Stored:
        _committed = True

    validate_new_upload(Stored(), RULES)  # not read at all
    fresh = upload(b"not a pdf")
    fresh._committed = False
    with pytest.raises(ValidationError):
        validate_new_upload(fresh, RULES)


def test_random_names_are_unguessable_and_end_in_pdf():
    first, second = random_pdf_name("slides/"), random_pdf_name("slides")
    assert first != second
    assert first.startswith("slides/") and first.endswith(".pdf") and len(first) == 43
