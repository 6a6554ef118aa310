"""Series as spreadsheet rows (django-import-export), until they move to groupsite.sheets;
sessions: seminar.session_sheet."""

from import_export import fields, widgets

from groupsite.sheets.spreadsheets import (
    ChoiceWidget,
    ContentResource,
    HttpsURLWidget,
    yes_no_field,
)
from seminar.models import Series, Weekday


class WeekdayWidget(ChoiceWidget):
    def clean(self, value, row=None, **kwargs):
        stored = super().clean(value, row, **kwargs)
        return None if stored is None else int(stored)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else Weekday(value).label


class SeriesResource(ContentResource):
    """Series, matched by slug."""

    default_weekday = fields.Field(
        attribute="default_weekday",
        column_name="default_weekday",
        widget=WeekdayWidget(Weekday.choices, "weekday"),
    )
    default_start_time = fields.Field(
        attribute="default_start_time",
        column_name="default_start_time",
        widget=widgets.TimeWidget(format="%H:%M"),
    )
    youtube_channel_url = fields.Field(
        attribute="youtube_channel_url", column_name="youtube_channel_url", widget=HttpsURLWidget()
    )
    mailing_list_url = fields.Field(
        attribute="mailing_list_url", column_name="mailing_list_url", widget=HttpsURLWidget()
    )
    published = yes_no_field("published")

    sample = {
        "slug": "example-seminar",
        "name": "Machine Learning Seminar",
        "description": "Talks on machine learning for Earth-system science.",
        "cadence": "Weekly on Tuesdays, 15:00",
        "time_zone": "Europe/Berlin",
        "default_weekday": "Tuesday",
        "default_start_time": "15:00",
        "default_duration_minutes": 60,
        "default_location": "Seminar room 2",
        "published": "yes",
    }

    class Meta:
        model = Series
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "description", "cadence", "time_zone", "default_weekday",
            "default_start_time", "default_duration_minutes", "default_location",
            "youtube_channel_url", "mailing_list_url", "announcement_email", "published",
        ]  # fmt: skip
