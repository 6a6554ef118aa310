"""A word-level diff of two texts as HTML: what went marked <del>, what came marked <ins>.

For review screens (a speaker's proposed title or abstract against what the site shows).
Every piece of text is escaped; only the <del>, <ins> and <br> tags are markup.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words (letters, digits, and the apostrophes and hyphens inside them), runs of white
# space, and every other character on its own: markdown's *, [ and ( change as units.
TOKEN = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def _html(tokens: list[str]) -> str:
    return escape("".join(tokens)).replace("\n", "<br>\n")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` as HTML, with words not in ``old`` in <ins> and words gone from it in <del>.

    Changes apart only by white space are marked as one (“<del>the cat</del> <ins>a
    dog</ins>”, not word by word); a space parts what went from what came.
    """
    before, after = _tokens(old), _tokens(new)
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    parts, gone, came = [], [], []

    def flush():
        if gone:
            parts.append(f"<del>{_html(gone)}</del>")
        if gone and came:
            parts.append(" ")  # else the struck and the new word read as one: "FlowsNormalizing"
        if came:
            parts.append(f"<ins>{_html(came)}</ins>")
        gone.clear()
        came.clear()

    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "equal":
            gone.extend(before[i1:i2])
            came.extend(after[j1:j2])
            continue
        between_changes = (gone or came) and index + 1 < len(opcodes)
        if between_changes and not "".join(after[j1:j2]).strip():
            gone.extend(before[i1:i2])
            came.extend(after[j1:j2])
            continue
        flush()
        parts.append(_html(after[j1:j2]))
    flush()
    return mark_safe("".join(parts))  # every piece of text is escaped above
