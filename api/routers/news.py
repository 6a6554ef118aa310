from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from ninja import Router

from api.html import markdown_html
from api.pagination import PageQuery, paginate
from api.schemas import Error, NewsItemOut, NewsPage
from groupsite.media import renditions
from news.models import NewsItem
from people.models import Member
from publications.models import Publication
from seminar.models import Session

router = Router()


@router.get(
    "/news",
    response={200: NewsPage, 400: Error},
    summary="News items",
    description="Newest first. Linked members, sessions and publications are those "
    "visitors can see.",
)
def list_news(request, paging: PageQuery):
    items = NewsItem.objects.newest_first().prefetch_related(
        Prefetch("members", queryset=Member.objects.published()),
        Prefetch("sessions", queryset=Session.objects.published().select_related("series")),
        Prefetch("publications", queryset=Publication.objects.published()),
    )
    page = paginate(request, items, paging)
    return {**page.__dict__, "results": [news_data(request, item) for item in page.items]}


def news_data(request, item) -> NewsItemOut:
    absolute = request.build_absolute_uri
    image = renditions.picture(item.image.name, "share") if item.image else None
    return NewsItemOut(
        title=item.title,
        slug=item.slug,
        url=absolute(item.get_absolute_url()),
        date=item.date,
        teaser=item.teaser,
        body=markdown_html(request, item.body),
        image_url=absolute(image.fallback[0].url) if image else None,
        image_alt=item.image_alt if image else "",
        updated=timezone.localtime(item.updated_at),
        members=[
            {"title": m.name, "url": absolute(m.get_absolute_url())} for m in item.members.all()
        ],
        sessions=[
            {"title": s.title, "url": absolute(s.get_absolute_url())} for s in item.sessions.all()
        ],
        publications=[
            {
                "id": p.pk,
                "title": p.title,
                "url": absolute(p.get_absolute_url()),
                "api_url": absolute(reverse("api:v1:get_publication", kwargs={"key": p.pk})),
            }
            for p in item.publications.all()
        ],
    )
