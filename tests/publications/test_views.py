import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfWriter

from groupsite.site.models import SiteSettings
from publications.bibtex import parse_bibtex
from publications.models import Authorship, Publication, PublicationType
from tests.factories import (
    AuthorshipFactory,
    MemberFactory,
    PublicationFactory,
    ReferenceFactory,
    SessionFactory,
)
from tests.http import german_text, page_text

pytestmark = pytest.mark.django_db


def fill(count: int, member, start: int = 0) -> None:
    """``count`` published papers over many years, each by ``member`` and a co-author."""
    papers = Publication.objects.bulk_create(
        Publication(title=f"Paper {n}", slug=f"paper-{n}", year=1990 + n % 35,
                    kind=PublicationType.PREPRINT if n % 4 == 0 else PublicationType.ARTICLE,
                    venue="Journal", doi=f"10.5555/{n}", code_url="https://code.example/")
        for n in range(start, start + count)
    )  # fmt: skip
    Authorship.objects.bulk_create(
        Authorship(publication=paper, position=position, name=name, member=linked)
        for paper in papers
        for position, (name, linked) in enumerate([(member.name, member), ("A. Other", None)])
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_and_member_page_queries_do_not_grow_from_30_to_1000_papers(
    client, site_settings, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # count the rendering, not the page cache
    member = MemberFactory(name="Ada Lovelace", slug="ada")
    fill(30, member)
    # count, years, authors filter, page, authorships+members; settings, navigation, footer
    with django_assert_num_queries(8):
        client.get("/publications/")
    # member, talks, member's papers, their authorships+members, news about them;
    # settings, navigation, footer
    with django_assert_num_queries(8):
        client.get("/people/ada/")
    urls = ("/publications/", "/people/ada/", "/publications/?member=ada&q=paper")
    small = [count_queries(client, url) for url in urls]
    fill(970, member, start=30)
    large = [count_queries(client, url) for url in urls]
    assert small == large
    html = client.get("/publications/").content.decode()
    assert "Page 1 of 34" in html  # 30 per page


def test_list_groups_by_year_newest_first_and_marks_preprints(client, site_settings):
    PublicationFactory(title="Older paper", year=2019)
    PublicationFactory(title="Newer preprint", year=2023, kind=PublicationType.PREPRINT)
    html = client.get("/publications/").content.decode()
    assert html.index('id="year-2023"') < html.index("Newer preprint") < html.index(
        'id="year-2019"') < html.index("Older paper")  # fmt: skip
    assert 'Newer preprint</a> <span class="badge badge-preprint">Preprint</span>' in html


def test_filters_by_year_type_member_selected_and_search(client, site_settings):
    ada = MemberFactory(name="Ada", slug="ada")
    one = PublicationFactory(title="Flows for rain", year=2021, selected=True)
    AuthorshipFactory(publication=one, name="Ada", member=ada)
    two = PublicationFactory(title="Waves", year=2022, kind=PublicationType.CONFERENCE,
                             abstract="About *rain* too.")  # fmt: skip
    AuthorshipFactory(publication=two, name="Bea Zed")
    PublicationFactory(title="Ice", year=2022, venue="Glaciology Letters")

    def titles(query):
        html = client.get(f"/publications/?{query}").content.decode()
        return [p.title for p in Publication.objects.order_by("title") if f">{p.title}</a>" in html]

    assert titles("year=2022") == ["Ice", "Waves"]
    assert titles("type=conference") == ["Waves"]
    assert titles("member=ada") == ["Flows for rain"]
    assert titles("selected=1") == ["Flows for rain"]
    assert titles("q=rain") == ["Flows for rain", "Waves"]  # title and abstract
    assert titles("q=zed") == ["Waves"]  # author
    assert titles("q=glaciology") == ["Ice"]  # venue
    assert titles("year=20x&type=nonsense&member=") == ["Flows for rain", "Ice", "Waves"]


def test_links_have_labels_and_accessible_names_and_members_are_linked(client, site_settings):
    ada = MemberFactory(name="Ada", slug="ada")
    hidden = MemberFactory(name="Hidden", slug="hidden", published=False)
    paper = PublicationFactory(title="Linked", doi="10.5555/x", arxiv_id="2450.00001",
                               code_url="https://code.example/x")  # fmt: skip
    AuthorshipFactory(publication=paper, name="Ada", member=ada, position=0)
    AuthorshipFactory(publication=paper, name="Hidden", member=hidden, position=1)
    html = client.get("/publications/").content.decode()
    assert '<a href="/people/ada/">Ada</a>' in html
    assert "/people/hidden/" not in html and "Hidden" in html
    assert '<a href="https://doi.org/10.5555/x" class="publication-link"><svg' in html
    assert '<span>DOI</span><span class="visually-hidden"> of “Linked”</span>' in html
    assert '<span class="link-mark link-mark-arxiv">arXiv</span><span>2450.00001</span>' in html
    assert "<span>Code</span>" in html


def test_publication_pages_speak_german_with_german_active(site_settings):
    paper = PublicationFactory(title="Linked", data_url="https://data.example/x",
                               abstract="We link.")  # fmt: skip
    AuthorshipFactory(publication=paper, name="Ada", position=0)
    html = german_text("/publications/")
    assert "<h1>Veröffentlichungen</h1>" in html
    assert "1 Veröffentlichung." in html
    assert '<span>Daten</span><span class="visually-hidden"> zu „Linked“</span>' in html
    detail = german_text(paper.get_absolute_url())
    assert '<h2 id="abstract-heading">Zusammenfassung</h2>' in detail
    assert '<h2 id="cite-heading">Zitieren</h2>' in detail


def drafts():
    member = MemberFactory(name="Ada", slug="ada")
    live = PublicationFactory(title="Live paper", selected=True)
    draft = PublicationFactory(title="Secret draft", slug="secret", selected=True, published=False)
    future = PublicationFactory(title="Future paper", slug="future", selected=True,
                                publish_at=timezone.now() + timedelta(days=1))  # fmt: skip
    for paper in (live, draft, future):
        AuthorshipFactory(publication=paper, name="Ada", member=member)
    return member


@pytest.mark.parametrize(
    "url",
    ["/publications/", "/publications/?member=ada", "/people/ada/", "/",
     "/publications/feed.atom", "/sitemap.xml", "/publications/export.bib",
     "/publications/export.json?selected=1"],
)  # fmt: skip
def test_drafts_never_reach_visitors(client, site_settings, url):
    drafts()
    SiteSettings.objects.filter(pk=1).update(landing_publications="selected")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Live paper" in body or "/publications/paper-" in body
    assert "Secret draft" not in body and "Future paper" not in body
    assert "/publications/secret/" not in body and "/publications/future/" not in body
    for detail in (
        "/publications/secret/",
        "/publications/future/",
        "/publications/secret.bib",
        "/publications/future.json",
    ):
        assert client.get(detail).status_code == 404


def test_staff_preview_drafts_with_a_notice(staff_client, site_settings):
    drafts()
    assert "Secret draft" in staff_client.get("/publications/").content.decode()
    html = staff_client.get("/publications/secret/").content.decode()
    assert "This is a draft: visitors cannot see it." in html


def test_landing_block_shows_recent_or_selected_and_how_many(
    client, site_settings, django_capture_on_commit_callbacks
):
    for year in range(2015, 2021):
        PublicationFactory(title=f"From {year}", year=year, selected=year % 2 == 0)
    assert "Recent publications" not in page_text(client.get("/"))  # off by default
    site_settings.landing_publications = "recent"
    site_settings.landing_publications_count = 2
    # Saving moves the page cache and each worker's settings on, once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    html = client.get("/").content.decode()
    assert "Recent publications" in html
    assert "From 2020" in html and "From 2019" in html and "From 2018" not in html
    site_settings.landing_publications = "selected"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    html = client.get("/").content.decode()
    assert "Selected publications" in html
    assert "From 2020" in html and "From 2018" in html and "From 2019" not in html
    assert 'href="/publications/?selected=1"' in html


class MetaCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.scripts, self._in_ld, self.coins = [], [], False, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name", "").startswith("citation_"):
            self.meta.append((attributes["name"], attributes["content"]))
        self._in_ld = tag == "script" and attributes.get("type") == "application/ld+json"
        if tag == "span" and attributes.get("class") == "Z3988":
            self.coins = attributes["title"]

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(json.loads(data))
            self._in_ld = False


def test_paper_page_carries_meta_tags_json_ld_coins_citation_and_bibtex(client, site_settings):
    paper = PublicationFactory(title='Rain & "snow" <fast>', slug="rain", year=2023,
                               venue="Weather", doi="10.5555/rain", bibtex_key="rain2023",
                               pdf_url="https://example.org/rain.pdf")  # fmt: skip
    AuthorshipFactory(publication=paper, name="Ada Byron", family_name="Byron",
                      given_names="Ada", position=0)  # fmt: skip
    AuthorshipFactory(publication=paper, name="Bo Chen", family_name="Chen",
                      given_names="Bo", position=1)  # fmt: skip
    response = client.get("/publications/rain/")
    html = response.content.decode()
    page = MetaCollector()
    page.feed(html)
    assert page.meta[:6] == [
        ("citation_title", 'Rain & "snow" <fast>'),
        ("citation_author", "Byron, Ada"),
        ("citation_author", "Chen, Bo"),
        ("citation_publication_date", "2023"),
        ("citation_journal_title", "Weather"),
        ("citation_doi", "10.5555/rain"),
    ]
    assert ("citation_pdf_url", "https://example.org/rain.pdf") in page.meta
    (article,) = page.scripts
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"] == 'Rain & "snow" <fast>'
    assert [a["name"] for a in article["author"]] == ["Ada Byron", "Bo Chen"]
    assert "rft.atitle=Rain+%26+%22snow%22+%3Cfast%3E" in page.coins
    assert "<fast>" not in html.replace("content=", "")  # escaped everywhere it is printed
    assert 'Byron, A., &amp; Chen, B. (2023). Rain &amp; "snow" &lt;fast&gt;.' in html
    bibtex = html[html.index("<code>") + 6 : html.index("</code>")]
    assert bibtex.startswith("@article{rain2023,")
    (entry,) = parse_bibtex(bibtex.replace("&quot;", '"').replace("&lt;", "<")
                            .replace("&gt;", ">").replace("&amp;", "&")).entries  # fmt: skip
    assert entry.fields["title"] == 'Rain & "snow" <fast>'


def test_single_and_filtered_exports(client, site_settings):
    ada = MemberFactory(name="Ada", slug="ada")
    mine = PublicationFactory(title="Mine", slug="mine", bibtex_key="mine")
    AuthorshipFactory(publication=mine, name="Ada", member=ada)
    PublicationFactory(title="Other", slug="other")
    response = client.get("/publications/export.bib?member=ada")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="publications-ada.bib"'
    assert [e.fields["title"] for e in parse_bibtex(response.content.decode()).entries] == ["Mine"]
    single = client.get("/publications/mine.bib").content.decode()
    assert [e.key for e in parse_bibtex(single).entries] == ["mine"]
    data = json.loads(client.get("/publications/export.json").content)
    assert sorted(item["title"] for item in data) == ["Mine", "Other"]
    assert json.loads(client.get("/publications/mine.json").content)[0]["id"] == "mine"


def test_member_page_lists_papers_and_links_the_filtered_list(client, site_settings):
    ada = MemberFactory(name="Ada", slug="ada")
    paper = PublicationFactory(title="Ada's paper")
    AuthorshipFactory(publication=paper, name="Ada", member=ada)
    PublicationFactory(title="Not hers")
    html = page_text(client.get("/people/ada/"))
    assert "Ada&#x27;s paper" in html and "Not hers" not in html
    assert 'href="/publications/?member=ada"' in html
    assert 'href="/publications/export.bib?member=ada"' in html
    lonely = MemberFactory(name="No papers", slug="none")
    assert "publications-heading" not in page_text(client.get(lonely.get_absolute_url()))


def test_feed_lists_new_publications(client, site_settings):
    PublicationFactory(title="Fresh result", kind=PublicationType.PREPRINT, year=2025)
    response = client.get("/publications/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Test Group: publications</title>" in response.content.decode()
    assert "<title>[Preprint] Fresh result (2025)</title>" in response.content.decode()


def test_session_page_links_a_reference_to_the_groups_own_paper(client, site_settings):
    paper = PublicationFactory(title="Our own paper", slug="own")
    session = SessionFactory()
    ReferenceFactory(session=session, title="Our own paper", publication=paper)
    html = page_text(client.get(session.get_absolute_url()))
    assert '<a href="/publications/own/">Our paper: Our own paper</a>' in html
    paper.published = False
    paper.save()
    assert "/publications/own/" not in page_text(client.get(session.get_absolute_url()))


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def admin_form(**extra):
    data = {
        "kind": "article", "title": "Uploaded", "slug": "uploaded", "year": "2024",
        "published": "on", "authorships-TOTAL_FORMS": "0", "authorships-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **extra}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>not a pdf</html>", "This file is not a PDF."),
        (b"%PDF-1.7\nthis is not really a pdf", "This PDF is damaged or empty"),
    ],
)
def test_pdf_upload_refuses_what_is_not_a_pdf(admin_client, content, message):
    upload = SimpleUploadedFile("paper.pdf", content, content_type="application/pdf")
    response = admin_client.post("/admin/publications/publication/add/",
                                 admin_form(pdf=upload))  # fmt: skip
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Publication.objects.exists()


def test_pdf_upload_accepts_a_real_pdf_and_limits_size(admin_client, settings):
    upload = SimpleUploadedFile("Our Secret Draft.PDF", pdf_bytes(), content_type="application/pdf")
    response = admin_client.post("/admin/publications/publication/add/", admin_form(pdf=upload))
    assert response.status_code == 302
    # A random stored name: a draft's PDF cannot be guessed from its file name.
    assert re.fullmatch(r"publications/[0-9a-f]{32}\.pdf", Publication.objects.get().pdf.name)
    named_html = SimpleUploadedFile("paper.html", pdf_bytes(), content_type="application/pdf")
    response = admin_client.post("/admin/publications/publication/add/",
                                 admin_form(pdf=named_html, slug="html"))  # fmt: skip
    assert "File extension “html” is not allowed." in response.content.decode()
    assert not Publication.objects.filter(slug="html").exists()
    settings.PUBLICATION_PDF_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", pdf_bytes(), content_type="application/pdf")
    response = admin_client.post("/admin/publications/publication/add/",
                                 admin_form(pdf=upload, slug="big"))  # fmt: skip
    assert "PDFs may be at most 100\xa0bytes" in response.content.decode()


def test_admin_import_previews_then_writes_on_confirm(admin_client):
    MemberFactory(name="David Greenberg")
    text = ("@article{a, title={First}, year=2020, author={Greenberg, D. and Roe, R.}}\n"
            "@article{b, title={Second}, year=2021}\n")  # fmt: skip
    upload = SimpleUploadedFile("refs.bib", text.encode())
    preview = admin_client.post("/admin/publications/publication/import-bibtex/",
                                {"file": upload, "publish": "on"})  # fmt: skip
    html = preview.content.decode()
    assert "Preview: 2 new, 0 changed, 0 unchanged" in html
    assert "R. Roe (1 paper)" in html
    assert not Publication.objects.exists()
    confirm = admin_client.post("/admin/publications/publication/import-bibtex/",
                                {"text": text, "publish": "on", "confirm": "1"})  # fmt: skip
    assert confirm.status_code == 302
    assert sorted(Publication.objects.values_list("title", flat=True)) == ["First", "Second"]
    again = admin_client.post("/admin/publications/publication/import-bibtex/",
                              {"file": SimpleUploadedFile("refs.bib", text.encode())})  # fmt: skip
    assert "Nothing to import" in again.content.decode()


def test_admin_import_lists_every_reason_for_a_broken_file(admin_client):
    text = "@article{a, year=2020}\n@article{a, title={B}, year=2021}\n"
    upload = SimpleUploadedFile("bad.bib", text.encode())
    response = admin_client.post("/admin/publications/publication/import-bibtex/", {"file": upload})
    html = response.content.decode()
    assert "Correct these 2 problems" in html
    assert "the key “a” is used by two entries." in html
    assert "entry “a”: has no title." in html
    latin1 = "@article{a, title={Gr\xfc\xdfe}}".encode("latin-1")
    not_utf8 = SimpleUploadedFile("latin1.bib", latin1)
    response = admin_client.post(
        "/admin/publications/publication/import-bibtex/", {"file": not_utf8}
    )
    assert "This file is not UTF-8 text." in response.content.decode()
    assert not Publication.objects.exists()


def test_the_import_page_is_for_staff_with_permission_only(staff_client):
    assert Client().get("/admin/publications/publication/import-bibtex/").status_code == 302
    assert staff_client.get("/admin/publications/publication/import-bibtex/").status_code == 403


@pytest.mark.parametrize("count", [3, 40])
def test_landing_block_query_count_is_constant(
    client, site_settings, django_assert_num_queries, count
):
    member = MemberFactory(name="Ada", slug="ada")
    fill(count, member)
    site_settings.landing_publications = "recent"
    site_settings.save()
    # settings, navigation, next session, sections, positions, papers, their authors, logos
    with django_assert_num_queries(8):
        html = client.get("/").content.decode()
    assert html.count('class="publication"') == min(count, 5)


def test_admin_preview_shows_each_changed_field_and_ambiguous_names(admin_client):
    MemberFactory(name="Daniel Weber")
    MemberFactory(name="Dora Weber")
    old = "@article{a, title={First}, year=2020, volume={1}, author={Weber, D.}}\n"
    admin_client.post("/admin/publications/publication/import-bibtex/",
                      {"text": old, "publish": "on", "confirm": "1"})  # fmt: skip
    new = old.replace("volume={1}", "volume={2}")
    upload = SimpleUploadedFile("refs.bib", new.encode())
    html = admin_client.post("/admin/publications/publication/import-bibtex/",
                             {"file": upload}).content.decode()  # fmt: skip
    assert "Preview: 0 new, 1 changed, 0 unchanged" in html
    assert '<th scope="row">volume</th><td>1</td><td>2</td>' in html
    assert "<strong>D. Weber</strong> (1 paper): could be Daniel Weber or Dora Weber" in html


def test_admin_preview_refuses_deeply_nested_latex_with_a_reason(admin_client):
    title = "\\textbf{" * 3000 + "x" + "}" * 3000
    upload = SimpleUploadedFile(
        "deep.bib", f"@article{{deep, title={{{title}}}, year=2020}}".encode()
    )
    response = admin_client.post("/admin/publications/publication/import-bibtex/", {"file": upload})
    assert response.status_code == 200
    assert "entry “deep”: its LaTeX cannot be read" in response.content.decode()


MALFORMED_QUERIES = [
    "q=%00",
    "q=cloud%00",
    "member=%00",
    "member=a%00b",
    "member=x%0d%0aSet-Cookie:%20a=b",
    "year=%C2%B2%E2%81%B0%C2%B2%C2%B9",  # superscript digits: isdigit() but not int()
]


@pytest.mark.parametrize("url", ["/publications/", "/publications/export.bib",
                                 "/publications/export.json"])  # fmt: skip
@pytest.mark.parametrize("query", MALFORMED_QUERIES)
def test_malformed_filters_are_ignored_not_an_error(client, site_settings, url, query):
    PublicationFactory(title="Cloud physics")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert "Cloud physics" in response.content.decode()


def test_exports_name_only_published_members_and_drafts_cannot_be_probed(
    client, staff_client, site_settings
):
    hidden = MemberFactory(name="Hidden", slug="hidden", published=False)
    ada = MemberFactory(name="Ada", slug="ada")
    paper = PublicationFactory(title="Joint paper", slug="joint")
    AuthorshipFactory(publication=paper, name="Hidden", member=hidden)
    AuthorshipFactory(publication=paper, name="Ada", member=ada, position=1)
    for extension in ("bib", "json"):
        response = client.get(f"/publications/export.{extension}?member=hidden")
        assert response["Content-Disposition"] == f'attachment; filename="publications.{extension}"'
        assert "Joint paper" not in response.content.decode()
        response = client.get(f"/publications/export.{extension}?member=ada")
        assert response["Content-Disposition"] == (
            f'attachment; filename="publications-ada.{extension}"'
        )
        assert "Joint paper" in response.content.decode()
    assert "Joint paper" not in page_text(client.get("/publications/?member=hidden"))
    # Staff previewing the draft member's page still see the member's papers.
    assert "Joint paper" in staff_client.get("/people/hidden/").content.decode()


def test_editors_may_edit_publications_and_import_bibtex(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    paper = PublicationFactory(title="Editable")
    assert client.get("/admin/publications/publication/").status_code == 200
    assert client.get(f"/admin/publications/publication/{paper.pk}/change/").status_code == 200
    assert client.get("/admin/publications/publication/import-bibtex/").status_code == 200
    upload = SimpleUploadedFile("refs.bib", b"@article{a, title={Imported}, year=2020}")
    client.post("/admin/publications/publication/import-bibtex/", {"file": upload})
    confirm = client.post(
        "/admin/publications/publication/import-bibtex/",
        {"text": "@article{a, title={Imported}, year=2020}", "confirm": "1"},
    )
    assert confirm.status_code == 302
    assert Publication.objects.filter(title="Imported").exists()
    assert editor.has_perms(
        [
            "publications.delete_publication",
            "publications.add_authorship",
            "publications.change_authorship",
            "publications.delete_authorship",
        ]
    )


def test_an_incomplete_author_list_ends_in_et_al(client, site_settings):
    paper = PublicationFactory(title="Big collaboration", slug="big", more_authors=True)
    AuthorshipFactory(publication=paper, name="Ann Lead")
    for url in ("/publications/", "/publications/big/"):
        assert "Ann Lead, et al.</p>" in client.get(url).content.decode()


def test_a_paper_page_renders_its_citation_with_redis_stopped(client, site_settings, cache_outage):
    PublicationFactory(title="Rain in outages", slug="rain", year=2023, venue="Weather")
    response = client.get("/publications/rain/")
    assert response.status_code == 200
    assert "Rain in outages" in response.content.decode()
    assert "Weather" in response.content.decode()
