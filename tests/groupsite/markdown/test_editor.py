from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import image_upload

PREVIEW_URL = "/markdownx/markdownify/"
UPLOAD_URL = "/markdownx/upload/"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def plain_user_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="visitor", password="x")
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
def test_editor_endpoint_refuses_anonymous_visitor(client, db, url):
    response = client.post(url, {"content": "**hi**"})
    assert response.status_code == 403
    assert response.json() == {"error": "Only staff members may use the editor."}


@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
def test_editor_endpoint_refuses_logged_in_non_staff(plain_user_client, url):
    assert plain_user_client.post(url, {"content": "x"}).status_code == 403


def test_editor_endpoint_refuses_inactive_staff(client, staff_user):
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)
    assert client.post(PREVIEW_URL, {"content": "x"}).status_code == 403


def test_preview_renders_sanitised_markdown_for_staff(staff_client):
    response = staff_client.post(PREVIEW_URL, {"content": "**bold** <script>x()</script>"})
    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>bold</strong> </p>"


def test_preview_answers_get_with_405(staff_client):
    assert staff_client.get(PREVIEW_URL).status_code == 405


def test_upload_stores_png_and_returns_markdown(staff_client):
    response = staff_client.post(UPLOAD_URL, {"image": image_upload("Wave chart.png")}, **AJAX)
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![Wave chart](/media/editor/")
    stored = code.removeprefix("![Wave chart](/media/").removesuffix(")")
    assert stored.endswith(".png")
    with default_storage.open(stored) as saved, Image.open(saved) as image:
        assert image.format == "PNG"
        assert image.size == (64, 48)


def test_upload_strips_exif_and_gps(staff_client):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 0.0)}
    upload = image_upload("photo.jpg", image_format="JPEG", exif=exif.tobytes())
    response = staff_client.post(UPLOAD_URL, {"image": upload}, **AJAX)
    stored = response.json()["image_code"].split("/media/")[1].rstrip(")")
    with default_storage.open(stored) as saved, Image.open(saved) as image:
        assert dict(image.getexif()) == {}


def test_upload_refuses_svg(staff_client):
    upload = SimpleUploadedFile("evil.svg", SVG, content_type="image/svg+xml")
    response = staff_client.post(UPLOAD_URL, {"image": upload}, **AJAX)
    assert response.status_code == 400
    assert response.json() == {
        "error": "This file is not a readable image. Upload a JPEG, PNG, WebP or GIF file."
    }


def test_upload_refuses_text_disguised_as_png(staff_client):
    upload = SimpleUploadedFile("fake.png", b"not an image at all", content_type="image/png")
    response = staff_client.post(UPLOAD_URL, {"image": upload}, **AJAX)
    assert response.status_code == 400
    assert "not a readable image" in response.json()["error"]


def test_upload_refuses_bitmap_format(staff_client):
    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="BMP")
    upload = SimpleUploadedFile("old.bmp", buffer.getvalue(), content_type="image/bmp")
    response = staff_client.post(UPLOAD_URL, {"image": upload}, **AJAX)
    assert response.status_code == 400
    assert response.json() == {
        "error": "BMP images are not accepted. Upload a JPEG, PNG, WebP or GIF file."
    }


def test_upload_refuses_file_over_the_size_limit(staff_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    response = staff_client.post(UPLOAD_URL, {"image": image_upload(size=(200, 200))}, **AJAX)
    assert response.status_code == 400
    assert response.json()["error"].endswith("images may be at most 100\xa0bytes.")


def test_upload_without_file_says_so(staff_client):
    response = staff_client.post(UPLOAD_URL, {}, **AJAX)
    assert response.status_code == 400
    assert response.json() == {"error": "No image was sent."}


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_upload_accepts_each_allowed_format(staff_client, image_format):
    upload = image_upload(f"x.{image_format.lower()}", image_format=image_format)
    response = staff_client.post(UPLOAD_URL, {"image": upload}, **AJAX)
    assert response.status_code == 200
