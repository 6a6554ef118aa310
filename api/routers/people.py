from enum import StrEnum

from ninja import Query, Router

from api.html import markdown_html
from api.pagination import PageQuery, paginate
from api.schemas import Error, MemberOut, MemberPage, PositionOut, PositionPage
from groupsite.media import renditions
from people.models import Member, Position

router = Router()


class MemberStatus(StrEnum):
    CURRENT = "current"
    ALUMNI = "alumni"


@router.get(
    "/members",
    response={200: MemberPage, 400: Error},
    summary="Current members or alumni",
    description="Current members come in the order of the people page (by role); "
    "alumni with the most recent leavers first.",
)
def list_members(request, paging: PageQuery, status: Query[MemberStatus] = MemberStatus.CURRENT):
    if status == MemberStatus.ALUMNI:
        members = Member.objects.alumni().order_by("-end_date", "name", "pk")
    else:
        members = (
            Member.objects.current().by_role().order_by("role_rank", "display_order", "name", "pk")
        )
    page = paginate(request, members, paging, keep={"status"})
    return {**page.__dict__, "results": [member_data(request, m) for m in page.items]}


@router.get(
    "/positions",
    response={200: PositionPage, 400: Error},
    summary="Open positions",
    description="Published positions whose deadline has not passed, closing soonest first.",
)
def list_positions(request, paging: PageQuery):
    positions = (
        Position.objects.open()
        .select_related("contact_member")
        .order_by("deadline", "title_en", "pk")
    )
    page = paginate(request, positions, paging)
    return {**page.__dict__, "results": [position_data(request, p) for p in page.items]}


def member_data(request, member) -> MemberOut:
    photo = renditions.picture(member.photo.name, "portrait-large", member.photo_focus)
    return MemberOut(
        name=member.name,
        slug=member.slug,
        url=request.build_absolute_uri(member.get_absolute_url()),
        role=member.role,
        role_label=member.role_label,
        photo_url=request.build_absolute_uri(photo.fallback[-1].url) if photo else None,
        start_date=member.start_date,
        end_date=member.end_date,
        now_at=member.now_at,
        homepage=member.homepage,
        orcid=member.orcid,
        github=member.github,
    )


def position_data(request, position) -> PositionOut:
    return PositionOut(
        title=position.title,
        slug=position.slug,
        url=request.build_absolute_uri(position.get_absolute_url()),
        level=position.level,
        teaser=position.teaser,
        place=position.place,
        start=position.start,
        duration=position.duration,
        deadline=position.deadline,
        application_email=position.application_email,
        description=markdown_html(request, position.description),
    )
