"""@string macros, # joins and crossref cannot make a small .bib stand for a huge one."""

import time

import pytest
from django.core.management import CommandError, call_command

from publications.bibtex import MAX_MACRO_CHARACTERS, parse_bibtex
from publications.models import Publication

REFUSAL = (
    "with its @string macros and crossref filled in, the file would hold more than "
    f"{MAX_MACRO_CHARACTERS:,} characters beyond what is written in it"
)


def concatenation_bomb(references=1000):
    """A 5 KB file whose title joins a 1,000-character macro ``references`` times."""
    joined = " # ".join(["m"] * references)
    return f'@string{{m = "{"x" * 1000}"}}\n@article{{bomb, title = {joined}, year = 2020}}\n'


def test_concatenation_bomb_is_refused_before_it_is_expanded():
    parsed = parse_bibtex(concatenation_bomb())
    assert parsed.entries == []
    assert parsed.errors == [
        f"Line 2, entry “bomb”: {REFUSAL}, so it cannot be imported. Write the repeated "
        "values out, or split the file."
    ]


def test_a_macro_for_a_long_author_list_used_by_many_entries_is_refused():
    authors = " and ".join(f"Author{number} Name" for number in range(400))
    entries = "".join(
        f"@article{{k{number}, title = {{T}}, author = team, year = 2020}}\n"
        for number in range(100)
    )
    parsed = parse_bibtex(f'@string{{team = "{authors}"}}\n{entries}')
    assert parsed.entries == []
    assert len(parsed.errors) == 1 and REFUSAL in parsed.errors[0]


def test_crossref_to_a_huge_parent_from_many_entries_is_refused():
    parent = f"@proceedings{{p, title = {{P}}, abstract = {{{'word ' * 2000}}}, year = 2020}}\n"
    children = "".join(
        f"@inproceedings{{k{number}, title = {{T{number}}}, crossref = {{p}}}}\n"
        for number in range(60)
    )
    parsed = parse_bibtex(parent + children)
    assert parsed.entries == []
    assert len(parsed.errors) == 1 and REFUSAL in parsed.errors[0]


def test_macros_within_the_budget_are_still_resolved():
    parsed = parse_bibtex(concatenation_bomb(references=400))
    assert parsed.errors == []
    assert parsed.entries[0].fields["title"] == "x" * 400_000


@pytest.mark.django_db
def test_a_bomb_within_the_upload_limit_is_refused_by_the_command_in_seconds(tmp_path):
    # 980 KB joining a 4,000-character macro: about 950 M characters once expanded.
    bomb = tmp_path / "bomb.bib"
    joined = " # ".join(["m"] * 243_000)
    bomb.write_text(
        f'@string{{m = "{"x" * 4000}"}}\n@article{{a, title = {joined}, year = 2020}}\n'
    )
    started = time.monotonic()
    with pytest.raises(CommandError, match="cannot be imported"):
        call_command("import_bibtex", str(bomb))
    assert time.monotonic() - started < 10
    assert not Publication.objects.exists()
