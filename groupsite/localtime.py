"""Local times around daylight-saving changes, for every import that reads wall-clock times."""

from datetime import UTC, datetime

from django.utils.translation import gettext as _

SKIPPED = "skipped"
REPEATED = "repeated"


def clock_change(moment: datetime) -> str:
    """Whether the aware local ``moment`` is one the clocks skip (SKIPPED), pass twice
    (REPEATED), or an ordinary time (""). PEP 495: the two folds differ only then."""
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return ""
    wall = moment.replace(tzinfo=None, fold=0)
    if first.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != wall:
        return SKIPPED
    return REPEATED


def localise(moment: datetime, zone) -> datetime:
    """``moment`` (naive) in ``zone``, refusing times the zone skips or has twice."""
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    change = clock_change(first)
    if not change:
        return first
    shown = moment.strftime("%Y-%m-%d %H:%M")
    if change == SKIPPED:
        raise ValueError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks skip that time when they "
                "change for daylight saving. Check the time."
            )
            % {"time": shown, "zone": zone}
        )
    raise ValueError(
        _(
            "%(time)s happens twice in %(zone)s: the clocks go back that night. Add the "
            "offset to say which: %(first)s for the first, %(second)s for the second."
        )
        % {
            "time": shown,
            "zone": zone,
            "first": f"{shown}{utc_offset(first)}",
            "second": f"{shown}{utc_offset(second)}",
        }
    )


def utc_offset(moment: datetime) -> str:
    """``+01:00``, as written after an ISO 8601 time."""
    return moment.isoformat()[-6:]
