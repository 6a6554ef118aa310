"""Plain-text forms of session content, for calendars, feeds and mail."""

import re
from dataclasses import dataclass, field

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


# The speaker line of a calendar description, in English only ("Referent:" is abstract).
SPEAKER_LABEL = re.compile(r"^\s*(?:speakers?|speaker\(s\))\s*:(?P<speakers>.*)$", re.IGNORECASE)
# Between speakers, outside parentheses: "," ";" "&" or the word "and" (also ", and").
SPEAKER_SEPARATOR = re.compile(r"(?:\s*[,;&]\s*|\s+and\s+|(?<=[\s,;&])and\s+)+", re.IGNORECASE)
# Longer lines are not a list of speakers but text that happens to start with "Speaker:".
MAX_SPEAKER_LINE = 1000
MAX_SPEAKERS = 20
NAME_LENGTH, AFFILIATION_LENGTH = 160, 200  # Speaker.name and Speaker.affiliation


class SpeakerLineError(ValueError):
    """The speaker line cannot be read as speakers; the message says why."""


@dataclass
class SpeakerLine:
    speakers: list[dict] = field(default_factory=list)
    abstract: str = ""
    #: Why a line that looks like a speaker line was kept in the abstract ("" if not).
    problem: str = ""


def _outside_parentheses(text: str) -> str:
    """``text`` with everything inside parentheses masked, or SpeakerLineError."""
    masked, depth = [], 0
    for character in text:
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth < 0:
                raise SpeakerLineError("a “)” closes no “(”.")
        masked.append(character if depth == 0 and character != ")" else "\0")
    if depth:
        raise SpeakerLineError("a “(” is never closed.")
    return "".join(masked)


def parse_speaker_line(text: str) -> list[dict]:
    """The speakers of a calendar's speaker line (after "Speakers:"), in order.

    ``Anna Müller (University of Hamburg, Germany), Bo Li (DKRZ) and C. Ødegaard`` →
    three speakers. Speakers are separated by ``,`` ``;`` ``&`` or ``and``; inside
    parentheses nothing separates, so an affiliation may hold commas (and parentheses).
    A speaker is ``Name`` or ``Name (Affiliation)``. Names are written given name first:
    "Müller, Anna" reads as two speakers. Raises SpeakerLineError naming the problem.
    """
    if len(text) > MAX_SPEAKER_LINE:
        raise SpeakerLineError(f"the line is longer than {MAX_SPEAKER_LINE} characters.")
    masked = _outside_parentheses(text)
    entries, start = [], 0
    for separator in SPEAKER_SEPARATOR.finditer(masked):
        entries.append(text[start : separator.start()])
        start = separator.end()
    entries.append(text[start:])
    entries = [entry.strip() for entry in entries if entry.strip()]
    if not entries:
        raise SpeakerLineError("it names nobody.")
    if len(entries) > MAX_SPEAKERS:
        raise SpeakerLineError(f"it names more than {MAX_SPEAKERS} speakers.")
    return [_speaker(entry) for entry in entries]


def _speaker(entry: str) -> dict:
    name, affiliation = entry, ""
    if entry.endswith(")"):
        # The affiliation is the last top-level parenthesis: find where it opens.
        depth = 0
        for position in range(len(entry) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(entry[position], 0)
            if depth == 0:
                name, affiliation = entry[:position].strip(), entry[position + 1 : -1].strip()
                break
    if not name:
        raise SpeakerLineError(f"“{entry}” has no name before the parenthesis.")
    if "(" in name or ")" in name:
        raise SpeakerLineError(f"“{entry}” is not “Name” or “Name (Affiliation)”.")
    if len(name) > NAME_LENGTH:
        raise SpeakerLineError(f"the name “{name[:40]}…” is longer than {NAME_LENGTH} characters.")
    if len(affiliation) > AFFILIATION_LENGTH:
        raise SpeakerLineError(
            f"the affiliation of {name} is longer than {AFFILIATION_LENGTH} characters."
        )
    return {"name": " ".join(name.split()), "affiliation": " ".join(affiliation.split())}


def split_speaker_line(description: str) -> SpeakerLine:
    """A leading "Speaker: …" / "Speakers: …" line, as institute calendars write it.

    The label is English, in any case (``SPEAKER:``, ``speakers :``, ``Speaker(s):``).
    When the line reads as speakers (parse_speaker_line), they are returned and the line
    leaves the abstract; when it does not (unbalanced parentheses, too long, …), the
    description stays the abstract unchanged and ``problem`` says why. Without such a
    line: no speakers, the description unchanged, no problem.
    """
    text = (description or "").strip()
    lines = text.splitlines()
    match = SPEAKER_LABEL.match(lines[0]) if lines else None
    if not match:
        return SpeakerLine(abstract=text)
    try:
        speakers = parse_speaker_line(match["speakers"].strip())
    except SpeakerLineError as error:
        return SpeakerLine(
            abstract=text, problem=f"its speaker line stays in the abstract: {error}"
        )
    return SpeakerLine(speakers=speakers, abstract="\n".join(lines[1:]).strip())
