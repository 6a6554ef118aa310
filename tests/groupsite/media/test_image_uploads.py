"""Uploads on model image fields and in the editor: checked, cleaned, renamed."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from groupsite.media import images
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


def _gif_with_hidden_data(frames=2):
    """An animated GIF with a GPS comment, an XMP block and bytes after its end."""
    pictures = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue", "green")[:frames]]
    buffer = BytesIO()
    pictures[0].save(
        buffer, format="GIF", save_all=True, append_images=pictures[1:],
        duration=[120] * frames, loop=0, comment=b"GPS 53.4084 N 2.9916 W",
    )  # fmt: skip
    packet = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="53,24.5N"/></x:xmpmeta>'
    xmp = b"\x21\xff\x0bXMP DataXMP" + bytes([len(packet)]) + packet + b"\x00"
    data = buffer.getvalue()
    assert data.endswith(b"\x3b")
    data = data[:-1] + xmp + b"\x3b" + b"APPENDED-SECRET-PAYLOAD"
    return SimpleUploadedFile("portrait.gif", data, content_type="image/gif")


def _assert_clean_animation(stored):
    with default_storage.open(stored) as saved:
        data = saved.read()
    for hidden in (b"GPS", b"XMP", b"xmpmeta", b"APPENDED-SECRET"):
        assert hidden not in data
    assert data.endswith(b"\x3b")
    with Image.open(BytesIO(data)) as image:
        assert (image.format, image.size, image.n_frames) == ("GIF", (40, 30), 2)
        assert "comment" not in image.info and "xmp" not in image.info
        colours = []
        for frame in range(2):
            image.seek(frame)
            colours.append(image.convert("RGB").getpixel((5, 5)))
            assert image.info["duration"] == 120
        assert colours == [(255, 0, 0), (0, 0, 255)]


def test_gif_is_stored_animated_without_comment_xmp_or_trailing_bytes(admin_client):
    response = admin_client.post(
        "/admin/people/member/add/", {**member_form(), "photo": _gif_with_hidden_data()}
    )
    assert response.status_code == 302
    stored = Member.objects.get().photo.name
    assert stored.endswith(".gif")
    _assert_clean_animation(stored)


def test_gif_from_the_editor_is_stored_without_hidden_data(admin_client):
    response = admin_client.post(UPLOAD_URL, {"image": _gif_with_hidden_data()}, **AJAX)
    assert response.status_code == 200
    url = response.json()["image_code"].split("(")[1].rstrip(")")
    _assert_clean_animation(url.removeprefix(default_storage.base_url))


def test_jpeg_comment_is_not_stored(admin_client):
    upload = image_upload("c.jpg", image_format="JPEG", comment=b"GPS 53.4084 N")
    admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    with default_storage.open(Member.objects.get().photo.name) as saved:
        assert b"GPS" not in saved.read()


def test_sideways_phone_photo_is_stored_upright(admin_client):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90° clockwise
    upload = image_upload("phone.jpg", size=(80, 60), image_format="JPEG", exif=exif.tobytes())
    admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    with default_storage.open(Member.objects.get().photo.name) as saved, Image.open(saved) as image:
        assert image.size == (60, 80)
        assert 0x0112 not in image.getexif()


def test_animation_over_the_frame_limit_is_refused_with_a_message(admin_client):
    colours = [(number % 256, number // 256, 0) for number in range(images.MAX_FRAMES + 1)]
    pictures = [Image.new("RGB", (4, 4), colour) for colour in colours]
    buffer = BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:])
    upload = SimpleUploadedFile("long.gif", buffer.getvalue(), content_type="image/gif")
    response = admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload})
    assert response.status_code == 200
    assert f"at most {images.MAX_FRAMES} frames" in response.content.decode()
    assert not Member.objects.exists()


def test_an_unreadable_image_is_refused_in_german_under_german():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    upload = SimpleUploadedFile("notes.png", b"not an image at all", content_type="image/png")
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        images.inspect_image(upload)
    with translation.override("de"):
        assert refused.value.messages == [
            "Diese Datei ist kein lesbares Bild. Laden Sie eine JPEG-, PNG-, WebP- oder "
            "GIF-Datei hoch."
        ]
    assert refused.value.messages == [
        "This file is not a readable image. Upload a JPEG, PNG, WebP or GIF file."
    ]
