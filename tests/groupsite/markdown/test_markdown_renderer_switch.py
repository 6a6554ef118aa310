"""The switch from Python-Markdown to markdown-it-py, shown on every real text we have.

Every markdown text of the demo content and of the test fixtures is rendered by both
parsers (the old one through the same sanitiser) and compared as what a reader sees:
tags and words, with whitespace, entities and typographic quotes normalised. The few
texts that differ are listed with the reason; a new difference fails the test and prints
both versions, so a renderer change never alters published text unnoticed.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown  # still installed: django-markdownx depends on it
import nh3
import pytest
from django.apps import apps
from django.core.management import call_command
from icalendar import Calendar

from groupsite.markdown import render as markdown
from groupsite.markdown.render import MarkdownField

FIXTURES = Path(__file__).parents[2]
# Texts whose rendering changes, with why the new one is right.
KNOWN_DIFFERENCES: dict[str, str] = {}


def old_rendering(text: str) -> str:
    rendered = python_markdown.markdown(
        text, extensions=["extra", "sane_lists", "smarty"], output_format="html"
    )
    return nh3.clean(
        rendered.replace("<h1", "<h2").replace("</h1>", "</h2>"),
        tags=markdown.ALLOWED_TAGS,
        clean_content_tags=markdown.DROPPED_WITH_CONTENT,
        attributes=markdown.ALLOWED_ATTRIBUTES,
        url_schemes=markdown.ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


class ReaderView(HTMLParser):
    """A page as a reader meets it: opening tags with their links, and words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        kept = {name: value for name, value in attrs if name in {"href", "src", "alt"}}
        self.parts.append(f"<{tag} {sorted(kept.items())}>" if kept else f"<{tag}>")

    def handle_data(self, data):
        words = re.sub(r"\s+", " ", html.unescape(data)).strip()
        words = words.translate(str.maketrans("“”‘’", "\"\"''"))
        if words:
            self.parts.append(words)


def reader_view(rendered: str) -> list[str]:
    parser = ReaderView()
    parser.feed(rendered)
    return parser.parts


def demo_and_fixture_texts() -> dict[str, str]:
    texts = {}
    for model in apps.get_models():
        fields = [f.name for f in model._meta.fields if isinstance(f, MarkdownField)]
        for row in model.objects.all():
            for name in fields:
                if getattr(row, name):
                    texts[f"{model._meta.label}.{name} {row.pk}"] = getattr(row, name)
    for path in sorted(FIXTURES.rglob("*.ics")):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            if event.get("DESCRIPTION"):
                texts[f"{path.name} {event.get('UID')}"] = str(event["DESCRIPTION"])
    return texts


@pytest.mark.django_db
def test_every_demo_and_fixture_text_reads_the_same_with_both_parsers(capsys):
    call_command("load_demo_content", verbosity=0)
    texts = demo_and_fixture_texts()
    assert len(texts) > 40  # the demo content and fixtures were really read
    differences = {
        where: (reader_view(old_rendering(text)), reader_view(markdown.PARSER.render(text)))
        for where, text in texts.items()
        if reader_view(old_rendering(text))
        != reader_view(markdown.render_markdown(text).replace(' loading="lazy"', ""))
    }
    for where, (old, new) in differences.items():
        print(f"{where}\n  old: {old}\n  new: {new}")
    assert sorted(differences) == sorted(KNOWN_DIFFERENCES)
