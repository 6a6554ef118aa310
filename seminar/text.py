"""Plain-text forms of session content, for calendars, feeds and mail."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groupsite.content.seo import absolute_url
from groupsite.markdown.render import render_plain_text


def markdown_to_text(text: str) -> str:
    """Never reads an image file: images become their alt text."""
    return render_plain_text(text)


def absolute(url: str, base_url: str) -> str:
    """Media URLs are site paths unless storage lives elsewhere (then they are absolute)."""
    return url if "://" in url else absolute_url(base_url, url)


def session_summary(session, base_url: str) -> str:
    """Speakers, abstract and links as plain text, in the active language."""
    lines = []
    speakers = [str(speaker) for speaker in session.speakers.all()]
    if speakers:
        lines.append(
            ngettext("Speaker: %(speakers)s", "Speakers: %(speakers)s", len(speakers))
            % {"speakers": "; ".join(speakers)}
        )
    if session.status_note:
        lines.append(f"{session.get_status_display()}: {session.status_note}")
    abstract = markdown_to_text(session.abstract)
    if abstract:
        lines += ["", abstract]
    lines += ["", _("Details: %(url)s") % {"url": absolute_url(base_url, session)}]
    if session.public_livestream_url:
        lines.append(_("Live stream: %(url)s") % {"url": session.public_livestream_url})
    if session.slides:
        slides = absolute(session.slides.url, base_url)
        lines.append(_("Slides (PDF): %(url)s") % {"url": slides})
    if session.recording_url:
        lines.append(_("Recording: %(url)s") % {"url": session.recording_url})
    return "\n".join(lines).strip()


# Speakers and references as text ---------------------------------------------------------
#
# One tokenizer reads both speaker grammars: the sheet's ``speakers`` column (entries
# separated by ``;``) and a calendar's speaker line (``,`` ``;`` ``&`` or ``and``). A
# speaker is ``Name`` or ``Name (Affiliation)``; the affiliation is the last top-level
# parenthesis and may hold parentheses and separators of its own. A backslash makes the
# next character plain text when it is one of the grammar's special characters
# (``\ ; ( ) , &`` for speakers, ``\ |`` for references); before any other character a
# backslash is itself, so ``C:\Temp`` stays as typed. Exports escape every special
# character that would otherwise be read as syntax, so any text reads back exactly.

SPEAKER_SPECIALS = frozenset("\\;(),&")
REFERENCE_SPECIALS = frozenset("\\|")
# Between speakers, outside parentheses: "," ";" "&" or the word "and" (also ", and").
SPEAKER_SEPARATOR = re.compile(r"(?:\s*[,;&]\s*|\s+and\s+|(?<=[\s,;&])and\s+)+", re.IGNORECASE)
SHEET_SEPARATOR = re.compile(r";")
# Longer lines are not a list of speakers but text that happens to start with "Speaker:".
MAX_SPEAKER_LINE = 1000
MAX_SPEAKERS = 20
NAME_LENGTH, AFFILIATION_LENGTH = 160, 200  # Speaker.name and Speaker.affiliation

#: A character and whether a backslash made it plain text.
Char = tuple[str, bool]


class SpeakerLineError(ValueError):
    """The speakers cannot be read; the message says why."""


def _scan(text: str, specials: frozenset) -> list[Char]:
    chars, position = [], 0
    while position < len(text):
        character = text[position]
        following = text[position + 1 : position + 2]
        if character == "\\" and following and following in specials:
            chars.append((text[position + 1], True))
            position += 2
        else:
            chars.append((character, False))
            position += 1
    return chars


def _plain(chars: list[Char]) -> str:
    return "".join(character for character, _ in chars)


def _written(chars: list[Char]) -> str:
    """The characters as they were written, escapes included (for messages)."""
    return "".join("\\" + c if escaped else c for c, escaped in chars)


def _trim(chars: list[Char]) -> list[Char]:
    start, end = 0, len(chars)
    while start < end and chars[start][0].isspace() and not chars[start][1]:
        start += 1
    while end > start and chars[end - 1][0].isspace() and not chars[end - 1][1]:
        end -= 1
    return chars[start:end]


def _outside_parentheses(chars: list[Char]) -> str:
    """The text with escaped characters and everything inside parentheses masked."""
    masked, depth = [], 0
    for character, escaped in chars:
        if not escaped and character == "(":
            depth += 1
        elif not escaped and character == ")":
            depth -= 1
            if depth < 0:
                raise SpeakerLineError("a “)” closes no “(”.")
        visible = depth == 0 and not escaped and character != ")"
        masked.append(character if visible else "\0")
    if depth:
        raise SpeakerLineError("a “(” is never closed.")
    return "".join(masked)


def _entries(text: str, separator: re.Pattern) -> list[list[Char]]:
    """The speakers' texts between separators outside parentheses (blanks left out)."""
    chars = _scan(text, SPEAKER_SPECIALS)
    entries, start = [], 0
    for match in separator.finditer(_outside_parentheses(chars)):
        entries.append(chars[start : match.start()])
        start = match.end()
    entries.append(chars[start:])
    return [entry for entry in map(_trim, entries) if entry]


def _name_and_affiliation(entry: list[Char], hint: str = "") -> tuple[str, str]:
    """``Name`` or ``Name (Affiliation)``; the parentheses are balanced already."""
    name, affiliation = entry, []
    if entry[-1] == (")", False):
        depth = 0
        for position in range(len(entry) - 1, -1, -1):
            character, escaped = entry[position]
            if not escaped:
                depth += {")": 1, "(": -1}.get(character, 0)
            if depth == 0:
                name, affiliation = _trim(entry[:position]), entry[position + 1 : -1]
                break
    if not name:
        raise SpeakerLineError(f"“{_written(entry)}” has no name before the parenthesis.")
    if ("(", False) in name or (")", False) in name:
        raise SpeakerLineError(f"“{_written(entry)}” is not “Name” or “Name (Affiliation)”.{hint}")
    return _plain(name), _plain(_trim(affiliation))


def parse_speakers(text: str) -> list[dict]:
    """A sheet's speakers: ``"Ada Lovelace (Analytical Engines); Jörg Müller"``.

    Entries are separated by ``;`` outside parentheses (affiliations often contain commas,
    and may hold ``;`` and parentheses of their own). ``\\;`` ``\\(`` ``\\)`` ``\\\\`` are a
    plain ``;`` ``(`` ``)`` ``\\`` (format_speakers writes them). Raises SpeakerLineError
    (a ValueError) naming the problem.
    """
    hint = " Write \\( and \\) for parentheses that are part of the name."
    return [
        {"name": name.strip(), "affiliation": affiliation.strip()}
        for name, affiliation in (
            _name_and_affiliation(entry, hint) for entry in _entries(text or "", SHEET_SEPARATOR)
        )
    ]


def _escaped(text: str, specials: str) -> str:
    return "".join("\\" + character if character in specials else character for character in text)


def _escaped_affiliation(affiliation: str) -> str:
    """Backslashes, and only the parentheses that have no partner, are escaped: inside the
    affiliation's own parentheses balanced pairs and ``;`` are plain already."""
    unmatched, open_positions = set(), []
    for position, character in enumerate(affiliation):
        if character == "(":
            open_positions.append(position)
        elif character == ")":
            if open_positions:
                open_positions.pop()
            else:
                unmatched.add(position)
    unmatched.update(open_positions)
    return "".join(
        "\\" + character if character == "\\" or position in unmatched else character
        for position, character in enumerate(affiliation)
    )


def format_speakers(speakers) -> str:
    """The inverse of parse_speakers, for Speaker objects or dicts: any names and
    affiliations read back exactly."""
    entries = []
    for speaker in speakers:
        name, affiliation = (
            (speaker["name"], speaker["affiliation"])
            if isinstance(speaker, dict)
            else (speaker.name, speaker.affiliation)
        )
        name = _escaped(name, "\\;()")
        entries.append(f"{name} ({_escaped_affiliation(affiliation)})" if affiliation else name)
    return "; ".join(entries)


def split_escaped(text: str, separator: str, specials: frozenset = REFERENCE_SPECIALS) -> list[str]:
    """``text`` split at each ``separator`` no backslash escapes; the parts unescaped and
    stripped."""
    parts, current = [], []
    for character, escaped in _scan(text, specials):
        if character == separator and not escaped:
            parts.append(current)
            current = []
        else:
            current.append((character, escaped))
    parts.append(current)
    return [_plain(_trim(part)) for part in parts]


def join_escaped(parts, joiner: str, specials: str) -> str:
    """The inverse of split_escaped: the parts joined by ``joiner`` (the separator and
    spaces), each part's ``specials`` (the separator and the backslash) escaped."""
    return joiner.join(_escaped(part, specials) for part in parts)


# The speaker line of a calendar description, in English only ("Referent:" is abstract).
SPEAKER_LABEL = re.compile(r"^\s*(?:speakers?|speaker\(s\))\s*:(?P<speakers>.*)$", re.IGNORECASE)


@dataclass
class SpeakerLine:
    speakers: list[dict] = field(default_factory=list)
    abstract: str = ""
    #: Why a line that looks like a speaker line was kept in the abstract ("" if not).
    problem: str = ""


def parse_speaker_line(text: str) -> list[dict]:
    """The speakers of a calendar's speaker line (after "Speakers:"), in order.

    ``Anna Müller (University of Hamburg, Germany), Bo Li (DKRZ) and C. Ødegaard`` →
    three speakers. Speakers are separated by ``,`` ``;`` ``&`` or ``and``; inside
    parentheses nothing separates, so an affiliation may hold commas (and parentheses).
    A speaker is ``Name`` or ``Name (Affiliation)``; a backslash escapes a separator or
    parenthesis as in the sheet. Names are written given name first: "Müller, Anna"
    reads as two speakers. Runs of spaces become one. Raises SpeakerLineError naming the
    problem.
    """
    if len(text) > MAX_SPEAKER_LINE:
        raise SpeakerLineError(f"the line is longer than {MAX_SPEAKER_LINE} characters.")
    entries = _entries(text, SPEAKER_SEPARATOR)
    if not entries:
        raise SpeakerLineError("it names nobody.")
    if len(entries) > MAX_SPEAKERS:
        raise SpeakerLineError(f"it names more than {MAX_SPEAKERS} speakers.")
    speakers = []
    for entry in entries:
        name, affiliation = (" ".join(part.split()) for part in _name_and_affiliation(entry))
        if len(name) > NAME_LENGTH:
            raise SpeakerLineError(
                f"the name “{name[:40]}…” is longer than {NAME_LENGTH} characters."
            )
        if len(affiliation) > AFFILIATION_LENGTH:
            raise SpeakerLineError(
                f"the affiliation of {name} is longer than {AFFILIATION_LENGTH} characters."
            )
        speakers.append({"name": name, "affiliation": affiliation})
    return speakers


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
