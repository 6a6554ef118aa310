from itertools import groupby

from people.models import Member, Role


def members_by_role() -> list[tuple[str, list[Member]]]:
    """Current members as (plural group heading, members), group leader first."""
    members = Member.objects.current().by_role()
    return [
        (ROLE_GROUP_HEADINGS[role], list(group))
        for role, group in groupby(members, key=lambda member: member.role)
    ]


ROLE_GROUP_HEADINGS = {
    Role.GROUP_LEADER: "Group leader",
    Role.POSTDOC: "Postdoctoral researchers",
    Role.RESEARCH_SOFTWARE_ENGINEER: "Research software engineers",
    Role.PHD_STUDENT: "PhD students",
    Role.MASTERS_STUDENT: "Master's students",
    Role.VISITING_RESEARCHER: "Visiting researchers",
    Role.OTHER: "Team",
}
