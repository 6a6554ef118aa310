import re
from datetime import date

import pytest
from django.contrib.admin.sites import site
from reversion.models import Version

from groupsite.sheets.files import Table, read_sheet, write_sheet
from publications.models import Authorship, Publication
from publications.services import apply_import
from publications.sheets import PublicationSheet, format_author, parse_authors
from tests import sheets
from tests.factories import AuthorshipFactory, MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db
HEADERS = ["type", "title", "authors", "year", "doi", "arxiv_id", "bibtex_key", "keywords"]
SHEET = [
    ["article", "Learning ocean mixing", "Müller, Jörg; Ångström, Zoë; van der Berg, Anna",
     2023, "https://doi.org/10.1029/2022MS003412", "", "muller2023", "ocean; mixing ,ML"],
    ["Preprint", "Neural operators", "Ødegaard, C.; Li, Bo", "2024", "", "arXiv:2401.01234",
     "", ""],
    ["conference", "Only a key", "Durand, Chloé", 2022, "", "", "durand2022", ""],
]  # fmt: skip


def sheet(rows=SHEET, headers=HEADERS) -> Table:
    return Table(headers=list(headers), rows=[list(row) for row in rows])


def import_data(table: Table):
    """Plan, then apply if nothing is refused; the plan."""
    plan = PublicationSheet().plan(table)
    if not plan.refused:
        PublicationSheet().apply(plan)
    return plan


def totals(plan):
    return plan.counts


def exported() -> Table:
    headers, rows = PublicationSheet().export()
    return Table(headers=headers, rows=rows)


def dicts(table: Table) -> list[dict]:
    return [dict(zip(table.headers, row, strict=True)) for row in table.rows]


def snapshot():
    papers = Publication.objects.order_by("slug").prefetch_related("authorships")
    return [
        (
            {k: v for k, v in vars(p).items()
             if k not in {"_state", "_prefetched_objects_cache", "updated_at"}},
            [(a.position, a.name, a.family_name, a.given_names, a.member_id)
             for a in p.authorships.all()],
        )
        for p in papers
    ]  # fmt: skip


def authors(publication):
    return [(a.name, a.family_name, a.given_names, a.member_id)
            for a in publication.authorships.all()]  # fmt: skip


def test_a_sheet_imports_with_authors_linked_to_members_and_then_changes_nothing():
    jorg = MemberFactory(name="Jörg Müller", slug="jorg")
    MemberFactory(name="Bo Li", slug="bo-1")
    MemberFactory(name="Bo Li", slug="bo-2")  # two members of that name: not linked
    first = import_data(sheet())
    assert totals(first) == {"new": 3, "changed": 0, "unchanged": 0, "refused": 0}
    mixing = Publication.objects.get(doi="10.1029/2022MS003412")
    assert (mixing.kind, mixing.year, mixing.bibtex_key, mixing.slug, mixing.keywords) == (
        "article",
        2023,
        "muller2023",
        "learning-ocean-mixing",
        "ocean, mixing, ML",
    )
    assert authors(mixing) == [
        ("Jörg Müller", "Müller", "Jörg", jorg.pk),
        ("Zoë Ångström", "Ångström", "Zoë", None),
        ("Anna van der Berg", "van der Berg", "Anna", None),
    ]
    operators = Publication.objects.get(arxiv_id="2401.01234")
    assert (operators.kind, operators.year, operators.slug) == (
        "preprint",
        2024,
        "neural-operators",
    )
    assert authors(operators) == [("C. Ødegaard", "Ødegaard", "C.", None),
                                  ("Bo Li", "Li", "Bo", None)]  # fmt: skip
    # One history entry per paper, holding its authors.
    version = Version.objects.get_for_object(mixing).get()
    assert version.revision.comment == "Imported from the spreadsheet."
    before = snapshot()
    again = import_data(sheet())
    assert totals(again) == {"new": 0, "changed": 0, "unchanged": 3, "refused": 0}
    assert snapshot() == before


def test_rows_match_by_doi_then_arxiv_id_then_bibtex_key_as_the_bibtex_import_does():
    by_doi = PublicationFactory(doi="10.1000/ABC", bibtex_key="old-doi-key")
    by_arxiv = PublicationFactory(kind="preprint", arxiv_id="2101.01234")
    by_key = PublicationFactory(bibtex_key="smith2020")
    rows = [
        ["article", "DOI in other case", "", 2022, "10.1000/abc", "", "other-key", ""],
        ["preprint", "Same preprint", "", 2022, "", "2101.01234", "", ""],
        ["article", "By key", "", 2022, "", "", "smith2020", ""],
    ]
    result = import_data(sheet(rows))
    assert totals(result) == {"new": 0, "changed": 3, "unchanged": 0, "refused": 0}
    by_doi.refresh_from_db(), by_arxiv.refresh_from_db(), by_key.refresh_from_db()
    assert (by_doi.title, by_doi.bibtex_key) == ("DOI in other case", "other-key")
    assert by_arxiv.title == "Same preprint"
    assert by_key.title == "By key"
    assert Publication.objects.count() == 3


def test_the_same_as_a_bibtex_import_then_a_sheet_of_it_changes_nothing():
    apply_import(
        '@article{muller2023, author = {M{\\"u}ller, J{\\"o}rg and Li, Bo and others},'
        " title = {Learning ocean mixing}, journal = {JAMES}, year = {2023},"
        " doi = {10.1029/2022MS003412}, keywords = {ocean, mixing}}"
    )
    before = snapshot()
    table = exported()
    assert dicts(table)[0]["authors"] == "Müller, Jörg; Li, Bo"
    assert dicts(table)[0]["more_authors"] == "yes"
    result = import_data(table)
    assert totals(result)["unchanged"] == 1
    assert snapshot() == before


def test_invalid_rows_refuse_the_whole_file_naming_every_row():
    rows = [
        ["article", "Fine", "Müller, Jörg", 2023, "10.1000/fine", "", "", ""],
        ["article", "Bad DOI", "", 2023, "11.1000/x", "", "", ""],
        ["article", "Bad year", "", "MMXX", "", "", "key-a", ""],
        ["article", "Same DOI", "", 2023, "10.1000/FINE", "", "", ""],
        ["article", "No identifier", "", 2023, "", "", "", ""],
        ["essay", "Bad type", "A, B, C, D", 2023, "", "", "key-b", ""],
    ]
    result = import_data(sheet(rows))
    errors = result.errors_by_number()
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert errors[3] == {"doi": ["A DOI starts with 10., like 10.1038/nature14539."]}
    assert errors[4] == {"year": ["“MMXX” is not a whole number."]}
    # (No second reason about row 2's DOI: a plan writes nothing, so row 2 is not on the
    # site while row 5 is checked.)
    assert errors[5] == {
        "": ["Row 5 repeats DOI / 10.1000/fine from row 2; each may appear once."],
    }
    assert errors[6] == {
        "": ["Give a DOI, an arXiv id, a BibTeX key or a slug, so that a later import "
                    "finds this publication again."]
    }  # fmt: skip
    assert errors[7] == {
        "type": ["“essay” is not a type; use one of: Journal article, Conference paper, "
                 "Preprint, Thesis, Book or chapter, Report, Software, Dataset."],
        "authors": ["“A, B, C, D” has more than two commas; write “Family, Given”."],
    }  # fmt: skip
    assert Publication.objects.count() == 0


def test_two_rows_matching_one_publication_are_refused():
    PublicationFactory(doi="10.1000/one", bibtex_key="one", title="One")
    rows = [
        ["article", "By DOI", "", 2022, "10.1000/one", "", "", ""],
        ["article", "By key", "", 2022, "", "", "one", ""],
    ]
    result = import_data(sheet(rows))
    ((number, error),) = result.errors_by_number().items()
    assert number == 3
    # The publication as the site has it (nothing of row 2 is written while planning).
    assert error == {"": ["Row 3 matches the publication “One”, as row 2 does; each "
                          "publication may appear once."]}  # fmt: skip
    assert Publication.objects.get().title == "One"


def test_links_made_in_the_admin_stay_and_new_members_are_linked_on_reimport():
    import_data(sheet())
    mixing = Publication.objects.get(bibtex_key="muller2023")
    anna = MemberFactory(name="Anna Berg", slug="anna")
    mixing.authorships.filter(family_name="Ångström").update(member=anna)  # by hand
    zoe_member = MemberFactory(name="Zoë Ångström", slug="zoe")
    jorg = MemberFactory(name="Jörg Müller", other_names="J. Müller", slug="jorg")
    result = import_data(sheet())
    assert totals(result) == {"new": 0, "changed": 1, "unchanged": 2, "refused": 0}
    assert [a.member_id for a in mixing.authorships.all()] == [jorg.pk, anna.pk, None]
    assert zoe_member.pk not in [a.member_id for a in mixing.authorships.all()]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Müller, Jörg", [("Jörg Müller", "Müller", "Jörg")]),
        ("van der Berg, Anna; Li, Bo", [("Anna van der Berg", "van der Berg", "Anna"),
                                         ("Bo Li", "Li", "Bo")]),
        ("King, Jr., Martin L.", [("Martin L. King Jr.", "King", "Martin L.")]),
        ("Anna Müller", [("Anna Müller", "Müller", "Anna")]),
        ("World Health Organization,", [("World Health Organization",
                                         "World Health Organization", "")]),
        ("Plato", [("Plato", "Plato", "")]),
        (" ; ", []),
    ],
)  # fmt: skip
def test_author_cells_read_and_write_back_exactly(cell, expected):
    parsed = parse_authors(cell)
    assert [(a.name, a.family_name, a.given_names) for a in parsed] == expected
    written = "; ".join(format_author(a) for a in parsed)
    assert [(a.name, a.family_name, a.given_names) for a in parse_authors(written)] == expected


def test_export_then_import_into_an_empty_site_gives_equal_publications():
    member = MemberFactory(name="Ada Lovelace", slug="ada")
    paper = PublicationFactory(
        kind="conference", title="Engines, analysed", year=2021, month=6,
        date=date(2021, 6, 14), venue="NeurIPS", volume="34", issue="2", pages="101–117",
        publisher="Curran", doi="10.5555/engines", arxiv_id="2106.01234",
        bibtex_key="lovelace2021", more_authors=True, url="https://example.org/p",
        pdf_url="https://example.org/p.pdf", code_url="https://github.com/a/b",
        data_url="https://example.org/d", slides_url="https://example.org/s",
        video_url="https://youtu.be/dQw4w9WgXcQ", abstract="Über *alles*.\n\nZwei.",
        keywords="engines, ünïcödé", selected=True, published=False,
    )  # fmt: skip
    AuthorshipFactory(publication=paper, name="Ada Lovelace", family_name="Lovelace",
                      given_names="Ada", member=member, position=0)  # fmt: skip
    AuthorshipFactory(publication=paper, name="Martin L. King Jr.", family_name="King",
                      given_names="Martin L.", position=1)  # fmt: skip
    AuthorshipFactory(
        publication=paper,
        name="World Health Organization",
        family_name="World Health Organization",
        given_names="",
        position=2,
    )
    PublicationFactory(title="Without identifiers", slug="bare", year=2020)
    before = snapshot()
    for file_format in ("csv", "xlsx"):
        table = exported()
        data = write_sheet(table.headers, table.rows, file_format)
        Publication.objects.all().delete()
        Authorship.objects.all().delete()
        dataset = read_sheet(data, file_format)
        result = import_data(dataset)
        assert totals(result)["new"] == 2, result.refusals()
        after = snapshot()
        assert [strip_ids(p) for p in after] == [strip_ids(p) for p in before]
        assert totals(import_data(dataset))["unchanged"] == 2


def strip_ids(paper):
    values, authorships = paper
    skip = {"id", "created_at", "published_version_id", "doi_lower"}
    return {k: v for k, v in values.items() if k not in skip}, [a[:4] for a in authorships] + [
        a[4] is not None for a in authorships
    ]


def test_a_preprint_row_links_to_its_published_version():
    published = PublicationFactory(arxiv_id="2401.01234", doi="10.1000/pub")
    import_data(sheet([SHEET[1]]))
    assert Publication.objects.get(kind="preprint").published_version == published


# The admin ---------------------------------------------------------------------------------
IMPORT = "/admin/publications/publication/import/"


def upload(client, content: str):
    return sheets.upload(client, Publication, content, name="papers.csv")


def test_an_editor_previews_then_confirms_a_publication_sheet(editor_client):
    content = 'title,authors,year,doi\nOcean mixing,"Müller, Jörg",2023,10.1000/x\n'
    preview = upload(editor_client, content)
    html = preview.content.decode()
    assert re.findall(r'<td class="import-type">\s*(\w+)', html) == ["New"]
    assert "1 new, 0 changed, 0 unchanged." in html
    assert Publication.objects.count() == 0
    sheets.confirm(editor_client, Publication, preview)
    paper = Publication.objects.get()
    assert authors(paper) == [("Jörg Müller", "Müller", "Jörg", None)]
    assert Version.objects.get_for_object(paper).get().revision.user.username == "ed"
    again = upload(editor_client, content).content.decode()
    assert "0 new, 0 changed, 1 unchanged." in again


def test_the_change_list_offers_both_imports_and_a_sample(editor_client):
    html = editor_client.get("/admin/publications/publication/").content.decode()
    assert 'href="/admin/publications/publication/import-bibtex/"' in html
    assert 'href="/admin/publications/publication/import/" class="import_link"' in html
    sample = editor_client.get(IMPORT + "sample.xlsx")
    assert sample["Content-Disposition"] == 'attachment; filename="publications-sample.xlsx"'
    dataset = read_sheet(sample.content, "xlsx")
    assert dataset.headers == PublicationSheet().column_names()
    assert dataset.headers[:4] == ["type", "title", "authors", "more_authors"]
    result = import_data(dataset)
    assert totals(result)["new"] == 1, result.refusals()
    paper = Publication.objects.get()
    assert [a.name for a in paper.authorships.all()] == [
        "Jörg Müller", "Zoë Ångström", "Anna van der Berg"
    ]  # fmt: skip


def test_export_respects_the_change_list_filters(rf, django_user_model):
    PublicationFactory(title="Old", year=2019)
    PublicationFactory(title="New", year=2024)
    request = rf.get("/admin/publications/publication/export/", {"year__exact": 2024})
    request.user = django_user_model.objects.create_superuser("boss", "b@x.example", "pw")
    admin = site._registry[Publication]
    headers, rows = PublicationSheet().export(admin.get_export_queryset(request), ["title"])
    assert (headers, rows) == (["title"], [["New"]])


def test_a_year_in_unicode_digits_is_refused_with_the_reason():
    rows = [["article", "Superscript year", "", "²⁰²³", "10.1000/sup", "", "", ""]]
    result = import_data(sheet(rows))
    assert result.errors_by_number() == {2: {"year": ["“²⁰²³” is not a whole number."]}}
