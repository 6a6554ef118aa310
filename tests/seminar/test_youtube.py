import pytest
from django.core.exceptions import ValidationError

from seminar.models import Session
from seminar.youtube import NotAYouTubeVideo, embed_url, parse_video_id
from tests.factories import SessionFactory

VIDEO = "dQw4w9WgXcQ"

ACCEPTED = [
    f"https://www.youtube.com/watch?v={VIDEO}",
    f"https://youtube.com/watch?v={VIDEO}",
    f"http://www.youtube.com/watch?v={VIDEO}",
    f"https://m.youtube.com/watch?v={VIDEO}",
    f"https://www.youtube.com/watch?v={VIDEO}&t=42s",
    f"https://www.youtube.com/watch?feature=share&v={VIDEO}&list=PL123",
    f"https://youtu.be/{VIDEO}",
    f"https://youtu.be/{VIDEO}?t=120",
    f"https://www.youtube.com/embed/{VIDEO}",
    f"https://www.youtube.com/embed/{VIDEO}?start=10&rel=0",
    f"https://www.youtube-nocookie.com/embed/{VIDEO}",
    f"https://www.youtube.com/live/{VIDEO}?si=abc",
    f"https://youtube.com/shorts/{VIDEO}",
    f"https://www.youtube.com/v/{VIDEO}",
    f"www.youtube.com/watch?v={VIDEO}",
    f"youtu.be/{VIDEO}",
    f"  https://www.youtube.com/watch?v={VIDEO}  ",
    f"https://music.youtube.com/watch?v={VIDEO}",
    VIDEO,
]

REFUSED = [
    f"https://vimeo.com/{VIDEO}",
    f"https://evil.example/watch?v={VIDEO}",
    f"https://youtube.com.evil.example/watch?v={VIDEO}",
    f"https://notyoutube.com/watch?v={VIDEO}",
    "https://www.youtube.com/channel/UCyXAYFO3h-tBIEbPEqMnNKw",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/watch",
    "https://youtu.be/",
    f"javascript:alert('{VIDEO}')",
    f"ftp://youtube.com/watch?v={VIDEO}",
    "not a link at all",
    "[::1",  # urlsplit cannot read these
    "https://[::1/watch",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_parse_video_id_accepts_common_form(url):
    assert parse_video_id(url) == VIDEO


@pytest.mark.parametrize("url", REFUSED)
def test_parse_video_id_refuses_foreign_or_incomplete_link(url):
    with pytest.raises(NotAYouTubeVideo):
        parse_video_id(url)


def test_parse_video_id_names_foreign_host():
    with pytest.raises(NotAYouTubeVideo, match=r"“vimeo\.com” is not a YouTube address\."):
        parse_video_id("https://vimeo.com/123")


def test_embed_url_uses_privacy_enhanced_host():
    assert embed_url(VIDEO) == f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"


@pytest.mark.django_db
def test_session_stores_only_video_id():
    session = SessionFactory(youtube_video=f"https://youtu.be/{VIDEO}?t=5")
    assert Session.objects.get(pk=session.pk).youtube_video == VIDEO


@pytest.mark.django_db
def test_session_with_foreign_video_link_gets_clear_message():
    session = SessionFactory.build(
        series=SessionFactory().series,
        youtube_video="https://vimeo.com/76979871",
        recording_consent=True,
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["youtube_video"] == [
        "“vimeo.com” is not a YouTube address. Paste a YouTube video link (watch, youtu.be, "
        "embed, live or shorts) or the 11-character video id."
    ]
