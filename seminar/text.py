"""Plain-text forms of session content, for calendars, feeds and mail."""

from groupsite.markdown import render_plain_text
from groupsite.seo import absolute_url


def markdown_to_text(text: str) -> str:
    """Never reads an image file: images become their alt text."""
    return render_plain_text(text)


def absolute(url: str, base_url: str) -> str:
    """Media URLs are site paths unless storage lives elsewhere (then they are absolute)."""
    return url if "://" in url else absolute_url(base_url, url)


def session_summary(session, base_url: str) -> str:
    """Speakers, abstract and links as plain text."""
    lines = []
    speakers = [str(speaker) for speaker in session.speakers.all()]
    if speakers:
        lines.append(("Speakers: " if len(speakers) > 1 else "Speaker: ") + "; ".join(speakers))
    if session.status_note:
        lines.append(f"{session.get_status_display()}: {session.status_note}")
    abstract = markdown_to_text(session.abstract)
    if abstract:
        lines += ["", abstract]
    lines += ["", f"Details: {absolute_url(base_url, session)}"]
    if session.public_livestream_url:
        lines.append(f"Live stream: {session.public_livestream_url}")
    if session.slides:
        lines.append(f"Slides (PDF): {absolute(session.slides.url, base_url)}")
    if session.recording_url:
        lines.append(f"Recording: {session.recording_url}")
    return "\n".join(lines).strip()
