"""One cell of a sheet: formula escaping, and reading text, yes/no, numbers, choices,
links and local date-times as spreadsheet programs write them.

Readers raise ``ValueError`` with a sentence for staff; the plan shows it next to the
column (groupsite.sheets.plan).
"""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from groupsite.localtime import localise, utc_offset

#: A cell starting with one of these runs as a formula when a spreadsheet program opens
#: the file (CSV/XLSX formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"
YES = {"yes", "y", "true", "1", "x", "ja"}
NO = {"no", "n", "false", "0", ""}
DATETIME_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"]
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
#: Times outside these years are refused (a typo, and beyond them time zones overflow).
FIRST_YEAR, LAST_YEAR = 1900, 2199


def escape_formula(value):
    """On export: a text cell that would start a formula gets one leading apostrophe.

    Text that already starts with apostrophes before such a character gets one more, so
    that :func:`unescape_formula` gives back exactly the original text; anything else is
    left as it is (numbers, dates, ordinary text).
    """
    if isinstance(value, str) and value.lstrip(APOSTROPHE).startswith(FORMULA_STARTS):
        return APOSTROPHE + value
    return value


def unescape_formula(value):
    """On import: drop exactly one apostrophe in front of a formula character."""
    if (
        isinstance(value, str)
        and value.startswith(APOSTROPHE)
        and value.lstrip(APOSTROPHE).startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def text(value) -> str:
    """A cell as text: empty cells are "", whole numbers lose the ".0" spreadsheets add."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})


def yes_no(value) -> str:
    return "yes" if value else "no"


def parse_local_datetime(
    value, zone, default_time: time | None = None, column: str = ""
) -> datetime | None:
    """A date and time as spreadsheets hold them; without an offset it is in ``zone``.

    A date without a time of day (a text date, or a date cell, which reaches us as exactly
    midnight) takes ``default_time`` if there is one and is refused otherwise. A local time
    that the zone skips (clocks go forward) is refused; one it has twice (clocks go back)
    is refused unless the cell names its offset, like ``2024-10-27 02:30+01:00``.
    """
    if value in (None, ""):
        return None
    column = column or _("the time")
    if isinstance(value, datetime):
        moment = value
        if timezone.is_naive(moment) and moment.time() == time():
            moment = _date_only(moment.date(), default_time, column)
    elif isinstance(value, date):
        moment = _date_only(value, default_time, column)
    else:
        moment = _parse_datetime_text(text(value), default_time, column)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            _(
                "“%(value)s” is in the year %(year)s; %(column)s must be between "
                "%(first)s and %(last)s. Check the year."
            )
            % {
                "value": text(value),
                "year": moment.year,
                "column": column,
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        )
    if timezone.is_naive(moment):
        moment = localise(moment, zone)
    return moment


def _date_only(day: date, default_time: time | None, column: str) -> datetime:
    if default_time is None:
        raise ValueError(
            _("%(day)s is a date without a time: %(column)s needs a time, like 2024-03-05 15:00.")
            % {"day": f"{day:%Y-%m-%d}", "column": column}
        )
    return datetime.combine(day, default_time)


def _parse_datetime_text(value: str, default_time: time | None, column: str) -> datetime:
    if len(value) <= 10:
        for pattern in DATE_FORMATS:
            try:
                day = datetime.strptime(value, pattern).date()
            except ValueError:
                continue
            return _date_only(day, default_time, column)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    for pattern in DATETIME_FORMATS:
        if moment is not None:
            break
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
    if moment is None:
        raise ValueError(
            _("“%(value)s” is not a date and time like 2024-03-05 15:00.") % {"value": value}
        )
    return moment


def format_local_datetime(value, zone) -> str:
    """``2024-03-05 15:00`` in ``zone``; seconds only where a time has them; the offset
    only where the zone has that local time twice, so that it reads back the same."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        shown += utc_offset(local)
    return shown


def parse_date(value) -> date | None:
    """A day as ``2024-03-05`` (or a date cell); a blank cell is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = text(value)
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date like 2024-03-05.") % {"value": value})


def format_date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def ascii_number(value, noun: str, largest: int) -> int | None:
    """A whole number written with the digits 0-9 (not ², not Arabic-Indic digits), from 0
    to ``largest``; a blank cell is None."""
    value = text(value)
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise ValueError(
            _("“%(value)s” is not %(noun)s; write it with the digits 0-9.")
            % {"value": value, "noun": noun}
        )
    if int(value) > largest:
        raise ValueError(
            _("“%(value)s” is too large for %(noun)s (at most %(largest)s).")
            % {"value": value, "noun": noun, "largest": f"{largest:,}"}
        )
    return int(value)


def https_url(value) -> str:
    """As the admin's link fields do: a link typed without a scheme becomes https://."""
    value = text(value)
    return f"https://{value}" if value and "://" not in value else value


def choice_value(choices, value, column: str):
    """Accept a choice's stored value or its label, in any case."""
    wanted = text(value).lower()
    for stored, label in choices:
        if wanted in (str(stored).lower(), str(label).lower()):
            return stored
    allowed = ", ".join(str(label) for _stored, label in choices)
    raise ValueError(
        _("“%(value)s” is not a %(column)s; use one of: %(allowed)s.")
        % {"value": value, "column": column, "allowed": allowed}
    )


def parse_time(value) -> time | None:
    """A time of day as ``15:00`` (or a time cell); a blank cell is None."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    value = text(value)
    if not value:
        return None
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).time()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a time of day like 15:00.") % {"value": value})


def format_time(value) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M") if value else ""
