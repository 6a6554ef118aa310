from io import BytesIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models
from PIL import Image

from groupsite.markdown.picture_html import markdown_with_pictures
from groupsite.media import renditions
from seminar.text import markdown_to_text
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture(autouse=True, params=["filesystem", "in-memory"])
def media_storage(request, settings, tmp_path):
    """Every rendition test runs on the disk and again on Django's InMemoryStorage: the
    renditions go through the storage API only, so a swapped backend must just work."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "in-memory":
        settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    renditions.forget_known()
    yield request.param
    renditions.forget_known()


def test_the_storage_in_use_is_the_parametrised_one(media_storage):
    default_storage.exists("x")  # make the lazy object choose its backend
    backend = type(default_storage._wrapped).__name__
    assert backend == ("InMemoryStorage" if media_storage == "in-memory" else "FileSystemStorage")


def stored_image(name, size, image_format="JPEG", color=(200, 80, 40), exif=None, mode="RGB"):
    buffer = BytesIO()
    image = Image.new(mode, size, color)
    options = {"exif": exif.tobytes()} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def opened(variant):
    path = variant.url.removeprefix("/media/")
    with default_storage.open(path) as stored:
        image = Image.open(stored)
        image.load()
    return image


def test_portrait_renditions_are_square_webp_and_jpeg_at_1x_and_2x():
    picture = renditions.picture(stored_image("people/a.jpg", (1200, 800)), "portrait")
    assert [(v.width, v.height, v.density) for v in picture.webp] == [(150, 150, 1), (300, 300, 2)]
    assert [opened(v).format for v in picture.webp] == ["WEBP", "WEBP"]
    assert [opened(v).format for v in picture.fallback] == ["JPEG", "JPEG"]
    assert picture.fallback_type == "image/jpeg"


def test_figure_renditions_keep_aspect_and_png_stays_png():
    picture = renditions.picture(stored_image("landing/f.png", (2000, 1000), "PNG"), "figure")
    assert [(v.width, v.height) for v in picture.fallback] == [(480, 240), (960, 480)]
    assert [opened(v).format for v in picture.fallback] == ["PNG", "PNG"]


def test_small_source_is_never_enlarged():
    picture = renditions.picture(stored_image("people/tiny.jpg", (100, 80)), "portrait")
    assert {(v.width, v.height) for v in picture.webp} == {(80, 80)}


def test_exif_orientation_is_applied_and_all_metadata_stripped():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 10.0), 3: "E", 4: (10.0, 25.0, 0.0)}
    name = stored_image("people/rotated.jpg", (400, 200), exif=exif)
    with default_storage.open(name) as original:
        assert Image.open(original).getexif().get(0x8825) is not None  # the original keeps it
    picture = renditions.picture(name, "inline")
    for variant in (*picture.webp, *picture.fallback):
        image = opened(variant)
        assert image.size == (200, 400)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


def test_square_crop_centres_on_the_focal_point():
    buffer = BytesIO()
    image = Image.new("RGB", (300, 100), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))
    image.save(buffer, format="PNG")
    name = default_storage.save("people/focus.png", ContentFile(buffer.getvalue()))
    left = renditions.picture(name, "portrait", (10, 50))
    right = renditions.picture(name, "portrait", (90, 50))
    assert opened(left.fallback[0]).convert("RGB").getpixel((50, 50)) == (255, 0, 0)
    assert opened(right.fallback[0]).convert("RGB").getpixel((50, 50)) == (0, 0, 255)


def test_renditions_are_made_once_even_across_restarts(monkeypatch):
    name = stored_image("people/once.jpg", (800, 800))
    calls = []
    real_make = renditions._make
    monkeypatch.setattr(renditions, "_make", lambda *a: calls.append(a) or real_make(*a))
    first = renditions.picture(name, "portrait")
    renditions.picture(name, "portrait")
    renditions.forget_known()  # what a new worker process starts with
    again = renditions.picture(name, "portrait")
    assert len(calls) == 1
    assert again == first


def test_missing_source_gives_no_picture():
    assert renditions.picture("people/gone.jpg", "portrait") is None


def test_people_page_serves_pictures_not_originals(client, site_settings):
    MemberFactory(role="phd", photo=stored_image("people/p.jpg", (2000, 3000)))
    MemberFactory(role="leader", photo=stored_image("people/l.jpg", (900, 900)))
    html = client.get("/people/").content.decode()
    assert html.count("<picture>") == 2
    assert "people/p.jpg" not in html  # the multi-megabyte original is never sent
    assert '<source type="image/webp" srcset="/media/renditions/p-' in html
    assert 'width="150" height="150" alt="" class="portrait" loading="lazy"' in html
    # The first group is above the fold and loads at once.
    assert 'width="150" height="150" alt="" class="portrait"></picture>' in html


def test_markdown_images_from_uploads_become_pictures():
    name = stored_image("editor/chart.png", (1600, 900), "PNG")
    html = markdown_with_pictures(f"![Sea level](/media/{name})")
    assert html.startswith('<p><picture><source type="image/webp" srcset="/media/renditions/')
    assert " 720w, " in html and ' 1440w"' in html
    assert 'alt="Sea level"' in html


def rendition_files():
    try:
        return sorted(default_storage.listdir(renditions.FOLDER)[1])
    except FileNotFoundError:
        return []


def test_regenerate_command_remakes_every_rendition(capsys):
    member = MemberFactory(photo=stored_image("people/r.jpg", (600, 600)))
    chart = stored_image("editor/chart.png", (900, 600), "PNG")
    portrait = renditions.picture(member.photo.name, "portrait", member.photo_focus)
    inline = renditions.picture(chart, "inline")
    made_on_request = rendition_files()
    assert len(made_on_request) == 8  # two specs with 4 files each
    for name in made_on_request:
        default_storage.delete(f"{renditions.FOLDER}/{name}")
    call_command("regenerate_renditions")
    # portrait, portrait-large (the member's field) and inline (the editor's folder)
    assert "Remade 3 rendition set(s); 0 source(s) could not be read." in capsys.readouterr().out
    assert set(made_on_request) <= set(rendition_files())
    assert len(rendition_files()) == 12
    assert renditions.picture(member.photo.name, "portrait", member.photo_focus) == portrait
    assert renditions.picture(chart, "inline") == inline


@pytest.mark.django_db(transaction=True)
def test_a_newly_registered_image_field_is_regenerated_without_touching_the_core(capsys):
    """An app adds a model with a RenditionImageField; the core finds it by itself."""
    spec = renditions.Spec(width=64)
    poster_model = type(
        "Poster",
        (models.Model,),
        {
            "__module__": "seminar.models",
            "image": renditions.RenditionImageField(upload_to="posters/", specs={"poster": spec}),
            "Meta": type("Meta", (), {"app_label": "seminar"}),
        },
    )
    with connection.schema_editor() as editor:
        editor.create_model(poster_model)
    try:
        assert (poster_model, poster_model._meta.get_field("image")) in list(
            renditions.registered_fields()
        )
        poster_model.objects.create(image=stored_image("posters/p.png", (300, 200), "PNG"))
        call_command("regenerate_renditions")
        assert "Remade 1 rendition set(s)" in capsys.readouterr().out
        assert any("-poster-1x." in name for name in rendition_files())
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(poster_model)
        del apps.all_models["seminar"]["poster"]
        apps.clear_cache()
        renditions.SPECS.pop("poster")


def test_an_unreadable_image_is_tried_again_on_the_next_request():
    assert renditions.picture("people/later.jpg", "portrait") is None
    stored_image("people/later.jpg", (400, 400))
    assert renditions.picture("people/later.jpg", "portrait") is not None


def test_a_spec_name_cannot_be_registered_twice_with_other_values():
    with pytest.raises(ValueError, match="portrait"):
        renditions.register_spec("portrait", renditions.Spec(width=1))


def test_plain_text_of_markdown_opens_no_image_and_keeps_the_alt_text():
    name = stored_image("editor/map.png", (900, 600), "PNG")
    markdown = f"Before ![Sea ice extent](/media/{name}) after ![decorative](/media/{name})"
    with mock.patch.object(default_storage, "open", side_effect=AssertionError("opened")):
        text = markdown_to_text(markdown)
    assert text == "Before [Image: Sea ice extent] after"
    assert rendition_files() == []


def test_render_markdown_is_pure_and_leaves_images_as_plain_img_tags():
    from groupsite.markdown.render import render_markdown

    name = stored_image("editor/pure.png", (900, 600), "PNG")
    with mock.patch.object(default_storage, "open", side_effect=AssertionError("opened")):
        html = render_markdown(f"![Sea level](/media/{name})")
    assert html == f'<p><img src="/media/{name}" alt="Sea level" loading="lazy"></p>'
    assert rendition_files() == []


def test_editor_preview_shows_uploaded_images_as_pictures(admin_client):
    name = stored_image("editor/preview.png", (900, 600), "PNG")
    response = admin_client.post("/markdownx/markdownify/", {"content": f"![Map](/media/{name})"})
    assert response.content.decode().startswith('<p><picture><source type="image/webp"')
