"""Bounds on markdown text, so that no text can make rendering slow.

Python-Markdown's inline patterns take time that grows with the square of the number of
open brackets and emphasis marks in a paragraph (15 KB of "[" took 22 s). Text within
these bounds renders in well under a second (bench/render.py); real text stays far
below them. Every markdown field checks them when it is saved (admin, imports, services).
"""

import re

from django.core.exceptions import ValidationError

MAX_CHARACTERS = 30_000
MAX_BRACKETS_PER_PARAGRAPH = 50
MAX_BRACKETS = 600
MAX_EMPHASIS_PER_PARAGRAPH = 150
MAX_TAGS_PER_PARAGRAPH = 100  # "<" opens raw HTML and autolinks, as slow as "["
MAX_TAGS = 1_000
MAX_NESTING = 10

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+")
LIST_INDENT = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]")


def markdown_problems(text: str | None) -> list[str]:
    """What makes ``text`` too costly to render, in words an editor understands."""
    text = text or ""
    problems = []
    if len(text) > MAX_CHARACTERS:
        problems.append(
            f"The text has {len(text):,} characters; at most {MAX_CHARACTERS:,} are allowed. "
            "Split it into several pages or sections."
        )
    if text.count("[") > MAX_BRACKETS:
        problems.append(
            f"The text has {text.count('['):,} “[” brackets; at most {MAX_BRACKETS:,} "
            "(links and images) are allowed in one text."
        )
    if text.count("<") > MAX_TAGS:
        problems.append(
            f"The text has {text.count('<'):,} “<” signs; at most {MAX_TAGS:,} are allowed in "
            "one text."
        )
    for number, paragraph in enumerate(PARAGRAPH_BREAK.split(text), start=1):
        if paragraph.count("<") > MAX_TAGS_PER_PARAGRAPH:
            problems.append(
                f"Paragraph {number} has {paragraph.count('<')} “<” signs; at most "
                f"{MAX_TAGS_PER_PARAGRAPH} are allowed in one paragraph."
            )
        if paragraph.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
            problems.append(
                f"Paragraph {number} has {paragraph.count('[')} “[” brackets; at most "
                f"{MAX_BRACKETS_PER_PARAGRAPH} are allowed in one paragraph."
            )
        emphasis = paragraph.count("*") + paragraph.count("_")
        if emphasis > MAX_EMPHASIS_PER_PARAGRAPH:
            problems.append(
                f"Paragraph {number} has {emphasis} “*” or “_” marks; at most "
                f"{MAX_EMPHASIS_PER_PARAGRAPH} are allowed in one paragraph."
            )
    deepest = max((_depth(line) for line in text.splitlines()), default=0)
    if deepest > MAX_NESTING:
        problems.append(
            f"Quotes or lists are nested {deepest} levels deep; at most {MAX_NESTING} are allowed."
        )
    return problems


def _depth(line: str) -> int:
    quotes = QUOTE_PREFIX.match(line)
    if quotes:
        return quotes[0].count(">")
    item = LIST_INDENT.match(line)
    if item:
        return 1 + len(item[1].expandtabs(4)) // 2
    return 0


def validate_markdown_limits(text: str | None) -> None:
    problems = markdown_problems(text)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="too_complex") for problem in problems]
        )
