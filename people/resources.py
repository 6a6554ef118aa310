"""Members and positions as spreadsheet rows, matched by slug (photos stay in the admin)."""

from import_export import fields, widgets

from groupsite.sheets.spreadsheets import (
    ChoiceWidget,
    ContentResource,
    HttpsURLWidget,
    yes_no_field,
)
from people.models import Level, Member, Position, Role

DATE = widgets.DateWidget(format="%Y-%m-%d")


class MemberSlugWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Member, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Member.DoesNotExist:
            raise ValueError(f"No member “{value}”; use a member's slug.") from None


class MemberResource(ContentResource):
    role = fields.Field(
        attribute="role", column_name="role", widget=ChoiceWidget(Role.choices, "role")
    )
    homepage = fields.Field(attribute="homepage", column_name="homepage", widget=HttpsURLWidget())
    google_scholar = fields.Field(
        attribute="google_scholar", column_name="google_scholar", widget=HttpsURLWidget()
    )
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DATE)
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DATE)
    published = yes_no_field("published")

    sample = {
        "slug": "jorg-muller",
        "name": "Jörg Müller",
        "role": "phd",
        "bio": "Works on learned parameterisations of ocean mixing.",
        "email": "jorg.muller@example.org",
        "orcid": "0000-0002-1825-0097",
        "github": "octocat",
        "start_date": "2023-10-01",
        "display_order": 0,
        "published": "yes",
    }

    class Meta:
        model = Member
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "role", "title", "bio", "email", "homepage", "orcid",
            "google_scholar", "github", "start_date", "end_date", "now_at", "display_order",
            "published",
        ]  # fmt: skip


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
