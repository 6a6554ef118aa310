"""Walk every public page of the demo site, and every admin page, as a new user would."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from news.models import NewsItem
from pages.models import Page
from people.models import Member, Position
from publications.models import Publication
from seminar.models import Series, Session


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = set()
        self.images_without_alt = []
        self.inline_code = []  # what a strict Content-Security-Policy would block
        self._in_script = False
        self.language = None
        self.alternates = {}  # hreflang: address, from the head
        self.switcher = []  # (hreflang, lang, href) of the language switcher's links
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = True
            if "src" not in attributes and attributes.get("type") != "application/ld+json":
                self.inline_code.append("<script> without src")
        if tag == "style":
            self.inline_code.append("<style>")
        self.inline_code += [f"{tag} {name}=" for name, _ in attrs
                             if name == "style" or name.startswith("on")]  # fmt: skip
        if tag == "a" and attributes.get("href", "").startswith("/"):
            self.links.add(attributes["href"].split("#")[0])
        if tag == "img" and "alt" not in attributes:
            self.images_without_alt.append(attributes.get("src"))
        if tag == "html":
            self.language = attributes.get("lang")
        if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.alternates[attributes["hreflang"]] = attributes["href"]
        if tag == "nav" and attributes.get("class") == "language-switcher":
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher.append((attributes.get("hreflang"), attributes.get("lang"),
                                  attributes.get("href")))  # fmt: skip

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "nav":
            self._in_switcher = False


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", verbosity=0)


def public_urls():
    urls = ["/", "/people/", "/positions/", "/publications/", "/seminar/", "/seminar/archive/",
            "/news/", "/api/v1/docs/",
            "/legal-notice/", "/privacy/", "/accessibility/"]  # fmt: skip
    urls += [publication.get_absolute_url() for publication in Publication.objects.published()]
    urls += [item.get_absolute_url() for item in NewsItem.objects.published()]
    urls += [page.get_absolute_url() for page in Page.objects.published()]
    urls += [member.get_absolute_url() for member in Member.objects.published()]
    urls += [position.get_absolute_url() for position in Position.objects.open()]
    for series in Series.objects.published():
        urls += [series.get_absolute_url(), f"{series.get_absolute_url()}archive/"]
    urls += [session.get_absolute_url() for session in Session.objects.published()]
    return urls


def in_language(path: str, language: str) -> str:
    """English at the old address, German under /de/."""
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.parametrize(("language", "other"), [("en", "de"), ("de", "en")])
def test_every_public_page_answers_200_with_one_h1_alt_texts_and_its_languages(
    client, demo_site, language, other
):
    urls = public_urls()
    assert len(urls) >= 30
    for url in urls:
        page = in_language(url, language)
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert len(re.findall(r"<h1[ >]", html)) == 1, page
        collector = LinkCollector()
        collector.feed(html)
        assert collector.images_without_alt == [], page
        assert collector.inline_code == [], page
        assert collector.language == language, page
        assert response["Content-Language"] == language, page
        english, german = f"http://testserver{url}", f"http://testserver/de{url}"
        assert collector.alternates == {"en": english, "de": german, "x-default": english}, page
        # The switcher leads to the same page in the other language, and says so.
        assert collector.switcher == [(other, other, in_language(url, other))], page


def feed_urls():
    urls = ["/seminar/calendar.ics", "/seminar/feed.atom", "/seminar/feed.rss",
            "/publications/feed.atom", "/news/feed.atom", "/news/feed.rss"]  # fmt: skip
    for series in Series.objects.published():
        base = series.get_absolute_url()
        urls += [f"{base}calendar.ics", f"{base}feed.atom", f"{base}feed.rss"]
    urls += [
        f"{session.series.get_absolute_url()}{session.number}.ics"
        for session in Session.objects.published().select_related("series")
    ]
    return urls


def test_every_english_address_answers_as_before_without_a_redirect(client, demo_site):
    """Subscribed calendars, feeds and links in papers and mails keep working: every
    English address of the sitemap, every list, feed and calendar answers 200 itself, in
    English, whatever language the browser asks for."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    in_sitemap = {loc.text.removeprefix("http://testserver")
                  for loc in root.findall("s:url/s:loc", namespace)}  # fmt: skip
    english = {path for path in in_sitemap if not path.startswith("/de/")}
    assert english == set(public_urls()) - {f"{s.get_absolute_url()}archive/"
                                            for s in Series.objects.published()}  # fmt: skip
    lists = ["/", "/people/", "/positions/", "/publications/", "/seminar/", "/seminar/archive/",
             "/news/", "/api/v1/docs/", "/api/v1/", "/api/v1/sessions", "/robots.txt",
             "/sitemap.xml", "/embed/seminar/"]  # fmt: skip
    for url in sorted(english | set(public_urls()) | set(feed_urls()) | set(lists)):
        response = client.get(url, headers={"accept-language": "de"})
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en", url
        if response["Content-Type"].startswith("text/html"):
            assert '<html lang="en">' in response.content.decode(), url


def test_every_public_page_links_the_legal_pages_in_its_footer(client, demo_site):
    legal = [("/legal-notice/", "Legal notice"), ("/privacy/", "Privacy statement"),
             ("/accessibility/", "Accessibility statement")]  # fmt: skip
    for url in public_urls():
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        for path, label in legal:
            assert f'<a href="{path}">{label}</a>' in footer, (url, path)


def test_every_feed_and_calendar_of_the_demo_site_answers(client, demo_site):
    expected = {".ics": "text/calendar", ".atom": "application/atom+xml", ".rss": "application/rss"}
    urls = [url for url in feed_urls() if not re.search(r"/\d+\.ics$", url)]
    single = {
        f"{session.series.get_absolute_url()}{session.number}.ics": session
        for session in Session.objects.published().select_related("series")
    }
    assert len(single) >= 10
    for url in [*urls, *single]:
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert response["Content-Type"].startswith(expected[suffix]), url
    for url, session in single.items():
        (event,) = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert str(event["UID"]) == session.uid, url


def test_every_public_page_is_reachable_by_links_from_the_landing_page(client, demo_site):
    wanted = set(public_urls())
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(("/static/", "/media/", "/admin/")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        collector = LinkCollector()
        collector.feed(response.content.decode())
        queue.extend(link for link in collector.links if link not in seen)
    assert wanted - seen == set()


def test_every_admin_changelist_and_add_page_loads(admin_client, demo_site):
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code in (200, 302), info
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
        instance = model.objects.first()
        if instance is not None:
            change_url = reverse("admin:{}_{}_change".format(*info), args=[instance.pk])
            assert admin_client.get(change_url).status_code == 200, info


def test_admin_content_models_are_all_registered():
    registered = {model.__name__ for model in admin.site._registry}
    assert {"SiteSettings", "Page", "LandingSection", "Member", "Position", "Series",
            "Session", "Publication", "NewsItem"} <= registered  # fmt: skip
