"""The one bound on markdown text: its length.

The parser (markdown-it-py) takes time linear in the text whatever it holds: runs of
"[", "<" or "*", and quotes or lists nested thousands deep, all render in about the same
time per character (bench/markdown.py). So the length bounds the time: the worst text at
the limit renders in about a second, real text in milliseconds. Every markdown field
checks it when it is saved (admin, imports, services, speaker form).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_CHARACTERS = 30_000

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def markdown_problems(text: str | None) -> list[str]:
    """Why ``text`` cannot be saved, in words an editor understands (empty when it can)."""
    text = text or ""
    if len(text) > MAX_CHARACTERS:
        return [
            _(
                "The text has %(count)s characters; at most %(limit)s are allowed. "
                "Split it into several pages or sections."
            )
            % {"count": grouped(len(text)), "limit": grouped(MAX_CHARACTERS)}
        ]
    return []


def grouped(number: int) -> str:
    """A count with the language's thousands separator: 30,000 in English, 30.000 in German."""
    return number_format(number, force_grouping=True)


def validate_markdown_limits(text: str | None) -> None:
    problems = markdown_problems(text)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="too_complex") for problem in problems]
        )
