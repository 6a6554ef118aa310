"""No stored image, however odd, can take a page down."""

import logging
import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from groupsite.media import renditions
from tests.factories import LandingSectionFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_renditions():
    renditions.forget_known()
    yield
    renditions.forget_known()


def stored_png(name: str, size) -> str:
    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def test_an_image_taller_than_webp_allows_is_shown_scaled_down(client, site_settings):
    # Stored before uploads were limited: 300 x 20000 px, the figure spec keeps its width.
    name = stored_png("landing/very-long-figure.png", (300, 20_000))
    LandingSectionFactory(figure=name, figure_alt="A long profile")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    image = re.search(r'<img [^>]*alt="A long profile"[^>]*>', html)[0]
    assert 'height="16383"' in image
    assert 'width="245"' in image


def test_a_markdown_image_path_leaving_the_media_folder_is_left_alone(
    client, site_settings, caplog
):
    PageFactory(slug="odd", body="![a secret](/media/../settings.py)")
    with caplog.at_level(logging.WARNING, logger="groupsite.media.renditions"):
        response = client.get("/odd/")
    assert response.status_code == 200
    assert '<img src="/media/../settings.py" alt="a secret" loading="lazy">' in (
        response.content.decode()
    )
    assert "leaves the media folder" in caplog.text


def test_a_rendition_that_fails_is_logged_and_the_page_still_answers(
    client, site_settings, monkeypatch, caplog
):
    name = stored_png("landing/figure.png", (600, 400))
    LandingSectionFactory(figure=name, figure_alt="A figure", heading="Still here")

    def broken(*args, **kwargs):
        raise ValueError("encoder exploded")

    monkeypatch.setattr(renditions, "_make", broken)
    with caplog.at_level(logging.WARNING, logger="groupsite.media.renditions"):
        response = client.get("/")
    assert response.status_code == 200
    assert "Still here" in response.content.decode()
    assert "encoder exploded" in caplog.text
