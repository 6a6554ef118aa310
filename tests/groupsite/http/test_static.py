import re

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_static_files_are_hashed_compressed_and_cached_for_a_year(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    (hashed,) = [p.name for p in (tmp_path / "static" / "css").glob("site.*.css")]
    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / "static" / "css" / f"{hashed}.gz").exists()
    client = Client()  # a new handler, so WhiteNoise indexes the new STATIC_ROOT
    response = client.get(f"/static/css/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response["Content-Encoding"] == "gzip"


def test_unhashed_static_files_are_not_cached_for_long(client):
    # Without a hash in the name a file may change under the same URL.
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
