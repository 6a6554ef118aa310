"""Moments inside messages and mail subjects, written in the active language.

Each format is a translatable Django date format (``django.utils.dateformat``), so a German
message says "5. März 2024 um 15:00 Uhr" where the English one says "05 Mar 2024 at 15:00".
The value is written as given: pass it already in the zone the reader expects.
"""

from django.utils import dateformat
from django.utils.translation import pgettext


def moment(value) -> str:
    """A day and time in a sentence: "05 Mar 2024 at 15:00"."""
    # Translators: a Django date format (see the |date filter); backslashes escape letters.
    return dateformat.format(value, pgettext("date format", r"d M Y \a\t H:i"))


def moment_short(value) -> str:
    """A day and time in a table cell or a list: "05 Mar 2024, 15:00"."""
    # Translators: a Django date format; backslashes escape letters.
    return dateformat.format(value, pgettext("date format", "d M Y, H:i"))


def subject_moment(value) -> str:
    """A session's start in a mail subject, with the zone: "Tue 05 Mar, 15:00 CET"."""
    # Translators: a Django date format; backslashes escape letters. T is the time zone.
    return dateformat.format(value, pgettext("date format", "D d M, H:i T"))
