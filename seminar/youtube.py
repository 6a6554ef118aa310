"""Turn any common YouTube link into its 11-character video id."""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = {
    "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
    "youtube-nocookie.com", "www.youtube-nocookie.com",
}  # fmt: skip
SHORT_HOSTS = {"youtu.be", "www.youtu.be"}
PATH_PREFIXES = ("embed", "live", "shorts", "v", "e")


class NotAYouTubeVideo(ValueError):
    pass


def parse_video_id(value: str) -> str:
    """Return the video id in ``value`` (a URL or a bare id); raise NotAYouTubeVideo otherwise."""
    value = value.strip()
    if VIDEO_ID.match(value):
        return value
    url = value if "://" in value else f"https://{value}"
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" of an IPv6 host, and the like
        raise NotAYouTubeVideo(
            _("“%(link)s” is not a well-formed link.") % {"link": value}
        ) from None
    if parts.scheme not in {"http", "https"}:
        raise NotAYouTubeVideo(_("Only http and https links are accepted."))
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = ""
    if host in SHORT_HOSTS and segments:
        candidate = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in PATH_PREFIXES:
            candidate = segments[1]
    else:
        raise NotAYouTubeVideo(_("“%(host)s” is not a YouTube address.") % {"host": host or value})
    if not VIDEO_ID.match(candidate):
        raise NotAYouTubeVideo(_("This YouTube link does not point to a single video."))
    return candidate


def watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def embed_url(video_id: str) -> str:
    """The privacy-enhanced player, loaded only after a visitor clicks play."""
    return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
