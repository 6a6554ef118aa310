"""Series as spreadsheet rows, matched by slug (sessions: seminar.session_sheet)."""

from django.utils.translation import gettext_lazy as _

from groupsite.sheets import cells
from groupsite.sheets.models import KEEP, ModelSheet
from groupsite.sheets.plan import Column
from seminar.models import Series, Weekday


def _weekday(value):
    """A weekday by name or number (Tuesday, tuesday, 1); a blank cell keeps the stored one."""
    if not cells.text(value):
        return KEEP
    return int(cells.choice_value(Weekday.choices, value, "weekday"))


def _weekday_name(series) -> str:
    weekday = series.default_weekday
    return "" if weekday is None else Weekday(weekday).label


class SeriesSheet(ModelSheet):
    model = Series
    key = "slug"
    columns = (
        Column("slug", _("Address (slug)"), _("The series page's address: /seminar/slug/.")),
        Column("name"),
        Column("description", help=_("Markdown.")),
        Column("cadence", help=_("In words, like “Weekly on Tuesdays, 15:00”.")),
        Column("language", help=_("en or de: the language its talks are usually given in.")),
        Column("time_zone", help=_("A zone name, like Europe/Berlin.")),
        Column("default_weekday", read=_weekday, write=_weekday_name,
               help=_("A weekday's name, like Tuesday.")),
        Column("default_start_time", help=_("Like 15:00.")),
        Column("default_duration_minutes"),
        Column("default_location"),
        Column("youtube_channel_url", help=_("A link; https:// is added if it has no scheme.")),
        Column("mailing_list_url", help=_("A link; https:// is added if it has no scheme.")),
        Column("announcement_email"),
        Column("published", help=_("yes or no; a blank cell keeps what the site has.")),
    )  # fmt: skip
    sample = {
        "slug": "example-seminar",
        "name": "Machine Learning Seminar",
        "description": "Talks on machine learning for Earth-system science.",
        "description_de": "Vorträge über maschinelles Lernen für die Erdsystemforschung.",
        "cadence": "Weekly on Tuesdays, 15:00",
        "cadence_de": "Wöchentlich dienstags, 15:00 Uhr",
        "language": "en",
        "time_zone": "Europe/Berlin",
        "default_weekday": "Tuesday",
        "default_start_time": "15:00",
        "default_duration_minutes": 60,
        "default_location": "Seminar room 2",
        "published": "yes",
    }
