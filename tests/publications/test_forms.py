import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publications.forms import BibtexUploadForm
from publications.models import Publication

TOO_LARGE = (
    "This file is larger than the admin can import within one request (1 MB or 1,000 "
    "entries). Split it into parts, or import it from the server shell: manage.py "
    "import_bibtex FILE."
)


def entries(count: int) -> str:
    return "".join(f"@article{{k{n}, title={{T{n}}}, year=2020}}\n" for n in range(count))


def errors(data=None, files=None) -> list[str]:
    form = BibtexUploadForm(data or {}, files or {})
    form.is_valid()
    return form.non_field_errors()


def test_the_admin_takes_at_most_1_mb_or_1000_entries():
    padding = "@comment{" + "x" * (1024 * 1024) + "}\n"
    assert errors(files={"file": SimpleUploadedFile("big.bib", padding.encode())}) == [TOO_LARGE]
    many = "@string{j = {J}}\n" + entries(1001)
    assert errors(files={"file": SimpleUploadedFile("many.bib", many.encode())}) == [TOO_LARGE]
    assert errors(files={"file": SimpleUploadedFile("ok.bib", entries(1000).encode())}) == []


@pytest.mark.django_db
def test_a_confirmation_posting_more_is_refused_and_writes_nothing(admin_client):
    response = admin_client.post(
        "/admin/publications/publication/import-bibtex/", {"text": entries(1001), "confirm": "1"}
    )
    assert response.status_code == 200
    assert "manage.py import_bibtex FILE" in response.content.decode()
    assert not Publication.objects.exists()
