"""The promise: any markdown text renders, or is refused with a message, never a crash.

The renderer's speed on these inputs is measured by bench/markdown.py (time per
character stays flat from 1 KB to 100 KB); here every pathological family is rendered
at the largest size a field accepts and its output is checked.
"""

import pytest
from django.core.exceptions import ValidationError

from groupsite.markdown.limits import MAX_CHARACTERS, markdown_problems, validate_markdown_limits
from groupsite.markdown.render import (
    PARSER,
    render_markdown,
    validate_image_alt_texts,
    validate_nesting,
)

MAX_NESTING = PARSER.options["maxNesting"]


def fill(unit: str, size: int = MAX_CHARACTERS) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def nested_lists(levels: int) -> str:
    return "".join("  " * level + "- x\n" for level in range(levels))


PATHOLOGICAL = {
    "brackets": fill("["),
    "angles": fill("<"),
    "open-tags": fill("<a "),
    "unclosed-links": fill("[a]("),
    "emphasis": fill("*"),
    "mixed-emphasis": fill("*a _"),
    "backticks": fill("`"),
    "quotes": fill(">"),
    "definitions": fill("a\n: b\n"),
    "5000-nested-lists": nested_lists(5000)[:MAX_CHARACTERS],
}


TOO_DEEP_TO_SHOW = {"quotes", "5000-nested-lists"}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_every_pathological_family_renders_or_is_refused_with_a_message(text, request):
    assert len(text) <= MAX_CHARACTERS
    validate_markdown_limits(text)
    validate_image_alt_texts(text)
    if request.node.callspec.id in TOO_DEEP_TO_SHOW:
        with pytest.raises(ValidationError, match="nested more deeply than a page can show"):
            validate_nesting(text)
    else:
        validate_nesting(text)
    html = render_markdown(text)
    assert html.startswith("<")
    assert html.count("<blockquote>") <= MAX_NESTING
    assert html.count("<ul>") <= MAX_NESTING


def test_nesting_the_page_can_show_is_accepted_and_keeps_every_word():
    validate_nesting(">" * 19 + " deepest words")
    assert render_markdown(">" * 19 + " deepest words").count("<blockquote>") == 19
    validate_nesting(nested_lists(9))
    assert render_markdown(nested_lists(9)).count("<li>") == 9


@pytest.mark.parametrize("text", [">" * 20 + " lost", nested_lists(10), ">" * 5000 + " lost"])
def test_nesting_that_would_lose_text_is_refused(text):
    with pytest.raises(ValidationError) as error:
        validate_nesting(text)
    assert [e.code for e in error.value.error_list] == ["too_deep"]


def test_text_saved_before_the_check_still_renders_what_the_page_can_show():
    html = render_markdown(nested_lists(100))
    assert html.count("<ul>") <= MAX_NESTING
    assert html.startswith("<ul>\n<li>x\n<ul>")


def test_realistic_text_passes():
    text = (
        "## Ocean heat uptake\n\nWe combine *physics-based* models with **machine learning**, "
        "see [our paper](https://doi.org/10.1000/xyz).\n\n- first\n  - sub point\n\n> A quote\n"
    )
    assert markdown_problems(text) == []
    assert markdown_problems(None) == []
    assert "<li>sub point</li>" in render_markdown(text)


def test_a_megabyte_of_emphasis_is_refused_with_the_count():
    text = "*" * 1_000_000
    assert markdown_problems(text) == [
        f"The text has 1,000,000 characters; at most {MAX_CHARACTERS:,} are allowed. "
        "Split it into several pages or sections."
    ]
    with pytest.raises(ValidationError) as error:
        validate_markdown_limits(text)
    assert [e.code for e in error.value.error_list] == ["too_complex"]


def test_the_limit_is_exact():
    assert markdown_problems("a" * MAX_CHARACTERS) == []
    assert len(markdown_problems("a" * (MAX_CHARACTERS + 1))) == 1


def test_the_length_refusal_reads_in_german_with_german_digit_grouping():
    from django.utils import translation

    from groupsite.markdown.picture_html import checked_preview

    text = fill("a", MAX_CHARACTERS + 1)
    with translation.override("de"):
        assert markdown_problems(text) == [
            "Der Text hat 30.001 Zeichen; erlaubt sind höchstens 30.000. "
            "Teilen Sie ihn auf mehrere Seiten oder Abschnitte auf."
        ]
        assert "<p>Dieser Text kann so nicht gespeichert werden:</p>" in checked_preview(text)
    assert markdown_problems(text)[0].startswith("The text has 30,001 characters; at most 30,000")
