from pathlib import Path

import pytest
import reversion
from django.core.management import CommandError, call_command
from reversion.models import Version

from publications.models import Authorship, Publication, PublicationType
from publications.services import ImportRefused, apply_import, plan_import
from tests.factories import AuthorshipFactory, MemberFactory, PublicationFactory

REALISTIC = (Path(__file__).parent / "data" / "realistic.bib").read_text(encoding="utf-8")


@pytest.fixture
def members(db):
    return {
        "david": MemberFactory(name="David Greenberg", slug="david-greenberg"),
        "lena": MemberFactory(name="Lena Hoffmann", other_names="Lena Vogt"),
        "kai": MemberFactory(name="Kai Sørensen"),
        "tomas": MemberFactory(name="Tomás Ribeiro"),
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(members):
    first = apply_import(REALISTIC)
    assert (first.created, first.updated, first.unchanged) == (42, 0, 0)
    versions = Version.objects.count()
    authorships = list(Authorship.objects.values_list("pk", "name", "member_id").order_by("pk"))

    second = apply_import(REALISTIC)

    assert (second.created, second.updated, second.unchanged) == (0, 0, 42)
    assert Publication.objects.count() == 42
    assert list(Authorship.objects.values_list("pk", "name", "member_id").order_by("pk")) == (
        authorships
    )
    assert Version.objects.count() == versions


def test_import_writes_fields_authors_links_and_history(members):
    apply_import(REALISTIC)
    paper = Publication.objects.get(bibtex_key="hoffmann2021stable")
    assert paper.kind == PublicationType.ARTICLE
    assert paper.published and paper.selected
    assert (paper.volume, paper.issue, paper.pages) == ("13", "9", "e2021MS002510")
    authors = list(paper.authorships.values_list("name", "member__name"))
    assert authors == [("Lena Hoffmann", "Lena Hoffmann"), ("D. S. Greenberg", "David Greenberg")]
    assert reversion.is_registered(Publication)
    assert Version.objects.get_for_object(paper).count() == 1
    unmatched = Publication.objects.get(bibtex_key="scholar2021").authorships.get(position=1)
    assert (unmatched.name, unmatched.member) == ("Anna Müller", None)


def test_preprints_are_linked_to_their_published_versions(members):
    apply_import(REALISTIC)
    preprint = Publication.objects.get(bibtex_key="hoffmann2023energy_preprint")
    assert preprint.kind == PublicationType.PREPRINT
    assert preprint.published_version.bibtex_key == "hoffmann2023energy"
    assert Publication.objects.get(bibtex_key="sorensen2023flows_preprint").published_version


def test_an_updated_file_updates_matching_by_doi_then_arxiv_then_key(members):
    apply_import(REALISTIC)
    updated = (
        REALISTIC.replace("volume    = {13},", "volume    = {14},")  # matched by DOI
        .replace("@article{hoffmann2021stable,", "@article{hoffmann2021renamed,")
        .replace("Adjoint sensitivities of learned morphodynamics",
                 "Adjoint sensitivities of a learned morphodynamic model")  # by arXiv id
        .replace("Notes on amortised inference", "Lecture notes on amortised inference")  # key
    )  # fmt: skip
    plan = plan_import(updated)
    assert plan.errors == []
    assert plan.counts == {"new": 0, "changed": 3, "unchanged": 39}
    changes = {p.entry.key: p.changes for p in plan.with_action("changed")}
    assert changes["hoffmann2021renamed"] == [
        ("volume", "13", "14"), ("BibTeX key", "hoffmann2021stable", "hoffmann2021renamed"),
    ]  # fmt: skip
    assert changes["haddad2022adjoint"] == [
        ("title", "Adjoint sensitivities of learned morphodynamics",
         "Adjoint sensitivities of a learned morphodynamic model"),
    ]  # fmt: skip

    result = apply_import(updated)

    assert (result.created, result.updated, result.unchanged) == (0, 3, 39)
    paper = Publication.objects.get(doi="10.5555/demo.jame.2021.0917")
    assert (paper.volume, paper.bibtex_key) == ("14", "hoffmann2021renamed")
    assert Publication.objects.filter(title="Lecture notes on amortised inference").count() == 1
    assert Publication.objects.count() == 42


def test_a_changed_author_list_is_shown_and_rewritten_keeping_manual_links(members):
    apply_import(REALISTIC)
    paper = Publication.objects.get(bibtex_key="scholar2021")
    helper = MemberFactory(name="Anna Schmidt")
    paper.authorships.filter(name="Anna Müller").update(member=helper)  # staff decided
    updated = REALISTIC.replace(
        "author={Greenberg, David S and M{\\\"u}ller, Anna and Fran{\\c{c}}ois, Ren{\\'e}}",
        'author={Greenberg, David S and M{\\"u}ller, Anna}',
    )
    assert updated != REALISTIC
    plan = plan_import(updated)
    (planned,) = plan.with_action("changed")
    assert planned.changes == [
        ("authors", "David S Greenberg; Anna Müller; René François",
         "David S Greenberg; Anna Müller"),
    ]  # fmt: skip
    apply_import(updated)
    assert list(paper.authorships.values_list("name", "member")) == [
        ("David S Greenberg", members["david"].pk), ("Anna Müller", helper.pk),
    ]  # fmt: skip


def test_fields_the_file_leaves_empty_keep_what_staff_entered(members):
    apply_import(REALISTIC)
    paper = Publication.objects.get(bibtex_key="menon2023uncertainty")
    paper.slides_url = "https://example.org/slides.pdf"
    paper.selected = True
    paper.save()
    assert plan_import(REALISTIC).counts["changed"] == 0
    apply_import(REALISTIC)
    paper.refresh_from_db()
    assert (paper.slides_url, paper.selected) == ("https://example.org/slides.pdf", True)


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("@article{x, title={Open {brace}, year=2020}\n", ": cannot read “@article{x,"),
        ("@article{x, title={A}, year=2020}\n@article{x, title={B}, year=2020}\n",
         ": the key “x” is used by two entries."),
        ("@article{x, author={Doe, J.}, year=2020}\n", ", entry “x”: has no title."),
        ("@article{, title={No key}, year=2020}\n",
         ": this @article entry has no key (the name after the opening brace); give it one."),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_with_reasons_and_nothing_written(members, broken, reason):
    PublicationFactory(title="Already here")
    text = REALISTIC + "\n" + broken
    with pytest.raises(ImportRefused) as refused:
        apply_import(text)
    assert len(refused.value.reasons) == 1
    assert reason in refused.value.reasons[0]
    assert list(Publication.objects.values_list("title", flat=True)) == ["Already here"]
    assert Authorship.objects.count() == 0


def test_ambiguous_and_unmatched_names_are_listed_and_left_unlinked(db):
    daniel = MemberFactory(name="Daniel Weber")
    dora = MemberFactory(name="Dora Weber")
    text = (
        "@article{a, title={A}, year=2020, author={Weber, D. and Weber, Dora and Roe, R.}}\n"
        "@article{b, title={B}, year=2021, author={Weber, D.}}\n"
    )
    plan = plan_import(text)
    assert plan.ambiguous_names == [("D. Weber", [daniel, dora], 2)]
    assert plan.unmatched_names == [("R. Roe", [], 1)]
    apply_import(text)
    links = list(Authorship.objects.order_by("publication__title", "position")
                 .values_list("name", "member"))  # fmt: skip
    assert links == [("D. Weber", None), ("Dora Weber", dora.pk), ("R. Roe", None),
                     ("D. Weber", None)]  # fmt: skip


def test_two_entries_matching_one_publication_are_refused(db):
    PublicationFactory(doi="10.1234/one", bibtex_key="first", title="Existing")
    text = (
        "@article{first, title={A}, year=2020}\n"
        "@article{other, title={B}, year=2020, doi={10.1234/ONE}}\n"
    )
    assert plan_import(text).errors == [
        "Line 2: entries “first” and “other” both match the existing publication “Existing”."
    ]


def test_new_entries_get_unique_slugs_and_can_be_imported_as_drafts(db):
    PublicationFactory(slug="same-title")
    text = "@article{a, title={Same title}, year=2020}\n@article{b, title={Same title}, year=2021}"
    apply_import(text, publish=False)
    assert sorted(Publication.objects.filter(published=False).values_list("slug", flat=True)) == [
        "same-title-2", "same-title-3",
    ]  # fmt: skip


def test_the_import_command_reports_and_refuses(tmp_path, members, capsys):
    good = tmp_path / "good.bib"
    good.write_text(REALISTIC, encoding="utf-8")
    call_command("import_bibtex", str(good), "--dry-run")
    assert "Would import: 42 new, 0 changed, 0 unchanged." in capsys.readouterr().out
    assert Publication.objects.count() == 0
    call_command("import_bibtex", str(good))
    assert "Imported: 42 new, 0 updated, 0 unchanged." in capsys.readouterr().out
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{x, year=2020}", encoding="utf-8")
    with pytest.raises(CommandError, match="has no title"):
        call_command("import_bibtex", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_bibtex", str(tmp_path / "missing.bib"))


def test_existing_authorship_links_are_kept_when_names_are_unchanged(members):
    paper = PublicationFactory(bibtex_key="k", title="T", year=2020)
    AuthorshipFactory(publication=paper, name="X. Y", family_name="Y", given_names="X",
                      member=members["kai"], position=0)  # fmt: skip
    assert plan_import("@article{k, title={T}, year=2020, author={Y, X.}}").counts == {
        "new": 0, "changed": 0, "unchanged": 1,
    }  # fmt: skip


def test_values_too_long_for_the_database_are_refused_not_cut(db):
    title, family = "T" * 501, "F" * 121
    text = "@article{a, title={" + title + "}, year=2020, author={" + family + ", Ann}}"
    assert plan_import(text).errors == [
        "Line 1, entry “a”: the title is longer than 500 characters.",
        "Line 1, entry “a”: the family name is longer than 120 characters.",
    ]


def test_links_that_are_not_web_addresses_are_left_out_with_a_note(db):
    plan = plan_import("@article{a, title={A}, year=2020, pdf={a.pdf}, code={https://c.example}}")
    assert plan.errors == []
    assert plan.skipped == [
        "Line 1, entry “a”: “a.pdf” is not a web address (http:// or https://), so it was "
        "left out; upload files in the admin."
    ]
    (planned,) = plan.entries
    assert "pdf_url" not in planned.new_values
    assert planned.new_values["code_url"] == "https://c.example"


def test_the_history_entry_of_an_imported_paper_holds_its_authors(members):
    apply_import(REALISTIC)
    paper = Publication.objects.get(bibtex_key="hoffmann2021stable")
    (version,) = Version.objects.get_for_object(paper)
    saved = version.revision.version_set.filter(content_type__model="authorship")
    authors = [v.field_dict["name"] for v in saved if v.field_dict["publication_id"] == paper.pk]
    assert sorted(authors) == ["D. S. Greenberg", "Lena Hoffmann"]
    paper.authorships.all().delete()
    version.revision.revert()
    assert sorted(paper.authorships.values_list("name", flat=True)) == [
        "D. S. Greenberg", "Lena Hoffmann",
    ]  # fmt: skip


def test_titles_and_keys_without_latin_letters_get_a_numbered_slug(client, db):
    PublicationFactory(slug="publication-1")
    text = ("@article{日本, title={日本語の論文}, year=2020}\n"
            "@article{中文, title={中文论文}, year=2021}\n"
            "@article{ok, title={Über Wolken}, year=2022}\n")  # fmt: skip
    apply_import(text)
    slugs = dict(Publication.objects.values_list("title", "slug"))
    assert [slugs["日本語の論文"], slugs["中文论文"], slugs["Über Wolken"]] == [
        "publication-2", "publication-3", "uber-wolken",
    ]  # fmt: skip
    response = client.get("/publications/")
    assert response.status_code == 200
    assert 'href="/publications/publication-2/"' in response.content.decode()


def test_the_plan_gives_its_refusal_reasons_in_german_under_german(db):
    from django.utils import translation

    text = "@article{doe2020, author={Doe, J.}, year=2020}\n@article{x, title={T}, year=20x}\n"
    with translation.override("de"):
        plan = plan_import(text)
    assert plan.errors == [
        "Zeile 1, Eintrag „doe2020“: hat keinen Titel.",
        "Zeile 2, Eintrag „x“: „20x“ ist keine Jahreszahl.",
    ]
    assert plan_import(text).errors[0] == "Line 1, entry “doe2020”: has no title."
