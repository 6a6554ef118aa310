"""The member admin: bad photo uploads get one clear error and store nothing; the crop preview."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.models import Member, Position
from tests.admin_forms import in_english, member_form
from tests.factories import MemberFactory, image_upload
from tests.forms import form_data

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'

ORCID_MESSAGE = "this one is malformed or its check digit is wrong."
GITHUB_MESSAGE = "Enter a GitHub user name (like octocat) or profile link"


def truncated_png():
    whole = image_upload("cut.png", size=(300, 300), color="red").read()
    return SimpleUploadedFile("cut.png", whole[: len(whole) // 2], content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("x.svg", SVG, content_type="image/svg+xml"),
         "Upload a valid image"),
        (truncated_png, "Upload a valid image"),
        (lambda: image_upload("big.png", size=(600, 600)), "images may be at most 2.0\xa0KB"),
    ],
    ids=["svg", "truncated", "too-big"],
)  # fmt: skip
def test_bad_photo_is_refused_with_one_clear_error(admin_client, settings, upload, message):
    settings.IMAGE_UPLOAD_MAX_BYTES = 2000
    response = admin_client.post("/admin/people/member/add/", {**member_form(), "photo": upload()})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["photo"]
    (error,) = errors["photo"]
    assert message in error
    assert not Member.objects.exists()
    media = settings.MEDIA_ROOT
    assert not [path for path in media.rglob("*") if path.is_file() and "members" in str(path)]


def two_colour_photo():
    """Red on the left half, blue on the right: the crop shows which side the focus picked."""
    image = Image.new("RGB", (600, 300), "red")
    image.paste((0, 0, 255), (300, 0, 600, 300))
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("two.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(("focus_x", "colour"), [(0, "red"), (100, "blue")])
def test_change_form_previews_the_square_crop_around_the_focus(admin_client, focus_x, colour):
    member = MemberFactory(photo=two_colour_photo(), photo_focus_x=focus_x, photo_focus_y=50)
    html = admin_client.get(f"/admin/people/member/{member.pk}/change/").content.decode()
    assert "Square crop as shown on the site" in html
    previews = re.findall(r'<img src="/media/([^"]+)" alt="" class="admin-thumbnail">', html)
    (preview,) = previews
    with default_storage.open(preview) as stored:
        image = Image.open(BytesIO(stored.read())).convert("RGB")
    assert image.size == (240, 240)
    red, _, blue = image.getpixel((120, 120))
    assert (red > blue) == (colour == "red")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("orcid", "0000-0002-1825-0098", ORCID_MESSAGE),  # wrong check digit
        ("orcid", "https://example.org/0000-0002-1825-0097", ORCID_MESSAGE),
        ("github", "https://gitlab.com/octocat", GITHUB_MESSAGE),
        ("github", "octo--cat", GITHUB_MESSAGE),
        ("github", "https://[x", GITHUB_MESSAGE),  # urlsplit cannot read it
        ("github", "https://[::1/octocat", GITHUB_MESSAGE),
    ],
)
def test_bad_profile_link_gets_exactly_one_message(admin_client, field, value, message):
    response = admin_client.post("/admin/people/member/add/", member_form(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(message) == 1
    assert f'value="{value}"' in html  # the input is kept for correcting
    assert not Member.objects.exists()


def test_profile_links_are_stored_bare(admin_client):
    form = member_form(orcid="https://orcid.org/0000-0002-1825-0097", github="@octocat")
    response = admin_client.post("/admin/people/member/add/", form)
    assert response.status_code == 302
    member = Member.objects.get()
    assert (member.orcid, member.github) == ("0000-0002-1825-0097", "octocat")


def test_staff_give_a_position_its_teaser_place_start_and_duration(admin_client):
    page = admin_client.get("/admin/people/position/add/").content.decode()
    for name in ("teaser", "place", "start", "duration"):
        assert f'name="{name}_en"' in page and f'name="{name}_de"' in page
    assert "as soon as possible" in page  # the help text
    data = form_data(page, "position_form") | in_english({
        "title": "PhD on mixing", "slug": "phd-mixing", "level": "phd",
        "description": "Join us.", "contact_email": "jobs@example.org", "published": "on",
        "teaser": "Three years on mixing.", "place": "Geesthacht", "start": "1 October 2027",
        "duration": "3 years",
    }, Position)  # fmt: skip
    assert admin_client.post("/admin/people/position/add/", data).status_code == 302
    position = Position.objects.get(slug="phd-mixing")
    assert (position.teaser, position.place, position.start, position.duration) == (
        "Three years on mixing.", "Geesthacht", "1 October 2027", "3 years",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("label", "shown"),
    [("alumna", "Alumna"), ("alumnus", "Alumnus"), ("former", "Former member")],
)
def test_a_member_who_left_is_named_in_the_form_they_chose(admin_client, label, shown):
    MemberFactory(name="Left", end_date=date(2020, 1, 31), alumni_label=label)
    MemberFactory(name="Here")
    html = admin_client.get("/admin/people/member/").content.decode()
    statuses = re.findall(r'<td class="field-status">([^<]*)</td>', html)
    assert sorted(statuses) == sorted([shown, "Current"])


def test_the_alumni_label_is_neutral_unless_chosen(admin_client):
    admin_client.post("/admin/people/member/add/", {**member_form(), "alumni_label": ""})
    assert not Member.objects.exists()  # a choice is required; the form offers the three
    html = admin_client.get("/admin/people/member/add/").content.decode()
    assert '<option value="former" selected>Former member</option>' in html
    assert '<option value="alumna">Alumna</option>' in html
    assert MemberFactory().alumni_label == "former"
