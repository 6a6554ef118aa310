"""Uploads on model image fields and in the editor: checked, cleaned, renamed."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.models import Member
from tests.admin_forms import member_form
from tests.factories import image_upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/markdownx/upload/"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def gps_photo(name="holiday-at-home.jpg"):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 0.0)}
    return image_upload(name, size=(80, 60), image_format="JPEG", exif=exif.tobytes())


def truncated_jpeg(name="cut.jpg"):
    buffer = BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, format="JPEG")
    data = buffer.getvalue()
    return SimpleUploadedFile(name, data[: len(data) // 2], content_type="image/jpeg")


def test_member_photo_is_stored_without_metadata_under_a_neutral_name(admin_client):
    response = admin_client.post(
        "/admin/people/member/add/", {**member_form(), "photo": gps_photo()}
    )
    assert response.status_code == 302
    stored = Member.objects.get().photo.name
    assert stored.startswith("people/") and stored.endswith(".jpg")
    assert "holiday" not in stored
    with default_storage.open(stored) as saved, Image.open(saved) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (80, 60)


def test_png_with_a_pdf_name_is_stored_as_png(admin_client):
    upload = image_upload("cv.pdf")
    admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    stored = Member.objects.get().photo.name
    assert stored.endswith(".png")
    with default_storage.open(stored) as saved, Image.open(saved) as image:
        assert image.format == "PNG"


def test_truncated_jpeg_is_refused_on_a_model_field_with_a_message(admin_client):
    response = admin_client.post(
        "/admin/people/member/add/", {**member_form(), "photo": truncated_jpeg()}
    )
    assert response.status_code == 200
    assert "damaged or incomplete" in response.content.decode()
    assert not Member.objects.exists()


def test_truncated_jpeg_is_refused_by_the_editor_upload(admin_client):
    response = admin_client.post(UPLOAD_URL, {"image": truncated_jpeg()}, **AJAX)
    assert response.status_code == 400
    assert "damaged or incomplete" in response.json()["error"]


@pytest.mark.parametrize("size", [(16_001, 40), (40, 16_001)])
def test_image_longer_than_the_limit_is_refused_with_its_size(admin_client, size):
    upload = image_upload("long.png", size=size)
    response = admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    assert response.status_code == 200
    assert f"{size[0]} × {size[1]} pixels" in response.content.decode()
    assert "at most 16,000 pixels" in response.content.decode()
    assert not Member.objects.exists()
    editor = admin_client.post(UPLOAD_URL, {"image": image_upload("long.png", size=size)}, **AJAX)
    assert editor.status_code == 400
    assert "at most 16,000 pixels" in editor.json()["error"]


def test_image_at_the_limit_is_accepted(admin_client):
    upload = image_upload("tall.png", size=(20, 16_000))
    response = admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    assert response.status_code == 302
