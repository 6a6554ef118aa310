"""The site's own images: logo with its alt text, partner logos, the share image's size."""

import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from groupsite.site.models import PartnerLogo
from tests.factories import image_upload

pytestmark = pytest.mark.django_db


def image_at(url: str) -> Image.Image:
    path = url.split("/media/", 1)[1]
    with default_storage.open(path) as stored:
        return Image.open(BytesIO(stored.read()))


def test_logo_is_a_48px_rendition_with_its_alt_text(client, site_settings):
    site_settings.logo = image_upload("logo.png", size=(400, 200))
    site_settings.logo_alt = "Group logo: a wave over a grid"
    site_settings.save()
    html = client.get("/").content.decode()
    (img,) = re.findall(r'<img [^>]*class="brand-logo"[^>]*>', html)
    assert 'alt="Group logo: a wave over a grid"' in img
    assert 'width="96" height="48"' in img
    (source,) = re.findall(r'src="(/media/[^"]+)"', img)
    assert image_at(source).size == (96, 48)
    assert "logo.png" not in html  # never the original


def test_partner_logos_are_renditions_named_by_the_partner(client, site_settings):
    PartnerLogo.objects.create(
        site_settings=site_settings, name="Helmholtz AI", url="https://partner.example/",
        logo=image_upload("partner.png", size=(300, 300)),
    )  # fmt: skip
    html = client.get("/").content.decode()
    (img,) = re.findall(r'<img [^>]*alt="Helmholtz AI"[^>]*>', html)
    assert 'height="48"' in img and "partner.png" not in img


def test_share_image_is_exactly_1200_by_630(client, site_settings):
    site_settings.share_image = image_upload("share.jpg", size=(2000, 1500), image_format="JPEG")
    site_settings.save()
    html = client.get("/").content.decode()
    (url,) = re.findall(
        r'<meta property="og:image" content="http://testserver(/media/[^"]+)"', html
    )
    assert image_at(url).size == (1200, 630)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
