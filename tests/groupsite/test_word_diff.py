"""groupsite.content.word_diff: words marked <del>/<ins>, everything else escaped."""

import pytest

from groupsite.content.word_diff import word_diff


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        ("same words", "same words", "same words"),
        ("", "new", "<ins>new</ins>"),
        ("gone", "", "<del>gone</del>"),
        ("the cat sat", "a dog sat", "<del>the cat</del> <ins>a dog</ins> sat"),
        ("Flows", "Normalizing", "<del>Flows</del> <ins>Normalizing</ins>"),
        ("a b c", "a x c", "a <del>b</del> <ins>x</ins> c"),
        ("don't stop", "don't go", "don&#x27;t <del>stop</del> <ins>go</ins>"),
        ("one\ntwo", "one\nthree", "one<br>\n<del>two</del> <ins>three</ins>"),
        (
            "x",
            "<script>alert(1)</script>",
            "<del>x</del> <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>",
        ),
        ("<b>&", "<b>& more", "&lt;b&gt;&amp;<ins> more</ins>"),
    ],
)
def test_words_are_marked_and_text_is_escaped(old, new, marked):
    assert word_diff(old, new) == marked


def test_none_counts_as_empty():
    assert word_diff(None, "x") == "<ins>x</ins>"
