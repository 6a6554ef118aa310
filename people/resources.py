"""Positions as spreadsheet rows, matched by slug (members: people.sheets)."""

from import_export import fields, widgets

from groupsite.sheets.spreadsheets import (
    ChoiceWidget,
    ContentResource,
    yes_no_field,
)
from people.models import Level, Member, Position

DATE = widgets.DateWidget(format="%Y-%m-%d")


class MemberSlugWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Member, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Member.DoesNotExist:
            raise ValueError(f"No member “{value}”; use a member's slug.") from None


class PositionResource(ContentResource):
    level = fields.Field(
        attribute="level", column_name="level", widget=ChoiceWidget(Level.choices, "level")
    )
    contact_member = fields.Field(
        attribute="contact_member",
        column_name="contact_member",
        widget=MemberSlugWidget(),
    )
    deadline = fields.Field(attribute="deadline", column_name="deadline", widget=DATE)
    published = yes_no_field("published")

    sample = {
        "slug": "phd-ocean-ml",
        "title": "PhD position: machine learning for ocean models",
        "level": "phd",
        "description": "Three years, fully funded; start in spring.",
        "contact_email": "jobs@example.org",
        "deadline": "2025-01-31",
        "published": "yes",
    }

    class Meta:
        model = Position
        import_id_fields = ["slug"]
        fields = [
            "slug", "title", "level", "description", "contact_member", "contact_email",
            "deadline", "published",
        ]  # fmt: skip
