import pytest

from people.models import Member

pytestmark = pytest.mark.django_db

ORCID_MESSAGE = "this one is malformed or its check digit is wrong."
GITHUB_MESSAGE = "Enter a GitHub user name (like octocat) or profile link"


def member_form(**overrides):
    return {
        "name": "Ada Lovelace",
        "slug": "ada-lovelace",
        "role": "postdoc",
        "title": "",
        "bio": "",
        "photo_focus_x": "50",
        "photo_focus_y": "35",
        "published": "on",
        "email": "",
        "homepage": "",
        "orcid": "",
        "google_scholar": "",
        "github": "",
        "now_at": "",
        "display_order": "0",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("orcid", "0000-0002-1825-0098", ORCID_MESSAGE),  # wrong check digit
        ("orcid", "https://example.org/0000-0002-1825-0097", ORCID_MESSAGE),
        ("github", "https://gitlab.com/octocat", GITHUB_MESSAGE),
        ("github", "octo--cat", GITHUB_MESSAGE),
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
