"""Members and positions as spreadsheet rows, matched by slug (photos stay in the admin)."""

from dataclasses import replace

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from groupsite.sheets import cells
from groupsite.sheets.models import ModelSheet
from groupsite.sheets.plan import Column
from people.models import Member, Position


class MemberSheet(ModelSheet):
    model = Member
    key = "slug"
    columns = (
        Column("slug", _("Address (slug)"), _("The member page's address: /people/slug/.")),
        Column("name"),
        Column("role", help=_("A role's name or value, like “PhD student” or phd.")),
        Column("title"),
        Column("research_interest", help=_("One short line under the name on the people page.")),
        Column("bio"),
        Column("email"),
        Column("homepage", help=_("A link; https:// is added if it has no scheme.")),
        Column("orcid", help=_("The iD or its orcid.org link.")),
        Column("google_scholar"),
        Column("github", help=_("The user name or its github.com link.")),
        Column("start_date", help=_("Like 2023-10-01.")),
        Column("end_date", help=_("Like 2024-03-31; blank while in the group.")),
        Column("now_at"),
        Column(
            "alumni_label",
            help=_("After leaving: former, alumna or alumnus (or its label); blank keeps it."),
        ),
        Column("display_order"),
        Column("published", help=_("yes or no; a blank cell keeps what the site has.")),
    )
    sample = {
        "slug": "jorg-muller",
        "name": "Jörg Müller",
        "role": "phd",
        "research_interest": "Learned parameterisations of ocean mixing",
        "research_interest_de": "Gelernte Parametrisierungen der Ozeanvermischung",
        "bio": "Works on learned parameterisations of ocean mixing.",
        "email": "jorg.muller@example.org",
        "orcid": "0000-0002-1825-0097",
        "github": "octocat",
        "start_date": "2023-10-01",
        "alumni_label": "former",
        "display_order": 0,
        "published": "yes",
    }


def _member_slug(position) -> str:
    return position.contact_member.slug if position.contact_member_id else ""


class PositionSheet(ModelSheet):
    """Positions; the contact member by slug, the members read once for the whole file."""

    model = Position
    key = "slug"
    export_related = ("contact_member",)
    columns = (
        Column("slug", _("Address (slug)"), _("The position's address: /positions/slug/.")),
        Column("title"),
        Column("level", help=_("A level's name or value, like “PhD” or phd.")),
        Column("teaser", help=_("One or two sentences for the list and link previews.")),
        Column("place", help=_("Where the work happens, like “Geesthacht; partly remote”.")),
        Column("start", help=_("As you would say it: “1 October 2026”, “as soon as possible”.")),
        Column("duration", help=_("Like “3 years” or “6 months, full time”.")),
        Column("description", help=_("Markdown.")),
        Column("contact_member", _("Contact member (slug)"), _("A member's slug; blank for none."),
               write=_member_slug),
        Column("contact_email"),
        Column("deadline", help=_("Like 2025-01-31; blank for none.")),
        Column("published", help=_("yes or no; a blank cell keeps what the site has.")),
    )  # fmt: skip
    sample = {
        "slug": "phd-ocean-ml",
        "title": "PhD position: machine learning for ocean models",
        "title_de": "Promotionsstelle: maschinelles Lernen für Ozeanmodelle",
        "level": "phd",
        "teaser": "Machine learning for the ocean models of the next climate projections.",
        "place": "Geesthacht near Hamburg; partly remote",
        "start": "1 October 2026",
        "duration": "3 years",
        "description": "Three years, fully funded; start in spring.",
        "contact_email": "jobs@example.org",
        "deadline": "2025-01-31",
        "published": "yes",
    }

    def bind(self, column):
        if column.name == "contact_member":
            column = replace(column, read=self.read_member)
        return super().bind(column)

    def prepare(self, rows):
        super().prepare(rows)
        prefetch_related_objects(list(self.stored.values()), "contact_member")
        slugs = {cells.text(row.get("contact_member")) for row in rows} - {""}
        self.members = {m.slug: m for m in Member.objects.filter(slug__in=slugs)}

    def read_member(self, value) -> Member | None:
        slug = cells.text(value)
        if not slug:
            return None
        if slug not in self.members:
            raise ValueError(gettext("No member “%(slug)s”; use a member's slug.") % {"slug": slug})
        return self.members[slug]

    def not_editable(self):
        # The contact member was found in prepare(): full_clean need not look it up again.
        return super().not_editable() | {"contact_member"}

    def set_value(self, obj, column, value) -> None:
        if column.name == "contact_member":
            obj.contact_member = value
        else:
            super().set_value(obj, column, value)
