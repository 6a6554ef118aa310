"""Plain-text forms of session content, for calendars, feeds and mail."""

import re

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


SPEAKER_LINE = re.compile(r"^\s*speakers?\s*:\s*(?P<speakers>.+?)\s*$", re.IGNORECASE)
NAME_AND_AFFILIATION = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>.*)\))?$")


def parse_speakers(text: str) -> list[dict]:
    """``"Ada Lovelace (Analytical Engines); Jörg Müller"`` → names and affiliations.

    Entries are separated by semicolons (affiliations often contain commas); the
    affiliation is everything inside the outermost parentheses after the name.
    """
    speakers = []
    for entry in (text or "").split(";"):
        entry = entry.strip()
        if not entry:
            continue
        match = NAME_AND_AFFILIATION.match(entry)
        if not match:
            raise ValueError(f"“{entry}” is not “Name” or “Name (Affiliation)”.")
        speakers.append(
            {"name": match["name"].strip(), "affiliation": (match["affiliation"] or "").strip()}
        )
    return speakers


def format_speakers(speakers) -> str:
    """The inverse of parse_speakers, for Speaker objects or dicts."""
    entries = []
    for speaker in speakers:
        name, affiliation = (
            (speaker["name"], speaker["affiliation"])
            if isinstance(speaker, dict)
            else (speaker.name, speaker.affiliation)
        )
        entries.append(f"{name} ({affiliation})" if affiliation else name)
    return "; ".join(entries)


def split_speaker_line(description: str) -> tuple[list[dict], str]:
    """A leading "Speaker: …" / "Speakers: …" line, as institute calendars write it.

    Returns the speakers and the description without that line; without such a line,
    no speakers and the description unchanged.
    """
    lines = (description or "").strip().splitlines()
    match = SPEAKER_LINE.match(lines[0]) if lines else None
    if not match:
        return [], (description or "").strip()
    try:
        speakers = parse_speakers(match["speakers"])
    except ValueError:
        return [], (description or "").strip()
    return speakers, "\n".join(lines[1:]).strip()
