import string
from datetime import date
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publications.bibtex import AuthorName, parse_bibtex
from publications.bibtex_export import to_bibtex
from publications.models import Authorship, Publication, PublicationType
from publications.services import apply_import
from tests.factories import AuthorshipFactory, PublicationFactory

REALISTIC = (Path(__file__).parent / "data" / "realistic.bib").read_text(encoding="utf-8")


def entries_by_key(text):
    parsed = parse_bibtex(text)
    assert parsed.errors == []
    return {entry.key: entry for entry in parsed.entries}


def test_the_realistic_file_reads_without_errors_and_skips_only_proceedings():
    parsed = parse_bibtex(REALISTIC)
    assert parsed.errors == []
    assert len(parsed.entries) == 42
    assert {"neurips2022", "iclr2024"}.isdisjoint(entry.key for entry in parsed.entries)


def test_latex_accents_and_commands_become_unicode():
    entries = entries_by_key(REALISTIC)
    names = [author.name for author in entries["scholar2021"].authors]
    assert names == ["David S Greenberg", "Anna Müller", "René François"]
    assert [a.name for a in entries["doiurl2020"].authors] == [
        "Amira Haddad", "Claire Étienne", "Jörg Groß",
    ]  # fmt: skip
    assert entries["concat2023"].authors[1].name == "Søren Østergaard"
    assert (
        entries["report2020"].fields["title"] == "GPU cluster usage report 2019&2020: 50% more jobs"
    )
    assert entries["quotes2021"].fields["title"] == "“Good enough” emulators – a user's view"
    assert entries["brandt2025surge"].fields["venue"] == "Universität Hamburg"


def test_braces_protecting_capitals_disappear_and_math_stays():
    entries = entries_by_key(REALISTIC)
    title = "U-Net or transformer? Emulating storm-surge forecasts in the German Bight"
    assert entries["brandt2025surge"].fields["title"] == title
    assert entries["math2022"].fields["title"] == "Wave spectra at $k^{-3}$: a learned correction"
    assert entries["multiline2019"].fields["title"] == "A note on calibration of ensemble forecasts"


def test_string_macros_concatenation_and_month_macros():
    entries = entries_by_key(REALISTIC)
    hoffmann = entries["hoffmann2021stable"].fields
    assert hoffmann["venue"] == "Journal of Advances in Modeling Earth Systems"
    assert hoffmann["month"] == 9
    concat = entries["concat2023"].fields
    assert concat["venue"] == (
        "Proceedings of Machine Learning Research 202: Workshop on Efficient Learning"
    )
    assert concat["month"] == 8  # "August"
    assert entries["thesis2019"].fields["month"] == 10  # {10}


def test_crossref_fills_in_the_parent_proceedings():
    fields = entries_by_key(REALISTIC)["greenberg2022amortised"].fields
    assert fields["kind"] == PublicationType.CONFERENCE
    assert fields["venue"] == "Advances in Neural Information Processing Systems 35"
    assert fields["publisher"] == "Curran Associates"
    assert fields["year"] == 2022
    assert fields["month"] == 12


def test_names_split_into_family_and_given_with_particles_and_organisations():
    entries = entries_by_key(REALISTIC)
    piet, maria, _ = entries["vonname2022"].authors
    assert (piet.family_name, piet.given_names) == ("van der Berg", "Piet")
    assert (maria.family_name, maria.given_names, maria.name) == (
        "de la Cruz", "María", "María de la Cruz",
    )  # fmt: skip
    consortium = entries["corp2023"].authors[0]
    assert (consortium.family_name, consortium.given_names) == ("Helmholtz AI Consortium", "")


def test_identifiers_dates_and_custom_fields():
    entries = entries_by_key(REALISTIC)
    assert entries["doiurl2020"].fields["doi"] == "10.5555/DEMO.ECSS.2020.0101"
    assert entries["scholar2021"].fields["arxiv_id"] == "2150.11111"
    assert entries["scholar2021"].fields["kind"] == PublicationType.PREPRINT
    assert entries["haddad2024sediment"].fields["date"] == date(2024, 4, 17)
    assert entries["biblatexdate2024"].fields["month"] == 10
    assert entries["urlonly2018"].fields["url"] == "https://example.org/paper_2018"
    assert entries["multiline2019"].fields["keywords"] == "calibration, ensembles, verification"
    lin = entries["lin2024conservation"].fields
    assert lin["selected"] is True
    assert lin["code_url"] == "https://github.com/m-dml/demo-conserving-layers"
    assert entries["selectedfalse2021"].fields["selected"] is False
    assert entries["concat2023"].fields["pages"] == "1–12"


@pytest.mark.parametrize(
    ("entry_key", "kind"),
    [
        ("hoffmann2021stable", PublicationType.ARTICLE),
        ("hoffmann2023energy_preprint", PublicationType.PREPRINT),
        ("unpub2025", PublicationType.PREPRINT),
        ("brandt2025surge", PublicationType.THESIS),
        ("book2018", PublicationType.BOOK),
        ("inbook2019", PublicationType.BOOK),
        ("report2020", PublicationType.REPORT),
        ("weber2023mdmltools", PublicationType.SOFTWARE),
        ("weber2024l96bench", PublicationType.DATASET),
    ],
)
def test_entry_types_map_to_publication_types(entry_key, kind):
    assert entries_by_key(REALISTIC)[entry_key].fields["kind"] == kind


def test_an_unclosed_brace_is_reported_with_its_line():
    text = (
        "@article{good, title={Fine}, year=2020}\n\n"
        "@article{bad,\n  title = {Open {brace},\n  year = 2021,\n}\n"
    )
    errors = parse_bibtex(text).errors
    assert len(errors) == 1
    assert errors[0].startswith("Line 3: cannot read “@article{bad,")


def test_an_unclosed_brace_in_the_middle_and_a_duplicate_key_and_no_title_all_listed():
    text = (
        "@article{one, title={One}, year=2020}\n"
        "@article{one, title={Again}, year=2020}\n"
        "@article{two, title={Broken {brace, year=2020}\n"
        "@article{three, author={A, B}, year=2021}\n"
        "@article{four, title={Bad year}, year={next}}\n"
        "@inproceedings{five, title={Orphan}, year=2020, crossref={missing}}\n"
    )
    errors = parse_bibtex(text).errors
    assert errors == [
        "Line 2: the key “one” is used by two entries.",
        "Line 3: cannot read “@article{two, title={Broken {brace, year=2020}…”: Unexpected "
        "block start: `@article`. Was still looking for field-value closing `}`",
        "Line 4, entry “three”: has no title.",
        "Line 5, entry “four”: the year “next” is not a year.",
        "Line 6: entry “five” refers to “missing” (crossref), which is not in the file.",
    ]


@pytest.mark.parametrize("year", ["²⁰²¹", "٢٠٢١", "２０２１"])
def test_a_year_in_other_digits_is_refused_not_a_crash(year):
    errors = parse_bibtex(f"@article{{a, title={{T}}, year={{{year}}}}}").errors
    assert errors == [f"Line 1, entry “a”: the year “{year}” is not a year."]


def test_a_date_in_other_digits_is_refused_not_a_crash():
    errors = parse_bibtex("@article{a, title={T}, date={²⁰²¹-0²-1⁴}}").errors
    assert errors == ["Line 1, entry “a”: has no year."]
    errors = parse_bibtex("@article{a, title={T}, year={2021}, day={1⁴}}").errors
    assert errors == ["Line 1, entry “a”: 2021-None-1⁴ is not a date."]


def test_bad_identifiers_and_shared_dois_are_refused():
    text = (
        "@article{a, title={A}, year=2020, doi={11.1/x}}\n"
        "@article{b, title={B}, year=2020, doi={10.1234/same}}\n"
        "@article{c, title={C}, year=2020, doi={10.1234/SAME}}\n"
        "@article{d, title={D}, year=2020, month={Smarch}}\n"
    )
    errors = parse_bibtex(text).errors
    assert "Line 1, entry “a”: “11.1/x” is not a DOI (they start with 10.)." in errors
    assert "Line 3: entries “b” and “c” have the same DOI 10.1234/SAME." in errors
    assert "Line 4, entry “d”: the month “Smarch” is not a month." in errors


COMPARED = ("kind", "title", "year", "month", "date", "venue", "volume", "issue", "pages",
            "publisher", "doi", "arxiv_id", "url", "abstract", "keywords", "selected",
            "pdf_url", "code_url", "data_url", "slides_url", "video_url")  # fmt: skip


@pytest.mark.django_db
def test_bibtex_round_trip_import_then_export_gives_back_the_same_fields():
    apply_import(REALISTIC)
    from publications.models import Publication

    exported = to_bibtex(Publication.objects.with_authors().order_by("pk"))
    original = {entry.key: entry for entry in parse_bibtex(REALISTIC).entries}
    again = parse_bibtex(exported)
    assert again.errors == []
    assert len(again.entries) == 42
    for entry in again.entries:
        before = original[entry.key]
        for name in COMPARED:
            assert entry.fields[name] == before.fields[name], (entry.key, name)
        assert entry.authors == before.authors, entry.key


@pytest.mark.django_db
def test_export_escapes_latex_specials_and_plain_bibtexparser_reads_it():
    publication = PublicationFactory(title="50% of A&B_c #1", venue="Jour{nal}", pages="3–9")
    AuthorshipFactory(publication=publication, family_name="Østergaard", given_names="Søren")
    text = to_bibtex([publication])
    assert r"50\% of A\&B\_c \#1" in text
    assert "pages = {3--9}" in text
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    assert library.entries[0]["author"] == ["Østergaard, Søren"]
    assert parse_bibtex(text).entries[0].fields["title"] == "50% of A&B_c #1"


def nested(opening: str, depth: int) -> str:
    return opening * depth + "x" + "}" * depth


def test_deeply_nested_latex_is_refused_with_a_reason_not_a_crash():
    text = (
        f"@article{{braces, title={{{nested('{', 3000)}}}, year=2020}}\n"
        f"@article{{bold, title={{{nested(chr(92) + 'textbf{', 3000)}}}, year=2020}}\n"
        f"@article{{authors, title={{T}}, author={{{nested('{', 3000)}}}, year=2020}}\n"
        f"@proceedings{{deep, title={{{nested('{', 3000)}}}, year=2020}}\n"
        "@inproceedings{child, title={Child}, year=2020, crossref={deep}}\n"
        f"@article{{sixty, title={{{nested('{', 60)}}}, year=2020}}\n"
        f"@article{{fine, title={{{nested('{', 48)}}}, year=2020}}\n"
    )
    parsed = parse_bibtex(text)
    reason = "its LaTeX cannot be read (braces or commands nested more than 50 deep)."
    assert parsed.errors == [
        f"Line {line}, entry “{key}”: {reason}"
        for line, key in [(1, "braces"), (2, "bold"), (3, "authors"), (5, "child"), (6, "sixty")]
    ]
    assert [(e.key, e.fields["title"]) for e in parsed.entries] == [("fine", "x")]


def test_a_nul_character_is_refused_with_its_lines():
    text = "@article{a, title={Fine}, year=2020}\n@article{b, title={Bro\x00ken}, year=2020}\n"
    assert parse_bibtex(text).errors == [
        "Line 2: contains a NUL character (\\0), which is not text; export the file again."
    ]


@pytest.mark.django_db
def test_and_others_is_et_al_not_an_author_and_is_written_back():
    text = "@article{a, title={T}, year=2020, author={Doe, Jane and Roe, R. and others}}"
    [entry] = parse_bibtex(text).entries
    assert [author.name for author in entry.authors] == ["Jane Doe", "R. Roe"]
    assert entry.fields["more_authors"] is True
    apply_import(text)
    from publications.models import Publication

    paper = Publication.objects.with_authors().get()
    assert [a.name for a in paper.authorships.all()] == ["Jane Doe", "R. Roe"]
    exported = to_bibtex([paper])
    assert "author = {Doe, Jane and Roe, R. and others}" in exported
    [again] = parse_bibtex(exported).entries
    assert (again.authors, again.fields["more_authors"]) == (entry.authors, True)
    complete = "@article{a, title={T}, year=2020, author={Doe, Jane and Roe, R.}}"
    apply_import(complete)
    paper.refresh_from_db()
    assert paper.more_authors is False


def unsaved(title="T", authors=(), **fields):
    """A Publication and its authors as the exporter sees them, without the database."""
    publication = Publication(pk=1, title=title, year=2021, kind=PublicationType.ARTICLE, **fields)
    publication._prefetched_objects_cache = {"authorships": [
        Authorship(name=" ".join(p for p in (given, family, suffix) if p),
                   family_name=family, given_names=given)
        for given, family, suffix in authors
    ]}  # fmt: skip
    return publication


def read_back(publication):
    text = to_bibtex([publication])
    parsed = parse_bibtex(text)
    assert parsed.errors == [], text
    [entry] = parsed.entries
    return text, entry


def test_math_in_titles_is_written_as_latex_and_reads_back_the_same():
    title = r"Wave spectra at $k^{-3}$ and $\mathcal{O}(n^2)$: costs of \$5 -- or $5 and $6"
    stored = parse_bibtex(f"@article{{m, title={{{title}}}, year=2021}}").entries[0]
    assert stored.fields["title"] == (
        r"Wave spectra at $k^{-3}$ and $\mathcal{O}(n^2)$: costs of $5 – or $5 and $6"
    )
    publication = unsaved(stored.fields["title"], abstract=r"Rates $\alpha \in (0, 1)$ hold.")
    text, entry = read_back(publication)
    assert r"title = {{Wave spectra at $k^{-3}$ and $\mathcal{O}(n^2)$: costs of \$5 – or " \
           r"\$5 and \$6}}" in text  # fmt: skip
    assert r"abstract = {Rates $\alpha \in (0, 1)$ hold.}" in text
    assert entry.fields["title"] == stored.fields["title"]
    assert entry.fields["abstract"] == r"Rates $\alpha \in (0, 1)$ hold."
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert r"$\mathcal{O}(n^2)$" in library.entries[0]["title"]


def test_name_suffixes_and_particles_are_written_so_they_read_back_the_same():
    authors = [("John", "Smith", "Jr."), ("Henry", "Ford", "III"),
               ("Piet", "van der Berg", "Jr."), ("", "Doe", "Sr."),
               ("Ana", "Smith, Wesson and Sons", "")]  # fmt: skip
    text, entry = read_back(unsaved(authors=authors))
    assert ("author = {Smith, Jr., John and Ford, III, Henry and van der Berg, Jr., Piet and "
            "Doe, Sr., {} and {Smith, Wesson and Sons}, Ana}") in text  # fmt: skip
    assert entry.authors == [
        AuthorName("John Smith Jr.", "Smith", "John"),
        AuthorName("Henry Ford III", "Ford", "Henry"),
        AuthorName("Piet van der Berg Jr.", "van der Berg", "Piet"),
        AuthorName("Doe Sr.", "Doe", ""),
        AuthorName("Ana Smith, Wesson and Sons", "Smith, Wesson and Sons", "Ana"),
    ]  # fmt: skip
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert len(library.entries[0]["author"]) == 5


def test_ligatures_tildes_and_carets_in_text_are_kept_as_typed():
    title = "A -- B --- C ``quoted'' a~b x^2 50% back\\slash !`Hola! ?`Qué?"
    _, entry = read_back(unsaved(title))
    assert entry.fields["title"] == title


WORD = st.text(alphabet=string.ascii_letters + "éøßçñ'-.", min_size=1, max_size=8)
NAME_WORD = st.builds(lambda w: w[:1].upper() + w[1:], st.text(
    alphabet=string.ascii_lowercase + "éøüß-", min_size=1, max_size=8
).filter(lambda w: w[0].isalpha()))  # fmt: skip
TEXT = st.text(alphabet=string.ascii_letters + string.digits + " éü&%#_{}\\~^-`'.,:;!?()[]/<>\"@",
               max_size=30)  # fmt: skip
MATH_CHUNK = st.sampled_from(["$k^{-3}$", r"$\alpha$", r"$\mathcal{O}(n^2)$", "$x_i$",
                              r"$\{a\}$", r"$10\%$", "$a-b$"])  # fmt: skip
AUTHOR = st.tuples(
    st.one_of(st.just(""), st.lists(NAME_WORD, min_size=1, max_size=2).map(" ".join),
              st.just("J. R.")),
    st.tuples(st.sampled_from(["", "van der ", "de la ", "von "]),
              st.lists(NAME_WORD, min_size=1, max_size=2).map(" ".join)).map("".join),
    st.sampled_from(["", "Jr.", "Sr.", "II", "III", "IV"]),
)  # fmt: skip


@given(
    chunks=st.lists(st.one_of(TEXT, MATH_CHUNK), min_size=1, max_size=5),
    authors=st.lists(AUTHOR, max_size=4),
    venue=TEXT,
)
@settings(max_examples=300, deadline=None, database=None)
def test_any_title_venue_and_names_read_back_to_the_same_fields(chunks, authors, venue):
    title = " ".join("".join(chunks).split())
    assume(title)
    venue = " ".join(venue.split())
    _, entry = read_back(unsaved(title, authors, venue=venue, publisher=venue))
    assert (entry.fields["title"], entry.fields["venue"], entry.fields["publisher"]) == (
        title,
        venue,
        venue,
    )
    assert entry.authors == [
        AuthorName(" ".join(p for p in (given, family, suffix) if p), family, given)
        for given, family, suffix in authors
    ]


def test_a_macro_built_from_other_macros_is_filled_in():
    text = (
        '@string{jmlr = "Journal of Machine Learning Research"}\n'
        '@string{special = jmlr # " (special issue)"}\n'
        "@article{a, title={T}, year=2021, author={Ada Lovelace}, journal=special}\n"
        '@article{b, title={U}, year=2021, author={Ada Lovelace}, journal=special # " II"}\n'
    )
    parsed = parse_bibtex(text)
    assert parsed.errors == []
    assert [entry.fields["venue"] for entry in parsed.entries] == [
        "Journal of Machine Learning Research (special issue)",
        "Journal of Machine Learning Research (special issue) II",
    ]


def test_macros_doubling_each_other_are_refused_before_they_are_built():
    lines = ['@string{m0 = "' + "x" * 100 + '"}']
    lines += [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, 40)]
    lines.append("@article{a, title={T}, year=2021, note=m39}")
    errors = parse_bibtex("\n".join(lines)).errors
    assert len(errors) == 1
    assert "@string macros, built from one another, would hold more than" in errors[0]
