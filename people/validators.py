"""Validation of the profile links a member page shows."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ORCID_PATTERN = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
GITHUB_USER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def orcid_checksum_ok(identifier: str) -> bool:
    """ISO 7064 11,2 check digit, as ORCID defines it."""
    digits = identifier.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def normalise_orcid(value: str) -> str:
    """Accept an ORCID iD bare or as its URL; return the bare iD."""
    match = ORCID_PATTERN.match(value.strip())
    if not match or not orcid_checksum_ok(match.group(1)):
        raise ValidationError(
            _(
                "Enter an ORCID iD like 0000-0002-1825-0097 (or its https://orcid.org/ link); "
                "this one is malformed or its check digit is wrong."
            )
        )
    return match.group(1)


def _split(url: str):
    """``urlsplit``, or None for a link it cannot read (an unclosed "[" of an IPv6 host, …)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def validate_google_scholar(value: str) -> None:
    parts = _split(value)
    if not parts or not parts.netloc.startswith("scholar.google.") or "user=" not in parts.query:
        raise ValidationError(
            _(
                "Enter a Google Scholar profile link, like "
                "https://scholar.google.com/citations?user=XXXXXXXXXXXX."
            )
        )


def normalise_github(value: str) -> str:
    """Accept a GitHub user name or profile URL; return the user name."""
    value = value.strip()
    parts = _split(value if "://" in value else f"https://github.com/{value.lstrip('@')}")
    name = parts.path.strip("/") if parts else ""
    if (
        not parts
        or parts.netloc not in {"github.com", "www.github.com"}
        or not GITHUB_USER.match(name)
    ):
        raise ValidationError(
            _(
                "Enter a GitHub user name (like octocat) or profile link "
                "(https://github.com/octocat)."
            )
        )
    return name


# The profile fields normalise in to_python (people/fields.py); these two stay because
# the initial migrations of people and seminar name them.
def validate_orcid(value: str) -> None:
    normalise_orcid(value)


def validate_github(value: str) -> None:
    normalise_github(value)


def orcid_url(identifier: str) -> str:
    return f"https://orcid.org/{identifier}" if identifier else ""
