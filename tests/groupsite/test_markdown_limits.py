"""Text that would make the markdown renderer slow is refused with a reason."""

import pytest
from django.core.exceptions import ValidationError

from groupsite.markdown.limits import (
    MAX_BRACKETS,
    MAX_BRACKETS_PER_PARAGRAPH,
    MAX_CHARACTERS,
    MAX_EMPHASIS_PER_PARAGRAPH,
    MAX_NESTING,
    markdown_problems,
    validate_markdown_limits,
)

REALISTIC = (
    "## Ocean heat uptake\n\nWe combine *physics-based* ocean models with **machine "
    "learning**, see [our paper](https://doi.org/10.1000/xyz) and ![a map](/media/m.png).\n\n"
    "- first point\n  - a sub point\n\n> A quote\n> > inside a quote\n"
)


def test_realistic_text_passes():
    assert markdown_problems(REALISTIC) == []
    validate_markdown_limits(REALISTIC * 50)


def test_empty_text_passes():
    assert markdown_problems(None) == []
    assert markdown_problems("") == []


def test_a_run_of_brackets_is_refused_with_the_count():
    text = "[" * (MAX_BRACKETS_PER_PARAGRAPH + 1)
    assert markdown_problems(text) == [
        f"Paragraph 1 has {MAX_BRACKETS_PER_PARAGRAPH + 1} “[” brackets; at most "
        f"{MAX_BRACKETS_PER_PARAGRAPH} are allowed in one paragraph."
    ]
    assert markdown_problems("[" * MAX_BRACKETS_PER_PARAGRAPH) == []


def test_brackets_spread_over_paragraphs_are_counted_in_total():
    paragraph = "[a](b) " * MAX_BRACKETS_PER_PARAGRAPH
    within = "\n\n".join([paragraph] * (MAX_BRACKETS // MAX_BRACKETS_PER_PARAGRAPH))
    assert markdown_problems(within) == []
    problems = markdown_problems(within + "\n\n[x](y)")
    assert problems == [
        f"The text has {MAX_BRACKETS + 1:,} “[” brackets; at most {MAX_BRACKETS:,} "
        "(links and images) are allowed in one text."
    ]


def test_the_paragraph_is_named():
    text = "fine\n\nfine too\n  \n" + "*a" * (MAX_EMPHASIS_PER_PARAGRAPH + 1)
    assert markdown_problems(text) == [
        f"Paragraph 3 has {MAX_EMPHASIS_PER_PARAGRAPH + 1} “*” or “_” marks; at most "
        f"{MAX_EMPHASIS_PER_PARAGRAPH} are allowed in one paragraph."
    ]


def test_overlong_text_is_refused():
    assert markdown_problems("a" * MAX_CHARACTERS) == []
    assert markdown_problems("a" * (MAX_CHARACTERS + 1)) == [
        f"The text has {MAX_CHARACTERS + 1:,} characters; at most {MAX_CHARACTERS:,} are "
        "allowed. Split it into several pages or sections."
    ]


@pytest.mark.parametrize(
    "text",
    [">" * (MAX_NESTING + 1) + " deep", "> " * (MAX_NESTING + 1) + "deep",
     "".join("  " * level + "- x\n" for level in range(MAX_NESTING + 1))],
    ids=["quotes", "spaced-quotes", "list"],
)  # fmt: skip
def test_deep_nesting_is_refused(text):
    assert markdown_problems(text) == [
        f"Quotes or lists are nested {MAX_NESTING + 1} levels deep; at most {MAX_NESTING} "
        "are allowed."
    ]


def test_nesting_at_the_limit_passes():
    assert markdown_problems(">" * MAX_NESTING + " ok") == []
    assert markdown_problems("".join("  " * level + "- x\n" for level in range(MAX_NESTING))) == []


def test_validator_lists_every_problem():
    text = "[" * 60 + "\n\n" + ">" * 20
    with pytest.raises(ValidationError) as error:
        validate_markdown_limits(text)
    assert len(error.value.messages) == 2
