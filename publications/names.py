"""Who is who: matching author names on papers to members, by name variants.

"Greenberg, D. S.", "D.S. Greenberg" and "David Greenberg" all match a member named
David Greenberg: the family names must agree (accents and case aside) and the given
names must not contradict each other (initials agree with full names).
"""

import re
import unicodedata
from dataclasses import dataclass

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts


@dataclass(frozen=True)
class NameKey:
    family: str
    given: tuple[str, ...]


def fold(text: str) -> str:
    """Lower case without accents: Sørensen → sorensen, Müller → muller."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("ß", "ss").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _given_tokens(given: str) -> tuple[str, ...]:
    # "D.S." and "D. S." and "David S" all become tokens; hyphenated names count as one.
    spaced = re.sub(r"\.(?=\S)", ". ", given)
    return tuple(token.strip(".") for token in fold(spaced).split() if token.strip("."))


def name_key(family: str, given: str) -> NameKey:
    return NameKey(family=" ".join(fold(family).split()), given=_given_tokens(given))


def parse_name(text: str) -> NameKey:
    """A free-form spelling ("Greenberg, D. S." or "David Greenberg") as a NameKey."""
    try:
        parts = parse_single_name_into_parts(" ".join(text.split()), strict=False)
    except InvalidNameError:
        return NameKey(family=fold(text), given=())
    return name_key(" ".join([*parts.von, *parts.last]), " ".join(parts.first))


def _token_agrees(one: str, other: str) -> bool:
    if len(one) == 1 or len(other) == 1:
        return one[0] == other[0]
    return one == other


def given_names_agree(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """The first given name must agree; further ones only where both spellings have them."""
    if not one or not other:
        return True
    return all(_token_agrees(a, b) for a, b in zip(one, other, strict=False))


def matches(author: NameKey, variant: NameKey) -> bool:
    return author.family == variant.family and given_names_agree(author.given, variant.given)


class MemberIndex:
    """Every member's name variants, looked up by family name."""

    def __init__(self, members):
        self._by_family: dict[str, list[tuple[NameKey, object]]] = {}
        for member in members:
            for variant in member.name_variants:
                key = parse_name(variant)
                self._by_family.setdefault(key.family, []).append((key, member))

    def candidates(self, family: str, given: str) -> list:
        """Members whose name or other spelling fits; more than one means ambiguous."""
        author = name_key(family, given)
        found = []
        for variant, member in self._by_family.get(author.family, []):
            if matches(author, variant) and member not in found:
                found.append(member)
        return found
