"""The site's own images: logo with its alt text, partner logos, the share image's size."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
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


def test_header_shows_the_logo_from_site_settings_on_every_page(client, site_settings):
    assert "brand-logo" not in client.get("/people/").content.decode()
    site_settings.logo = image_upload("logo.png", size=(200, 200))
    site_settings.logo_alt = "Group logo"
    site_settings.save()
    html = client.get("/people/").content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.DOTALL)[0]
    assert re.search(
        r'<a class="brand" href="/">\s*<picture>.*class="brand-logo"', header, re.DOTALL
    )
    assert 'alt="Group logo"' in header and '<span class="brand-name">Test Group</span>' in header


def test_landing_page_says_the_group_name_once(client, site_settings):
    html = client.get("/").content.decode()
    assert html.count("<h1>Test Group</h1>") == 1 and 'class="brand-name"' not in html
    site_settings.logo = image_upload("logo.png", size=(200, 200))
    site_settings.logo_alt = "Group logo"
    site_settings.save()
    html = client.get("/").content.decode()
    assert 'class="brand-name"' not in html and 'alt="Group logo"' in html
    assert 'class="quick-links"' not in html  # no second navigation


def test_landing_hero_shows_the_picture_from_site_settings(client, site_settings):
    assert "hero-figure" not in client.get("/").content.decode()
    site_settings.hero_image = image_upload("photo.jpg", size=(1600, 1000), image_format="JPEG")
    site_settings.hero_image_alt = "The group on the Elbe dyke"
    site_settings.hero_caption = "Summer 2026"
    site_settings.save()
    html = client.get("/").content.decode()
    (img,) = re.findall(r'<img [^>]*alt="The group on the Elbe dyke"[^>]*>', html)
    assert 'width="560" height="350"' in img and 'loading="lazy"' not in img
    assert "<figcaption>Summer 2026</figcaption>" in html and "photo.jpg" not in html
    assert '<div class="hero has-figure">' in html


def test_landing_picture_needs_a_description(site_settings):
    site_settings.hero_image = image_upload()
    with pytest.raises(ValidationError, match="Describe the picture"):
        site_settings.full_clean()
