"""Members as spreadsheet rows, matched by slug (photos stay in the admin)."""

from groupsite.sheets.models import ModelSheet
from groupsite.sheets.plan import Column
from people.models import Member


class MemberSheet(ModelSheet):
    model = Member
    key = "slug"
    columns = (
        Column("slug", "Address (slug)", "The member page's address: /people/slug/."),
        Column("name"),
        Column("role", help="A role's name or value, like “PhD student” or phd."),
        Column("title"),
        Column("bio"),
        Column("email"),
        Column("homepage", help="A link; https:// is added if it has no scheme."),
        Column("orcid", help="The iD or its orcid.org link."),
        Column("google_scholar"),
        Column("github", help="The user name or its github.com link."),
        Column("start_date", help="Like 2023-10-01."),
        Column("end_date", help="Like 2024-03-31; blank while in the group."),
        Column("now_at"),
        Column("display_order"),
        Column("published", help="yes or no; a blank cell keeps what the site has."),
    )
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
