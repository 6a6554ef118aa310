"""Plain-text forms of session content, for calendars, feeds and mail."""

from groupsite.markdown import render_plain_text
from groupsite.seo import absolute_url


def markdown_to_text(text: str) -> str:
    """Never reads an image file: images become their alt text."""
    return render_plain_text(text)


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
    if session.livestream_url:
        lines.append(f"Live stream: {session.livestream_url}")
    if session.recording_url:
        lines.append(f"Recording: {session.recording_url}")
    return "\n".join(lines).strip()
