import os
import re
from datetime import date, timedelta

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groupsite.media import renditions
from pages.models import SectionContent
from tests.factories import (
    LandingSectionFactory,
    MemberFactory,
    NewsItemFactory,
    PublicationFactory,
    SessionFactory,
    image_upload,
)
from tests.http import german_response, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(site_settings):
    return site_settings


def hidden_items():
    """A draft, and an item scheduled for tomorrow: visitors see neither."""
    tomorrow = timezone.now() + timedelta(days=1)
    return [
        NewsItemFactory(title="Draft news", published=False),
        NewsItemFactory(title="Scheduled news", publish_at=tomorrow),
    ]


def test_news_list_shows_published_items_newest_first_and_no_drafts(client):
    NewsItemFactory(title="Older", date=date(2026, 1, 5))
    NewsItemFactory(title="Newer", date=date(2026, 3, 1))
    NewsItemFactory(title="Was scheduled", publish_at=timezone.now() - timedelta(minutes=1))
    hidden_items()
    html = client.get("/news/").content.decode()
    assert html.index("Was scheduled") < html.index("Newer") < html.index("Older")
    assert "Draft news" not in html and "Scheduled news" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_news_list_takes_the_same_queries_however_many_items(
    client, settings, django_assert_num_queries, count
):
    settings.PAGE_CACHE_SECONDS = 0
    NewsItemFactory.create_batch(count)
    # Site settings, navigation, partner logos, the count and one page of items.
    with django_assert_num_queries(5):
        response = client.get("/news/")
    assert len(response.context["news_items"]) == min(count, 10)


def test_news_detail_for_visitors_hides_drafts_and_scheduled_items(client):
    for item in hidden_items():
        assert client.get(item.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_notice(staff_client):
    draft, scheduled = hidden_items()
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "This is a draft: visitors cannot see it." in html
    assert (
        "Visitors will see this from"
        in staff_client.get(scheduled.get_absolute_url()).content.decode()
    )


def test_news_detail_with_a_wrong_year_redirects_to_the_right_address(client):
    item = NewsItemFactory(slug="award", date=date(2025, 6, 1))
    response = client.get("/news/2024/award/")
    assert response.status_code == 301
    assert response["Location"] == "/news/2025/award/"
    assert client.get("/news/2025/award/").status_code == 200
    assert item.get_absolute_url() == "/news/2025/award/"


def test_news_detail_links_only_visible_members_sessions_and_publications(client):
    shown = MemberFactory(name="Shown Person")
    hidden = MemberFactory(name="Hidden Person", published=False)
    session = SessionFactory(title="Linked talk")
    draft_session = SessionFactory(title="Draft talk", published=False)
    paper = PublicationFactory(title="Linked paper", slug="linked", year=2024, venue="JAMES")
    draft_paper = PublicationFactory(title="Draft paper", published=False)
    item = NewsItemFactory()
    item.members.set([shown, hidden])
    item.sessions.set([session, draft_session])
    item.publications.set([paper, draft_paper])
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Shown Person" in html and "Linked talk" in html
    assert (
        '<li>Journal article: <a href="/publications/linked/">Linked paper</a> (2024), '
        "<em>JAMES</em></li>"
    ) in html
    assert "Hidden Person" not in html and "Draft talk" not in html
    assert "Draft paper" not in html


def test_publication_page_lists_the_news_about_it(client):
    paper = PublicationFactory()
    NewsItemFactory(title="About the paper").publications.add(paper)
    for item in hidden_items():
        item.publications.add(paper)
    NewsItemFactory(title="About another paper").publications.add(PublicationFactory())
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "In the news" in html and "About the paper" in html
    assert "Draft news" not in html and "Scheduled news" not in html
    assert "About another paper" not in html


def test_publication_page_without_news_has_no_news_heading(client):
    html = page_text(client.get(PublicationFactory().get_absolute_url()))
    assert "In the news" not in html


def test_news_admin_picks_publications_by_search(admin_client):
    html = admin_client.get("/admin/news/newsitem/add/").content.decode()
    field = re.search(r'<select name="publications"[^>]*>', html)[0]
    assert "admin-autocomplete" in field and 'data-field-name="publications"' in field
    PublicationFactory(title="Ocean paper")
    PublicationFactory(title="Ice paper")
    found = admin_client.get(
        "/admin/autocomplete/",
        {"term": "ocean", "app_label": "news", "model_name": "newsitem",
         "field_name": "publications"},
    ).json()  # fmt: skip
    assert [result["text"] for result in found["results"]] == ["Ocean paper"]


def test_news_detail_shares_its_image_as_opengraph_image(client):
    item = NewsItemFactory(image=image_upload("award.png", size=(1600, 900)), image_alt="A cup")
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<meta property="og:image" content="http://testserver/media/renditions/' in html
    assert "-share-1x.png" in html
    assert '<meta property="og:type" content="article">' in html
    assert 'alt="A cup"' in html


def test_an_image_needs_alt_text():
    item = NewsItemFactory.build(image=image_upload(), image_alt="")
    with pytest.raises(Exception, match="Describe the image"):
        item.full_clean(exclude=["slug"])


def test_member_page_lists_the_news_that_mention_them(client):
    member = MemberFactory()
    NewsItemFactory(title="About the member").members.add(member)
    for item in hidden_items():
        item.members.add(member)
    NewsItemFactory(title="About someone else")
    html = client.get(member.get_absolute_url()).content.decode()
    assert "In the news" in html and "About the member" in html
    assert "Draft news" not in html and "Scheduled news" not in html
    assert "About someone else" not in html


def test_member_page_without_news_has_no_news_heading(client):
    assert "In the news" not in page_text(client.get(MemberFactory().get_absolute_url()))


def test_landing_page_news_block_is_a_section_staff_switch_on_and_order(client):
    NewsItemFactory(title="Fresh news")
    LandingSectionFactory(heading="About", order=1)
    block = LandingSectionFactory(
        heading="Latest news", anchor="news", content=SectionContent.LATEST_NEWS, order=2
    )
    html = page_text(client.get("/"))
    assert html.index("About") < html.index("Latest news") < html.index("Fresh news")
    block.order = 0
    block.save()
    html = page_text(client.get("/"))
    assert html.index("Fresh news") < html.index(">About<")
    block.published = False
    block.save()
    assert "Fresh news" not in page_text(client.get("/"))


def test_a_text_section_shows_no_news(client):
    NewsItemFactory(title="Fresh news")
    LandingSectionFactory(heading="About")
    assert "Fresh news" not in page_text(client.get("/"))


def test_saving_news_invalidates_the_page_cache(
    client, page_cache, django_capture_on_commit_callbacks
):
    assert "Brand new" not in page_text(client.get("/news/"))
    assert client.get("/news/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        NewsItemFactory(title="Brand new")
    assert "Brand new" in client.get("/news/").content.decode()


@pytest.mark.parametrize("url", ["/news/feed.atom", "/news/feed.rss"])
def test_news_feeds_parse_and_leave_out_drafts(client, url):
    NewsItemFactory(title="Public news", teaser="What happened.")
    hidden_items()
    feed = feedparser.parse(client.get(url).content)
    assert feed.bozo == 0
    assert feed.feed.title == "Test Group: news"
    assert [entry.title for entry in feed.entries] == ["Public news"]
    assert feed.entries[0].link.startswith("http://testserver/news/")
    assert feed.entries[0].summary == "What happened."


def test_sitemap_lists_published_news_only(client):
    shown = NewsItemFactory()
    draft, scheduled = hidden_items()
    xml = client.get(reverse("sitemap")).content.decode()
    assert shown.get_absolute_url() in xml and "/news/</loc>" in xml
    assert draft.get_absolute_url() not in xml and scheduled.get_absolute_url() not in xml


def test_news_list_shows_a_thumbnail_with_size_and_alt_for_items_with_an_image(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(3):
        NewsItemFactory(title=f"Pictured {number}", date=date(2026, 3, 1 + number),
                        image=image_upload(f"p{number}.png", size=(800, 450)),
                        image_alt=f"Picture {number}")  # fmt: skip
    NewsItemFactory(title="Plain", date=date(2026, 2, 1))
    # As without images: site settings, navigation, partner logos, the count, the items.
    with django_assert_num_queries(5):
        html = page_text(client.get("/news/"))
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 3
    for number, image in zip((2, 1, 0), images, strict=True):
        assert 'width="160" height="120"' in image  # the 4:3 cut, at 1x
        assert f'alt="Picture {number}"' in image
        assert "-news-thumbnail-1x.png" in image and 'loading="lazy"' in image
    plain = html[html.index(">Plain</a>") :]
    assert "<img" not in plain[: plain.index("</article>")]


def test_a_news_image_spans_the_text_measure(client):
    item = NewsItemFactory(image=image_upload("wide.png", size=(1600, 900)), image_alt="Wide")
    html = page_text(client.get(item.get_absolute_url()))
    figure = re.search(r'<figure class="news-figure">.*?<img ([^>]*)>', html)[1]
    assert (
        'width="720" height="405"' in figure and 'sizes="(min-width: 48rem) 45rem, 92vw"' in figure
    )


def test_regenerating_renditions_covers_news_images():
    item = NewsItemFactory(image=image_upload("award.png", size=(800, 450)), image_alt="A cup")
    paths = []
    for spec in ("news", "news-thumbnail", "share"):
        picture = renditions.picture(item.image.name, spec)
        paths.append(
            os.path.join(default_storage.location, picture.webp[0].url.removeprefix("/media/"))
        )
        os.utime(paths[-1], (0, 0))
    call_command("regenerate_renditions")
    assert all(os.path.getmtime(path) > 0 for path in paths)


def test_news_feed_and_page_speak_german_with_german_active():
    NewsItemFactory(title="Public news", teaser="What happened.")
    feed = feedparser.parse(german_response("/news/feed.atom").content)
    assert feed.feed.title == "Test Group: Neuigkeiten"
    assert feed.feed.subtitle == "Mitteilungen der Arbeitsgruppe, die neuesten zuerst."
    assert feed.feed.language == "de"
    html = german_response("/news/").content.decode()
    assert "<h1>Neuigkeiten</h1>" in html
    assert 'title="Neuigkeiten (Atom)"' in html
    assert ">Atom-Feed</a></li>" in html
